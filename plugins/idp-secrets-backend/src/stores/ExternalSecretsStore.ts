import { FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, KubeConfig, KubernetesObject, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { SecretGenerator } from '@internal/plugin-idp-secrets-common';
import { ExternalSecretProvider, SecretChange, SecretStoreType, SecretSyncStatus, SecretTarget, SecretValueStore, SecretWriteContext } from './types';

/** ESO v0.16 serves external-secrets.io v1 (its storage version) and v1beta1; Slipway writes v1. */
export const EXTERNAL_SECRETS_API_VERSION = 'external-secrets.io/v1';
export const GENERATORS_API_VERSION = 'generators.external-secrets.io/v1alpha1';
/** Changing any annotation makes ESO refresh at once; Slipway sets this one to the secret's version. */
export const FORCE_SYNC_ANNOTATION = 'force-sync';
const DEFAULT_REFRESH_INTERVAL = '1h';
/** The symbols Slipway's own generator uses too: they survive shells, URLs and YAML unescaped. */
const GENERATED_SYMBOLS = '!#$%&()*+,-.:;<=>?@[]^_{|}~';

export interface ExternalSecretsStoreOptions {
  /** `external-secrets` (default) or `vault`: what the portal calls this store. */
  type?: SecretStoreType;
  /** How often ESO re-reads the provider (`ExternalSecret.spec.refreshInterval`); default `1h`. Writes sync at once regardless. */
  refreshInterval?: string;
}

/** A password ESO's Password generator makes (see its CRD); only `key` and `length` are required. */
export interface GeneratedPassword {
  /** The Secret key the password is written to. */
  key: string;
  length: number;
  /** How many digits / symbols it contains (ESO's default: a quarter of the length each). */
  digits?: number;
  symbols?: number;
  /** The symbols to pick from (ESO's default: ~!@#$%^&*()_+`-={}|[]\:"<>?,./). */
  symbolCharacters?: string;
  noUpper?: boolean;
  allowRepeat?: boolean;
}

type ExternalSecretObject = KubernetesObject & {
  metadata: { generation?: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  status?: { syncedResourceVersion?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
};

/**
 * ESO's `status.syncedResourceVersion` once it has synced this generation and metadata: Go's
 * `fmt.Sprintf("%d-%s", generation, sha3-224("%+v" of {annotations, labels}))` (pkg/controllers/util).
 */
export function expectedSyncedResourceVersion(metadata: ExternalSecretObject['metadata']): string {
  const goMap = (map: Record<string, string> = {}) =>
    `map[${Object.keys(map)
      .sort()
      .map(key => `${key}:${map[key]}`)
      .join(' ')}]`;
  const text = `{annotations:${goMap(metadata.annotations)} labels:${goMap(metadata.labels)}}`;
  return `${metadata.generation ?? 0}-${createHash('sha3-224').update(text).digest('hex')}`;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

function describe(error: unknown): string {
  return error instanceof ApiException ? kubernetesMessage(error) : String(error);
}

/**
 * The `external-secrets` store: values go to an External Secrets provider, and an `ExternalSecret`
 * named like the target (in the target's namespace) makes the External Secrets Operator sync them
 * into the Secret pods reference, which it owns (deleting the ExternalSecret deletes the Secret).
 */
export class ExternalSecretsStore implements SecretValueStore {
  readonly type: SecretStoreType;
  private readonly refreshInterval: string;

  static fromKubeConfig(kubeConfig: KubeConfig, provider: ExternalSecretProvider, options: ExternalSecretsStoreOptions = {}): ExternalSecretsStore {
    return new ExternalSecretsStore(KubernetesObjectApi.makeApiClient(kubeConfig), provider, options);
  }

  constructor(
    private readonly objects: KubernetesObjectApi,
    private readonly provider: ExternalSecretProvider,
    options: ExternalSecretsStoreOptions = {},
  ) {
    this.refreshInterval = options.refreshInterval ?? DEFAULT_REFRESH_INTERVAL;
    this.type = options.type ?? 'external-secrets';
  }

  /** What the operator needs once: the provider's own objects (if any), then the ClusterSecretStore. */
  async prepare(): Promise<void> {
    await this.provider.prepare?.();
    await this.applyClusterSecretStore();
  }

  /** Applies the provider's ClusterSecretStore (the platform does this once, at start). */
  async applyClusterSecretStore(): Promise<void> {
    const { name, spec } = this.provider.clusterSecretStore();
    await this.apply({ apiVersion: EXTERNAL_SECRETS_API_VERSION, kind: 'ClusterSecretStore', metadata: { name }, spec } as KubernetesObject);
  }

  async write(target: SecretTarget, change: SecretChange, context: SecretWriteContext): Promise<void> {
    await this.provider.write(target, change, context);
    await this.apply(this.externalSecret(target, context.version));
  }

  async rotate(target: SecretTarget, values: Record<string, string>, context: SecretWriteContext): Promise<void> {
    await this.provider.rotate(target, values, context);
    await this.apply(this.externalSecret(target, context.version));
  }

  async dropPrevious(target: SecretTarget, keys: string[], context: SecretWriteContext): Promise<void> {
    await this.provider.dropPrevious(target, keys, context);
    await this.apply(this.externalSecret(target, context.version));
  }

  async remove(target: SecretTarget): Promise<void> {
    // The ExternalSecret owns the namespace's Secret: the garbage collector deletes it with it.
    await this.deleteIfPresent({ apiVersion: EXTERNAL_SECRETS_API_VERSION, kind: 'ExternalSecret', metadata: { name: target.name, namespace: target.namespace } });
    await this.deleteIfPresent({ apiVersion: GENERATORS_API_VERSION, kind: 'Password', metadata: { name: target.name, namespace: target.namespace } });
    await this.provider.remove(target);
  }

  async syncStatus(target: SecretTarget): Promise<SecretSyncStatus> {
    let externalSecret: ExternalSecretObject;
    try {
      externalSecret = (await this.objects.read({
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: 'ExternalSecret',
        metadata: { name: target.name, namespace: target.namespace },
      })) as ExternalSecretObject;
    } catch (error) {
      if (statusOf(error) === 404) {
        return { state: 'failed', message: `No ExternalSecret ${target.namespace}/${target.name}: save the secret again to recreate it.` };
      }
      throw new Error(`Could not read ExternalSecret ${target.namespace}/${target.name}: ${describe(error)}`);
    }
    const ready = externalSecret.status?.conditions?.find(condition => condition.type === 'Ready');
    if (ready?.status === 'False') {
      return { state: 'failed', message: `The External Secrets Operator could not sync it: ${ready.message ?? ready.reason ?? 'no reason given'}` };
    }
    if (ready?.status === 'True' && externalSecret.status?.syncedResourceVersion === expectedSyncedResourceVersion(externalSecret.metadata)) {
      return { state: 'synced' };
    }
    return { state: 'pending', message: 'Waiting for the External Secrets Operator to sync the last change.' };
  }

  /**
   * A password made by the operator's Password generator (letters and digits, with or without
   * symbols; Slipway makes the other kinds). Each call changes the ExternalSecret's force-sync
   * annotation to the version, and the operator generates anew: Slipway's schedule decides when.
   */
  operatorGenerates(generator: SecretGenerator): boolean {
    return generator.kind === 'password' && generator.alphabet !== 'hex';
  }

  async generate(target: SecretTarget, generator: SecretGenerator, key: string, context: SecretWriteContext): Promise<void> {
    if (generator.kind !== 'password' || !this.operatorGenerates(generator)) throw new TypeError(`The operator does not generate ${generator.kind} values`);
    const symbols = generator.alphabet === 'letters-digits-symbols';
    await this.applyGenerated(
      target,
      { key, length: generator.length, digits: Math.floor(generator.length / 4), symbols: symbols ? Math.floor(generator.length / 4) : 0, ...(symbols ? { symbolCharacters: GENERATED_SYMBOLS } : {}), allowRepeat: true },
      // Not 0: the operator would then never generate again. A year: Slipway's schedule rotates well before.
      '8760h',
      context.version,
    );
  }

  /**
   * A secret whose `password.key` ESO's Password generator makes: a `Password` generator and an
   * ExternalSecret reading it, both named like the target. ESO generates a new value on every refresh
   * (each `refreshInterval`, and whenever the ExternalSecret or the Secret's data changes) and keeps no
   * previous value; `refreshInterval` `0` generates once.
   */
  async applyGenerated(target: SecretTarget, password: GeneratedPassword, refreshInterval: string = this.refreshInterval, version?: number): Promise<void> {
    const { key, ...spec } = password;
    await this.apply({
      apiVersion: GENERATORS_API_VERSION,
      kind: 'Password',
      metadata: { name: target.name, namespace: target.namespace },
      spec,
    } as KubernetesObject);
    await this.apply({
      apiVersion: EXTERNAL_SECRETS_API_VERSION,
      kind: 'ExternalSecret',
      metadata: { name: target.name, namespace: target.namespace, ...(version !== undefined ? { annotations: { [FORCE_SYNC_ANNOTATION]: String(version) } } : {}) },
      spec: {
        refreshInterval,
        target: { name: target.name, creationPolicy: 'Owner' },
        dataFrom: [
          {
            sourceRef: { generatorRef: { apiVersion: GENERATORS_API_VERSION, kind: 'Password', name: target.name } },
            // The generator's output key is `password`.
            rewrite: [{ regexp: { source: '^password$', target: key } }],
          },
        ],
      },
    } as KubernetesObject);
  }

  /** The ExternalSecret for `target` at `version`: its force-sync annotation changes with each write, so ESO syncs at once. */
  externalSecret(target: SecretTarget, version: number): KubernetesObject {
    const { name: storeName } = this.provider.clusterSecretStore();
    return {
      apiVersion: EXTERNAL_SECRETS_API_VERSION,
      kind: 'ExternalSecret',
      metadata: { name: target.name, namespace: target.namespace, annotations: { [FORCE_SYNC_ANNOTATION]: String(version) } },
      spec: {
        refreshInterval: this.refreshInterval,
        secretStoreRef: { kind: 'ClusterSecretStore', name: storeName },
        target: { name: target.name, creationPolicy: 'Owner' },
        dataFrom: [{ extract: { key: this.provider.remoteKey(target) } }],
      },
    } as KubernetesObject;
  }

  private async apply(object: KubernetesObject): Promise<void> {
    try {
      await this.objects.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    } catch (error) {
      const where = object.metadata?.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata?.name;
      const hint =
        statusOf(error) === 404
          ? 'Install the External Secrets Operator CRDs (external-secrets.io) in the cluster.'
          : 'Check that the platform identity may apply external-secrets.io objects there.';
      throw new Error(`Could not apply ${object.kind} ${where}: ${describe(error)}. ${hint}`);
    }
  }

  private async deleteIfPresent(object: KubernetesObject): Promise<void> {
    try {
      await this.objects.delete(object);
    } catch (error) {
      if (statusOf(error) !== 404) throw new Error(`Could not delete ${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}: ${describe(error)}`);
    }
  }
}
