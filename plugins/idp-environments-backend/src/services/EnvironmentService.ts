import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  Caller,
  CreateEnvironmentRequest,
  Decision,
  Environment,
  EnvironmentDetail,
  EnvironmentQuota,
  EnvironmentTypeDescription,
  ENVIRONMENT_ANNOTATIONS,
  KubernetesManifest,
  PROVISIONING_STALE_AFTER_MINUTES,
  decideExistingNamespace,
  provisioningMarkerValue,
  provisioningRequest,
  ENVIRONMENT_LABELS,
  MANAGED_BY,
  QuotaChangeRequest,
  QuotaUsage,
  canActOnTeam,
  computeExpiresAt,
  currentQuota,
  decideCreate,
  decideDelete,
  decideExtend,
  decideQuotaChange,
  environmentFromNamespace,
  environmentNamespace,
  isNamespaceName,
  notANamespaceMessage,
  renderEnvironment,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, PatchStrategy, V1Namespace, V1ResourceQuota } from '@kubernetes/client-node';
import { toServiceError } from './clusterErrors';


/** What one step of an environment's creation did, for progress and error reports. */
export interface AppliedObject {
  kind: string;
  name: string;
}

/** Told of each object once it is applied; awaited, so a caller can pace (or interrupt) a create. */
export type OnApplied = (object: AppliedObject) => unknown;

export function refuse(decision: Decision): never {
  if (decision.allowed) throw new Error('refuse() called with an allowing decision');
  if (decision.field) throw new InputError(`${decision.field}: ${decision.reason}`);
  throw new NotAllowedError(decision.reason);
}

/**
 * The environment lifecycle. Namespace-level objects (namespace, quota, limits, network
 * policies, role bindings) are the platform's: the service identity applies them after the
 * rules allowed it. What is inside an environment is read as the user, so Kubernetes RBAC
 * agrees before anything is shown.
 */
export class EnvironmentService {
  static create(options: { cluster: ClusterAccess; types: EnvironmentTypeDescription[]; logger: LoggerService; now?: () => Date }) {
    return new EnvironmentService(options.cluster, options.types, options.logger, options.now ?? (() => new Date()));
  }

  private constructor(
    private readonly cluster: ClusterAccess,
    private readonly types: EnvironmentTypeDescription[],
    private readonly logger: LoggerService,
    private readonly now: () => Date,
  ) {}

  /** The configured settings of a type; 400 naming the known types otherwise. */
  settingsOf(type: string) {
    const settings = this.types.find(t => t.type === type);
    if (!settings) throw new InputError(`type: unknown environment type "${type}"; use one of ${this.types.map(t => t.type).join(', ')}`);
    return settings;
  }

  /** Throws the Backstage error for a cluster failure while `doing` something. */
  fail(error: unknown, doing: string): never {
    if (!(error instanceof ApiException)) this.logger.warn(`${doing}: the cluster at ${this.cluster.server} did not answer`, { error: String(error) });
    throw toServiceError(error, doing);
  }

  /** One environment by namespace; 404 when absent or not Slipway's. */
  async readEnvironment(namespace: string): Promise<Environment> {
    if (!isNamespaceName(namespace)) throw new NotFoundError(notANamespaceMessage(namespace));
    const core = this.cluster.asService(CoreV1Api);
    const ns = await core.readNamespace({ name: namespace }).catch(e => {
      if (e instanceof ApiException && e.code === 404) throw new NotFoundError(`No environment ${namespace}`);
      return this.fail(e, `Reading environment ${namespace}`);
    });
    const environment = environmentFromNamespace(ns);
    if (!environment) throw new NotFoundError(`No environment ${namespace}: the namespace is not managed by Slipway`);
    return environment;
  }

  /** One environment by namespace, or undefined; for permission checks. */
  async find(namespace: string): Promise<Environment | undefined> {
    return this.readEnvironment(namespace).catch(e => {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    });
  }

  /**
   * The environments of the caller's teams (all of them for platform admins), newest first,
   * each with its quota usage. Two LIST calls in all, whatever the number of environments.
   */
  async list(caller: Caller): Promise<EnvironmentDetail[]> {
    const core = this.cluster.asService(CoreV1Api);
    const selector = `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`;
    const [namespaces, quotas] = await Promise.all([
      core.listNamespace({ labelSelector: selector }),
      core.listResourceQuotaForAllNamespaces({ labelSelector: selector }),
    ]).catch(e => this.fail(e, 'Listing environments'));
    const quotaByNamespace = new Map<string, QuotaUsage[]>();
    for (const quota of quotas.items) {
      const namespace = quota.metadata?.namespace ?? '';
      quotaByNamespace.set(namespace, [...(quotaByNamespace.get(namespace) ?? []), ...quotaUsage(quota)]);
    }
    return namespaces.items
      .map(environmentFromNamespace)
      .filter((e): e is Environment => !!e && canActOnTeam(caller, e.team))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(e => ({ ...e, quota: quotaByNamespace.get(e.namespace) ?? [] }));
  }

  /** One environment with its quota usage; the quota is read as the caller (RBAC decides). */
  async get(caller: Caller, namespace: string): Promise<EnvironmentDetail> {
    const environment = await this.readEnvironment(namespace);
    // Same answer as for a namespace that does not exist: other teams learn nothing.
    if (!canActOnTeam(caller, environment.team)) throw new NotFoundError(`No environment ${namespace}`);
    const core = this.cluster.asUser(CoreV1Api, { user: caller.user, groups: caller.groups });
    const quotas = await core
      .listNamespacedResourceQuota({ namespace })
      .catch(e => this.fail(e, `Reading the quota of ${namespace} as ${caller.user}`));
    return { ...environment, quota: quotas.items.flatMap(quotaUsage) };
  }

  /**
   * Creates the namespace and everything in it, or nothing (see `provision`). A retry of the
   * same request after an interruption finishes it.
   */
  async create(caller: Caller, request: CreateEnvironmentRequest, onApplied?: OnApplied): Promise<Environment> {
    const settings = this.settingsOf(request.type);
    const decision = decideCreate(caller, request, settings);
    if (!decision.allowed) refuse(decision);
    return this.provision(caller.userEntityRef, request, {}, onApplied);
  }

  /**
   * Applies an environment's namespace and objects as the service identity. Callers decide
   * first whether it is allowed.
   *
   * A new environment's Namespace is created (a real create: of two requests for one name
   * exactly one wins) with a provisioning marker naming the request; then the quota, limits and
   * network policies go in parallel, then the RoleBindings (nobody but the platform can act in
   * the namespace before them), then `finish` (a clone's copies), and only then the marker is
   * removed. An interrupted create leaves a marked namespace: the same request again resumes
   * it, another request gets a conflict, and an abandoned one is removed after
   * PROVISIONING_STALE_AFTER_MINUTES (by the next create of that name or the janitor). A
   * failure removes the namespace this request created, and says so if that fails too.
   *
   * With `update`, an existing ready environment is re-applied (its creation time kept, its
   * expiry renewed), which is how preview environments follow their pull request.
   */
  async provision(
    owner: string,
    request: CreateEnvironmentRequest,
    extras: {
      clonedFrom?: string;
      preview?: { repository: string; pullRequest: number };
      update?: boolean;
      quotaOverride?: EnvironmentQuota;
      /** Runs after the guard objects and before the environment is marked ready; its failure undoes the create. */
      finish?: (namespace: string) => Promise<void>;
    },
    onApplied?: OnApplied,
  ): Promise<Environment> {
    const namespace = environmentNamespace(request.team, request.name);
    const core = this.cluster.asService(CoreV1Api);
    if (extras.update) {
      const existing = await core.readNamespace({ name: namespace }).catch(e => {
        if (e instanceof ApiException && e.code === 404) return undefined;
        return this.fail(e, `Checking whether ${namespace} exists`);
      });
      const previous = existing ? environmentFromNamespace(existing) : undefined;
      if (existing && !previous) throw new ConflictError(`Namespace ${namespace} exists and is not managed by Slipway; choose another name`);
      if (previous?.phase === 'Active') return this.reapply(owner, request, extras, previous, onApplied);
    }

    const settings = this.settingsOf(request.type);
    const now = this.now();
    const [namespaceObject, ...guards] = renderEnvironment({
      environment: {
        team: request.team,
        name: request.name,
        type: request.type,
        owner,
        createdAt: now.toISOString(),
        expiresAt: computeExpiresAt(now, settings, request.ttlDays),
        lastActivityAt: now.toISOString(),
        protected: request.protected ?? false,
        clonedFrom: extras.clonedFrom,
        preview: extras.preview,
        quotaOverride: extras.quotaOverride,
      },
      settings,
    });
    const mine = {
      by: owner,
      request: provisioningRequest({ ...request, clonedFrom: extras.clonedFrom, preview: extras.preview }),
    };
    const created = await this.createOrResumeNamespace(namespaceObject, mine, now);
    // The same request finished a moment ago (its answer was lost): the environment as it is.
    if ('done' in created) return created.done;
    const { uid, marker } = created;
    await onApplied?.({ kind: 'Namespace', name: namespace });

    let ready: Environment | undefined;
    try {
      await this.applyGuards(guards, onApplied);
      await extras.finish?.(namespace);
      ready = await this.markReady(namespace, uid, marker);
    } catch (error) {
      await this.undoCreate(namespace, uid, error);
    }
    this.logger.info(`Environment ${namespace} created for ${owner}`, { namespace, type: request.type });
    return ready!;
  }

  /**
   * Creates the marked Namespace and answers its uid; when it exists, resumes the same request's
   * (its uid), removes another request's abandoned one, or refuses with a conflict.
   */
  private async createOrResumeNamespace(
    namespaceObject: KubernetesManifest,
    mine: { by: string; request: string },
    now: Date,
  ): Promise<{ uid: string; marker: string } | { done: Environment }> {
    const name = namespaceObject.metadata.name;
    const core = this.cluster.asService(CoreV1Api);
    const marker = provisioningMarkerValue({ ...mine, at: now.toISOString() });
    const body = {
      ...namespaceObject,
      metadata: { ...namespaceObject.metadata, annotations: { ...namespaceObject.metadata.annotations, [ENVIRONMENT_ANNOTATIONS.provisioning]: marker } },
    } as V1Namespace;
    try {
      const created = await core.createNamespace({ body, fieldManager: FIELD_MANAGER });
      return { uid: created.metadata!.uid!, marker };
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 409)) return this.fail(error, `Creating environment ${name} (nothing was created)`);
    }
    const existing = await core.readNamespace({ name }).catch(e => {
      if (e instanceof ApiException && e.code === 404) {
        throw new ConflictError(`Environment ${name} was being created by another request that just gave up; try again`);
      }
      return this.fail(e, `Reading the existing namespace ${name}`);
    });
    const decision = decideExistingNamespace(existing, mine, now);
    if (decision.action === 'resume') {
      this.logger.info(`Environment ${name}: resuming the interrupted create of the same request`, { namespace: name });
      return { uid: existing.metadata!.uid!, marker: existing.metadata!.annotations![ENVIRONMENT_ANNOTATIONS.provisioning] };
    }
    if (decision.action === 'done') return { done: environmentFromNamespace(existing)! };
    if (decision.action === 'remove-stale') {
      this.logger.warn(`Environment ${name}: removing a namespace abandoned while provisioning`, { namespace: name, marker: existing.metadata?.annotations?.[ENVIRONMENT_ANNOTATIONS.provisioning] });
      await this.deleteNamespaceOf(name, existing.metadata!.uid!).catch(e => this.fail(e, `Removing the abandoned namespace ${name}`));
    }
    throw new ConflictError(decision.reason);
  }

  /**
   * The guard objects: quota, limits and network policies together, then the RoleBindings, so
   * nobody can act in the namespace before its limits and policies are in place.
   */
  private async applyGuards(objects: KubernetesManifest[], onApplied?: OnApplied): Promise<void> {
    const client = this.cluster.objectsAsService();
    const apply = async (object: KubernetesManifest) => {
      await client.patch(object as any, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      await onApplied?.({ kind: object.kind, name: object.metadata.name });
    };
    await Promise.all(objects.filter(o => o.kind !== 'RoleBinding').map(apply));
    await Promise.all(objects.filter(o => o.kind === 'RoleBinding').map(apply));
  }

  /**
   * Removes the provisioning marker of the namespace with this uid (the uid is a precondition),
   * keeping its value as the request that created it.
   */
  private async markReady(namespace: string, uid: string, marker: string): Promise<Environment> {
    const annotations = { [ENVIRONMENT_ANNOTATIONS.provisioning]: null as unknown as string, [ENVIRONMENT_ANNOTATIONS.createdByRequest]: marker };
    const patched = await this.cluster
      .objectsAsService()
      .patch({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, uid, annotations } }, undefined, undefined, FIELD_MANAGER, undefined, PatchStrategy.MergePatch);
    const environment = environmentFromNamespace(patched as V1Namespace);
    if (!environment) throw new Error(`Namespace ${namespace} lost its Slipway labels while being created`);
    return environment;
  }

  /** A create failed after its namespace existed: remove that namespace, or say it stays and how it goes away. */
  private async undoCreate(namespace: string, uid: string, error: unknown): Promise<never> {
    this.logger.warn(`Creating ${namespace} failed; removing what was created`, { error: String(error) });
    const removal = await this.deleteNamespaceOf(namespace, uid).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (removal === undefined) return this.fail(error, `Creating environment ${namespace} (nothing was kept)`);
    this.logger.warn(`Creating ${namespace} failed and its namespace could not be removed`, { error: String(removal) });
    return this.fail(
      error,
      `Creating environment ${namespace} (its half-made namespace could not be removed either, so it stays marked as provisioning: retry the same request to finish it, or delete ${namespace}; if nobody does, it is removed automatically after ${PROVISIONING_STALE_AFTER_MINUTES} minutes)`,
    );
  }

  /** Deletes the namespace only if it is still the one with this uid; already gone counts as done. */
  private async deleteNamespaceOf(name: string, uid: string): Promise<void> {
    await this.cluster
      .asService(CoreV1Api)
      .deleteNamespace({ name, body: { preconditions: { uid } } })
      .catch(e => {
        // 404: gone already; 409: the name now belongs to another namespace, which is not ours to delete.
        if (e instanceof ApiException && (e.code === 404 || e.code === 409)) return undefined;
        throw e;
      });
  }

  /** An existing ready environment applied again (previews): its owner, creation time and a lead's quota kept. */
  private async reapply(
    owner: string,
    request: CreateEnvironmentRequest,
    extras: { clonedFrom?: string; preview?: { repository: string; pullRequest: number }; quotaOverride?: EnvironmentQuota },
    previous: Environment,
    onApplied?: OnApplied,
  ): Promise<Environment> {
    const settings = this.settingsOf(request.type);
    const namespace = previous.namespace;
    const now = this.now();
    const [namespaceObject, ...guards] = renderEnvironment({
      environment: {
        team: request.team,
        name: request.name,
        type: request.type,
        owner: previous.owner || owner,
        createdAt: previous.createdAt,
        expiresAt: computeExpiresAt(now, settings, request.ttlDays),
        lastActivityAt: now.toISOString(),
        protected: request.protected ?? previous.protected,
        clonedFrom: extras.clonedFrom,
        preview: extras.preview,
        // A tech lead's quota is kept when the environment is applied again, even if the maximum was lowered since.
        quotaOverride: previous.quotaOverride ?? extras.quotaOverride,
      },
      settings,
    });
    try {
      await this.cluster.objectsAsService().patch(namespaceObject as any, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      await onApplied?.({ kind: 'Namespace', name: namespace });
      await this.applyGuards(guards, onApplied);
    } catch (error) {
      this.fail(error, `Updating environment ${namespace} (a retry converges)`);
    }
    this.logger.info(`Environment ${namespace} updated for ${owner}`, { namespace, type: request.type });
    return this.readEnvironment(namespace);
  }

  /** Moves the expiry to now + ttlDays, within what the caller's tier allows. */
  async extend(caller: Caller, namespace: string, ttlDays: number): Promise<Environment> {
    const environment = await this.readEnvironment(namespace);
    if (!canActOnTeam(caller, environment.team)) throw new NotFoundError(`No environment ${namespace}`);
    const decision = decideExtend(caller, environment, ttlDays, this.settingsOf(environment.type));
    if (!decision.allowed) refuse(decision);
    const now = this.now();
    const expiresAt = new Date(now.getTime() + ttlDays * 24 * 3600 * 1000).toISOString();
    await this.cluster
      .objectsAsService()
      .patch(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: namespace,
            annotations: { [ENVIRONMENT_ANNOTATIONS.expiresAt]: expiresAt, [ENVIRONMENT_ANNOTATIONS.lastActivity]: now.toISOString() },
          },
        },
        undefined,
        undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      )
      .catch(e => this.fail(e, `Extending ${namespace}`));
    this.logger.info(`Environment ${namespace} extended to ${expiresAt} by ${caller.userEntityRef}`, { namespace });
    return this.readEnvironment(namespace);
  }

  /**
   * Sets the team's own quota: recorded on the Namespace (so re-provisioning renders it again),
   * then the ResourceQuota applied as the platform identity. Fields not given keep their value.
   */
  async changeQuota(
    caller: Caller,
    namespace: string,
    requested: QuotaChangeRequest,
  ): Promise<{ environment: EnvironmentDetail; previous: EnvironmentQuota; quota: EnvironmentQuota }> {
    const environment = await this.readEnvironment(namespace);
    if (!canActOnTeam(caller, environment.team)) throw new NotFoundError(`No environment ${namespace}`);
    const settings = this.settingsOf(environment.type);
    const decision = decideQuotaChange(caller, environment, requested, settings);
    if (!decision.allowed) refuse(decision);
    const previous = currentQuota(environment, settings);
    const quota: EnvironmentQuota = { cpu: requested.cpu ?? previous.cpu, memory: requested.memory ?? previous.memory, pods: requested.pods ?? previous.pods };
    const objects = renderEnvironment({ environment: { ...environment, quotaOverride: quota }, settings });
    const resourceQuota = objects.find(o => o.kind === 'ResourceQuota')!;
    const client = this.cluster.objectsAsService();
    // The annotation first: if the quota's apply fails, re-provisioning (or a retry) converges on what was decided.
    await client
      .patch(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, annotations: { [ENVIRONMENT_ANNOTATIONS.quotaOverride]: JSON.stringify(quota) } } },
        undefined,
        undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      )
      .catch(e => this.fail(e, `Recording the quota of ${namespace}`));
    await client
      .patch(resourceQuota as any, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply)
      .catch(e => this.fail(e, `Applying the quota of ${namespace} (a retry converges)`));
    this.logger.info(`Quota of ${namespace} changed by ${caller.userEntityRef}`, { namespace, quota: JSON.stringify(quota) });
    // The quota's status catches up a moment later; the limits shown are the ones just applied.
    const detail = await this.get(caller, namespace);
    const hard = (resourceQuota.spec as { hard: Record<string, string> }).hard;
    return { environment: { ...detail, quota: detail.quota.map(row => ({ ...row, hard: hard[row.resource] ?? row.hard })) }, previous, quota };
  }

  /** Removes an environment without a caller (previews of closed pull requests); false if absent. */
  async remove(namespace: string): Promise<boolean> {
    const environment = await this.find(namespace);
    if (!environment) return false;
    if (environment.type === 'production' || environment.protected) {
      throw new NotAllowedError(`${namespace} is ${environment.protected ? 'protected' : 'production'}; it is not removed automatically`);
    }
    await this.deleteNamespace(environment);
    this.logger.info(`Environment ${namespace} removed`, { namespace });
    return true;
  }

  /**
   * Deletes the environment's namespace once the caller typed its name. Idempotent: deleting
   * an environment already being deleted succeeds (nothing more to do); once it is gone, 404.
   */
  async delete(caller: Caller, namespace: string, confirm: string): Promise<void> {
    const environment = await this.readEnvironment(namespace);
    if (!canActOnTeam(caller, environment.team)) throw new NotFoundError(`No environment ${namespace}`);
    const decision = decideDelete(caller, environment, confirm);
    if (!decision.allowed) refuse(decision);
    await this.deleteNamespace(environment);
    this.logger.info(`Environment ${namespace} deleted by ${caller.userEntityRef}`, { namespace });
  }

  /** Deletes an environment's namespace; one already terminating or gone in the meantime is a success. */
  private async deleteNamespace(environment: Environment): Promise<void> {
    if (environment.phase === 'Terminating') return;
    await this.cluster
      .asService(CoreV1Api)
      .deleteNamespace({ name: environment.namespace })
      .catch(e => {
        if (e instanceof ApiException && e.code === 404) return undefined;
        return this.fail(e, `Deleting ${environment.namespace} (a retry converges)`);
      });
  }
}

function quotaUsage(quota: V1ResourceQuota): QuotaUsage[] {
  const hard = quota.status?.hard ?? quota.spec?.hard ?? {};
  const used = quota.status?.used ?? {};
  return Object.keys(hard)
    .sort()
    .map(resource => ({ resource, hard: String(hard[resource]), used: String(used[resource] ?? '0') }));
}
