import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { Environment, environmentFromNamespace, isNamespaceName, notANamespaceMessage } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, EnvironmentActivity, FIELD_MANAGER } from '@internal/plugin-idp-kubernetes-node';
import {
  GenerateSecretRequest,
  MAX_KEYS_PER_SECRET,
  RotationRecord,
  SecretConsumer,
  SecretKeysView,
  SecretView,
  WriteSecretRequest,
  consumersBySecret,
  consumersOfKeys,
  describeConsumers,
  generatedKeys,
  nextRotationAt,
  previousValueUntil,
  rotationWorkDue,
} from '@internal/plugin-idp-secrets-common';
import { ApiException, AppsV1Api, BatchV1Api, CoreV1Api, PatchStrategy, PolicyV1Api, setHeaderOptions } from '@kubernetes/client-node';
import { SecretMetadataStore, SecretRecord } from '../database/SecretMetadataStore';
import { storeError } from '../stores/KubernetesSecretStore';
import { SecretValueStore } from '../stores/types';
import { generateValues } from './generators';
import { DisruptionBudget, RestartTarget, SECRET_VERSIONS_ANNOTATION, restartPatch } from './restarts';

/** Who changes a secret: a person (user entity ref) or the rotation schedule. */
export type SecretActor = string;
export const SCHEDULE_ACTOR = 'schedule';

/** What a write did, for its audit event: names and versions only. */
export interface SecretWriteOutcome {
  secret: SecretView;
  keysSet: string[];
  keysRemoved: string[];
}

const WORKLOAD_LISTS = 4;

/**
 * Team secrets: metadata in the database, values in the configured store, consumers read from
 * the environment's workloads. Every change reserves the next version in the database first and
 * gives it back if the store refuses, so a failed write leaves the secret as it was.
 */
export class SecretService {
  /** A person's secret write is activity: the janitor does not take the environment for an idle one. */
  private readonly activity: EnvironmentActivity;

  constructor(
    private readonly deps: {
      metadata: SecretMetadataStore;
      values: SecretValueStore;
      cluster: ClusterAccess;
      logger: LoggerService;
      now?: () => Date;
      /** How long a rotation waits for an operator to sync the new value before restarting consumers; default 60 s. */
      syncTimeoutMs?: number;
    },
  ) {
    this.activity = new EnvironmentActivity(deps.cluster, deps.logger, { now: deps.now });
  }

  private now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }

  /** The environment behind a namespace, read as the platform identity; NotFoundError when it is none of Slipway's. */
  async environment(namespace: string): Promise<Environment> {
    if (!isNamespaceName(namespace)) throw new NotFoundError(notANamespaceMessage(namespace));
    const ns = await this.deps.cluster
      .asService(CoreV1Api)
      .readNamespace({ name: namespace })
      .catch(error => {
        if (error instanceof ApiException && error.code === 404) return undefined;
        throw new ServiceUnavailableError(`Reading environment ${namespace}: the Kubernetes cluster did not answer; try again in a moment`);
      });
    const environment = ns && environmentFromNamespace(ns);
    if (!environment) throw new NotFoundError(`No environment ${namespace}`);
    return environment;
  }

  async list(environment: Environment): Promise<{ secrets: SecretView[]; missing: Array<{ name: string; keys: string[] | 'all'; consumers: SecretConsumer[] }> }> {
    const [records, consumers] = await Promise.all([this.deps.metadata.list(environment.namespace), this.consumers(environment.namespace)]);
    const secrets = await Promise.all(records.map(record => this.view(record, consumers.get(record.name) ?? [])));
    const known = new Set(records.map(r => r.name));
    const missing = [...consumers]
      .filter(([name]) => !known.has(name))
      .map(([name, list]) => ({ name, consumers: list, keys: list.some(c => c.keys === 'all') ? ('all' as const) : [...new Set(list.flatMap(c => c.keys as string[]))].sort() }));
    return { secrets, missing };
  }

  async keys(namespace: string): Promise<SecretKeysView> {
    const records = await this.deps.metadata.list(namespace);
    return { namespace, secrets: records.map(r => ({ name: r.name, keys: r.keys.map(k => k.name) })) };
  }

  async get(environment: Environment, name: string): Promise<SecretView> {
    const record = await this.record(environment.namespace, name);
    const consumers = await this.consumers(environment.namespace);
    return this.view(record, consumers.get(name) ?? []);
  }

  async rotations(environment: Environment, name: string): Promise<RotationRecord[]> {
    await this.record(environment.namespace, name);
    return this.deps.metadata.rotations(environment.namespace, name);
  }

  /** Creates the secret or sets and removes keys. Removing keys workloads read needs `confirm`. */
  async write(actor: SecretActor, environment: Environment, name: string, request: WriteSecretRequest): Promise<SecretWriteOutcome> {
    const set = request.set ?? {};
    const remove = request.remove ?? [];
    const previous = await this.deps.metadata.get(environment.namespace, name);
    if (!previous && remove.length) throw new NotFoundError(`No secret ${name} in ${environment.namespace}; there are no keys to remove`);
    if (previous && remove.length) {
      const absent = remove.filter(key => !previous.keys.some(k => k.name === key));
      if (absent.length) throw new InputError(`remove: secret ${name} has no key ${absent.join(', ')}`);
      if (!request.confirm) await this.refuseWhileReferenced(environment.namespace, name, remove);
    }
    if (previous?.generator && Object.keys(set).some(key => generatedKeys(previous.generator!.spec, previous.generator!.key).includes(key))) {
      throw new InputError(`set: ${name} is generated; rotate it instead of setting its generated keys`);
    }
    if (previous?.generator?.byOperator) {
      throw new ConflictError(`${name} is generated by the External Secrets Operator and holds only its generated key; put other keys in another secret`);
    }
    const now = this.now().toISOString();
    const version = (previous?.version ?? 0) + 1;
    const keys = new Map((previous?.keys ?? []).map(k => [k.name, k]));
    remove.forEach(key => keys.delete(key));
    for (const key of Object.keys(set)) keys.set(key, { name: key, version, updatedAt: now, updatedBy: actor });
    if (keys.size > MAX_KEYS_PER_SECRET) throw new InputError(`set: a secret holds at most ${MAX_KEYS_PER_SECRET} keys; ${name} would have ${keys.size}`);
    const record: SecretRecord = {
      ...(previous ?? { namespace: environment.namespace, name, team: environment.team, createdBy: actor, createdAt: now }),
      version,
      keys: [...keys.values()].sort((a, b) => a.name.localeCompare(b.name)),
      updatedBy: actor,
      updatedAt: now,
    };
    await this.change(previous, record, () => this.deps.values.write({ namespace: environment.namespace, name }, { set, remove }, { version, updatedBy: actor }));
    await this.activity.record(environment.namespace);
    return { secret: await this.get(environment, name), keysSet: Object.keys(set).sort(), keysRemoved: [...remove].sort() };
  }

  /** Deletes a secret; while workloads read it, only with `confirm`. */
  async delete(environment: Environment, name: string, confirm: boolean): Promise<{ consumers: SecretConsumer[] }> {
    const record = await this.record(environment.namespace, name);
    const consumers = (await this.consumers(environment.namespace)).get(name) ?? [];
    if (consumers.length && !confirm) {
      throw new ConflictError(`${name} is used by ${describeConsumers(consumers)}; they fail to start without it. Confirm to delete it anyway`);
    }
    await this.deps.values.remove({ namespace: environment.namespace, name });
    if (!(await this.deps.metadata.delete(environment.namespace, name, record.version))) {
      throw new ConflictError(`${name} changed while it was being deleted; reload the page and try again`);
    }
    await this.activity.record(environment.namespace);
    return { consumers };
  }

  /** Makes a generated secret (or changes how one is generated) and writes its first values now. */
  async generate(actor: SecretActor, environment: Environment, name: string, request: GenerateSecretRequest): Promise<SecretWriteOutcome> {
    const previous = await this.deps.metadata.get(environment.namespace, name);
    const keysOfGenerator = generatedKeys(request.generator, request.key);
    if (previous && !previous.generator && previous.keys.some(k => keysOfGenerator.includes(k.name))) {
      throw new ConflictError(`${name} already has ${keysOfGenerator.filter(k => previous.keys.some(p => p.name === k)).join(', ')} set by hand; generate into a new secret`);
    }
    const generator = { spec: request.generator, key: request.key };
    return this.rotateWith(actor, environment.namespace, previous, { create: { team: environment.team, name }, generator, rotation: request.rotation ?? previous?.rotation });
  }

  /** Rotates a generated secret now. */
  async rotate(actor: SecretActor, environment: Environment, name: string): Promise<SecretWriteOutcome> {
    const record = await this.record(environment.namespace, name);
    if (!record.generator) throw new ConflictError(`${name} is not generated, so Slipway cannot make its next value; set new values instead`);
    return this.rotateWith(actor, environment.namespace, record, {});
  }

  /**
   * The schedule's work: every due rotation and every ended grace window. Workloads that read
   * several rotated secrets restart once, after all of them rotated. One failing secret is
   * recorded and does not stop the others.
   */
  async runSchedule(limit = 100): Promise<{ rotated: string[]; graceEnded: string[]; failed: string[]; restarted: string[] }> {
    const now = this.now();
    const due = await this.deps.metadata.dueForRotation(now, limit);
    const result = { rotated: [] as string[], graceEnded: [] as string[], failed: [] as string[], restarted: [] as string[] };
    const restarts = new Map<string, Map<string, number>>(); // namespace → secret → version
    for (const record of due) {
      const id = `${record.namespace}/${record.name}`;
      try {
        if (rotationWorkDue({ nextRotationAt: record.nextRotationAt ?? '9999-12-31T00:00:00Z', previousUntil: record.previousUntil }, now) === 'end-grace') {
          await this.endGrace(record);
          result.graceEnded.push(id);
        } else if (record.generator) {
          const outcome = await this.rotateWith(SCHEDULE_ACTOR, record.namespace, record, { deferRestart: true });
          const versions = restarts.get(record.namespace) ?? new Map<string, number>();
          versions.set(record.name, outcome.secret.version);
          restarts.set(record.namespace, versions);
          result.rotated.push(id);
        }
      } catch (error) {
        result.failed.push(id);
        this.deps.logger.warn(`Scheduled rotation of secret ${id} failed: ${error}`);
        await this.deps.metadata.addRotation(record.namespace, record.name, { at: now.toISOString(), by: SCHEDULE_ACTOR, outcome: 'failed', message: String((error as Error).message ?? error), restarted: [] });
      }
    }
    for (const [namespace, versions] of restarts) {
      const restarted = await this.restartConsumers(namespace, Object.fromEntries(versions)).catch(error => {
        this.deps.logger.warn(`Restarting the consumers of rotated secrets in ${namespace} failed: ${error}`);
        return [] as Array<{ workload: string; secrets: string[] }>;
      });
      result.restarted.push(...restarted.map(r => `${namespace}/${r.workload}`));
      for (const [name, version] of versions) {
        const readers = restarted.filter(r => r.secrets.includes(name)).map(r => r.workload);
        await this.deps.metadata.addRotation(namespace, name, { at: now.toISOString(), by: SCHEDULE_ACTOR, outcome: 'rotated', version, restarted: readers });
      }
    }
    return result;
  }

  private async rotateWith(
    actor: SecretActor,
    namespace: string,
    previous: SecretRecord | undefined,
    options: { create?: { team: string; name: string }; generator?: SecretRecord['generator']; rotation?: SecretRecord['rotation']; deferRestart?: boolean },
  ): Promise<SecretWriteOutcome> {
    const name = previous?.name ?? options.create!.name;
    const generator = options.generator ?? previous!.generator!;
    const rotation = options.rotation ?? previous?.rotation;
    const now = this.now();
    const version = (previous?.version ?? 0) + 1;
    const keyNames = generatedKeys(generator.spec, generator.key);
    const existing = new Set(previous?.keys.map(k => k.name) ?? []);
    // A rotation keeps each current value as <key>.previous; a first generation has nothing to keep.
    const keepPrevious = keyNames.every(k => existing.has(k)) && (rotation?.graceHours ?? 0) > 0;
    // Without a grace window, an operator with generators (External Secrets) makes the values itself.
    const byOperator = !keepPrevious && !!this.deps.values.generate && !!this.deps.values.operatorGenerates?.(generator.spec);
    if (byOperator && previous && previous.keys.some(k => !keyNames.includes(k.name))) {
      throw new ConflictError(`${name} has keys set by hand besides the generated ones; the External Secrets Operator's generator would replace them. Generate into a new secret`);
    }
    const keys = new Map((previous?.keys ?? []).map(k => [k.name, k]));
    for (const key of keyNames) keys.set(key, { name: key, version, updatedAt: now.toISOString(), updatedBy: actor });
    const record: SecretRecord = {
      ...(previous ?? { namespace, name, team: options.create!.team, createdBy: actor, createdAt: now.toISOString() }),
      version,
      keys: [...keys.values()].sort((a, b) => a.name.localeCompare(b.name)),
      updatedBy: actor,
      updatedAt: now.toISOString(),
      generator: { ...generator, byOperator: byOperator || undefined },
      rotation,
      lastRotatedAt: now.toISOString(),
      nextRotationAt: rotation ? nextRotationAt(now, rotation).toISOString() : undefined,
      previousUntil: keepPrevious && rotation ? previousValueUntil(now, rotation)?.toISOString() : undefined,
    };
    const target = { namespace, name };
    const context = { version, updatedBy: actor };
    await this.change(previous, record, async () => {
      if (byOperator) {
        await this.deps.values.generate!(target, generator.spec, keyNames[0], context);
        return;
      }
      const values = generateValues(generator.spec, generator.key);
      await (keepPrevious ? this.deps.values.rotate(target, values, context) : this.deps.values.write(target, { set: values, remove: [] }, context));
    });
    if (previous && !options.deferRestart) {
      const restarted = await this.restartConsumers(namespace, { [name]: version }).catch(error => {
        this.deps.logger.warn(`Restarting the consumers of ${namespace}/${name} failed: ${error}`);
        return [] as Array<{ workload: string; secrets: string[] }>;
      });
      await this.deps.metadata.addRotation(namespace, name, { at: now.toISOString(), by: actor, outcome: 'rotated', version, restarted: restarted.map(r => r.workload) });
    }
    if (actor !== SCHEDULE_ACTOR) await this.activity.record(namespace);
    const environment = { namespace, team: record.team } as Environment;
    return { secret: await this.get(environment, name), keysSet: keyNames, keysRemoved: [] };
  }

  private async endGrace(record: SecretRecord): Promise<void> {
    const version = record.version + 1;
    const keys = generatedKeys(record.generator?.spec ?? { kind: 'password' }, record.generator?.key);
    const next: SecretRecord = { ...record, version, previousUntil: undefined };
    await this.change(record, next, () => this.deps.values.dropPrevious({ namespace: record.namespace, name: record.name }, keys, { version, updatedBy: SCHEDULE_ACTOR }));
    await this.deps.metadata.addRotation(record.namespace, record.name, { at: this.now().toISOString(), by: SCHEDULE_ACTOR, outcome: 'grace-ended', version, restarted: [] });
  }

  /** Reserve the version, write the values, and give the version back if the store refused. */
  private async change(previous: SecretRecord | undefined, record: SecretRecord, write: () => Promise<void>): Promise<void> {
    const reserved = previous ? await this.deps.metadata.update(record, previous.version) : await this.deps.metadata.insert(record);
    if (!reserved) throw new ConflictError(`${record.name} was changed by someone else meanwhile; reload it and try again`);
    try {
      await write();
    } catch (error) {
      await this.deps.metadata.restore(previous, record).catch(e => this.deps.logger.error(`Could not give back version ${record.version} of ${record.namespace}/${record.name}: ${e}`));
      throw storeError(error, `Writing secret ${record.name} in ${record.namespace}`);
    }
  }

  private async waitUntilSynced(target: { namespace: string; name: string }): Promise<void> {
    const deadline = Date.now() + (this.deps.syncTimeoutMs ?? 60_000);
    for (;;) {
      const status = await this.deps.values.syncStatus(target);
      if (status.state === 'synced') return;
      if (status.state === 'failed' || Date.now() > deadline) {
        throw new ServiceUnavailableError(`The new value of ${target.name} did not reach ${target.namespace} (${status.message ?? status.state}); its consumers were not restarted`);
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  private async refuseWhileReferenced(namespace: string, name: string, keys: string[]) {
    const users = consumersOfKeys((await this.consumers(namespace)).get(name) ?? [], keys);
    if (users.length) {
      throw new ConflictError(`${keys.join(', ')} of ${name} ${keys.length === 1 ? 'is' : 'are'} used by ${describeConsumers(users)}; confirm to remove anyway`);
    }
  }

  private async record(namespace: string, name: string): Promise<SecretRecord> {
    const record = await this.deps.metadata.get(namespace, name);
    if (!record) throw new NotFoundError(`No secret ${name} in ${namespace}`);
    return record;
  }

  private async view(record: SecretRecord, consumers: SecretConsumer[]): Promise<SecretView> {
    const sync = await this.deps.values.syncStatus({ namespace: record.namespace, name: record.name }).catch(error => ({ state: 'unknown' as const, message: String(error.message ?? error) }));
    return {
      namespace: record.namespace,
      name: record.name,
      keys: record.keys,
      version: record.version,
      createdAt: record.createdAt,
      createdBy: record.createdBy,
      updatedAt: record.updatedAt,
      updatedBy: record.updatedBy,
      generator: record.generator?.spec,
      rotation: record.rotation
        ? { policy: record.rotation, lastRotatedAt: record.lastRotatedAt, nextRotationAt: record.nextRotationAt!, previousUntil: record.previousUntil }
        : undefined,
      consumers,
      sync,
    };
  }

  /** The environment's workloads, read as the platform identity, as consumers per secret name. */
  private async consumers(namespace: string): Promise<Map<string, SecretConsumer[]>> {
    const apps = this.deps.cluster.asService(AppsV1Api);
    const batch = this.deps.cluster.asService(BatchV1Api);
    const lists = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
      batch.listNamespacedCronJob({ namespace }),
      batch.listNamespacedJob({ namespace }),
    ]).catch(() => {
      throw new ServiceUnavailableError(`Reading the workloads of ${namespace} (${WORKLOAD_LISTS} lists): the Kubernetes cluster did not answer; try again in a moment`);
    });
    const kinds = ['Deployment', 'StatefulSet', 'CronJob', 'Job'];
    return consumersBySecret(lists.flatMap((list, i) => list.items.map(item => ({ ...item, kind: kinds[i] }) as any)));
  }

  /**
   * One rolling restart of each Deployment and StatefulSet that reads any of `versions`' secrets,
   * once the namespace's Secrets hold the new values (an operator syncs them a moment later):
   * restarting earlier would start the pods on the old values.
   */
  private async restartConsumers(namespace: string, versions: Record<string, number>): Promise<Array<{ workload: string; secrets: string[] }>> {
    await Promise.all(Object.keys(versions).map(name => this.waitUntilSynced({ namespace, name })));
    const apps = this.deps.cluster.asService(AppsV1Api);
    const [deployments, statefulSets, budgets] = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
      this.deps.cluster.asService(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace }),
    ]);
    const pdbs: DisruptionBudget[] = budgets.items.map(b => ({ selector: b.spec?.selector as DisruptionBudget['selector'], maxUnavailable: b.spec?.maxUnavailable as number | string | undefined }));
    const targets: RestartTarget[] = [];
    for (const [kind, items] of [['Deployment', deployments.items], ['StatefulSet', statefulSets.items]] as const) {
      const byName = consumersBySecret(items.map(item => ({ ...item, kind }) as any));
      for (const item of items) {
        const reads = Object.keys(versions).filter(secret => (byName.get(secret) ?? []).some(c => c.name === item.metadata?.name));
        if (!reads.length) continue;
        targets.push({
          kind,
          name: item.metadata!.name!,
          podLabels: item.spec?.template?.metadata?.labels ?? {},
          versions: Object.fromEntries(reads.map(secret => [secret, versions[secret]])),
          currentVersions: item.spec?.template?.metadata?.annotations?.[SECRET_VERSIONS_ANNOTATION],
        });
      }
    }
    const now = this.now();
    const restarted: Array<{ workload: string; secrets: string[] }> = [];
    for (const target of targets) {
      const body = restartPatch(target, pdbs, now);
      const options = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
      const call =
        target.kind === 'Deployment'
          ? apps.patchNamespacedDeployment({ name: target.name, namespace, body, fieldManager: FIELD_MANAGER }, options)
          : apps.patchNamespacedStatefulSet({ name: target.name, namespace, body, fieldManager: FIELD_MANAGER }, options);
      await call.then(() => restarted.push({ workload: `${target.kind}/${target.name}`, secrets: Object.keys(target.versions) })).catch(error => this.deps.logger.warn(`Restarting ${target.kind}/${target.name} in ${namespace} failed: ${storeError(error, 'restart').message}`));
    }
    return restarted;
  }
}
