import { FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { annotationPath, base64, dataPath } from './secretPatches';
import { PREVIOUS_KEY_SUFFIX, SecretChange, SecretSyncStatus, SecretTarget, SecretValueStore, SecretWriteContext } from './types';

/** Labels and annotations of the Secrets Slipway writes: names and versions, never anything of a value. */
export const SECRET_LABELS = { managedBy: 'app.kubernetes.io/managed-by', secret: 'slipway.dev/secret' } as const;
export const SECRET_VERSION_ANNOTATION = 'slipway.dev/secret-version';


/** A store's failure, worded without the request: a Kubernetes write's body is the values. */
export class SecretStoreError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

export function storeError(error: unknown, what: string): SecretStoreError {
  if (error instanceof SecretStoreError) return error;
  if (error instanceof ApiException) return new SecretStoreError(`${what}: Kubernetes answered ${error.code}: ${kubernetesMessage(error)}`, error.code);
  const code = (error as { code?: string })?.code;
  return new SecretStoreError(`${what}: the Kubernetes cluster did not answer${code ? ` (${code})` : ''}; try again in a moment`);
}

/**
 * The default store: a Secret in the environment's namespace, written by the platform identity
 * (people may not write Secrets, and nobody, the platform included, may read them). Values are
 * sent base64 in `data` and every response body, which echoes them, is dropped unread.
 */
export class KubernetesSecretStore implements SecretValueStore {
  readonly type = 'kubernetes' as const;

  constructor(private readonly core: CoreV1Api) {}

  async write(target: SecretTarget, change: SecretChange, context: SecretWriteContext): Promise<void> {
    const what = `Writing secret ${target.name} in ${target.namespace}`;
    const data: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(change.set)) data[key] = base64(value);
    for (const key of change.remove) {
      data[key] = null;
      data[`${key}${PREVIOUS_KEY_SUFFIX}`] = null;
    }
    const metadata = { labels: { [SECRET_LABELS.managedBy]: 'slipway', [SECRET_LABELS.secret]: 'true' }, annotations: { [SECRET_VERSION_ANNOTATION]: String(context.version) } };
    if (context.version === 1) {
      const created = await this.core
        .createNamespacedSecret({
          namespace: target.namespace,
          fieldManager: FIELD_MANAGER,
          body: { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: target.name, ...metadata }, data: onlySet(data) },
        })
        .then(() => true)
        .catch(error => {
          // Left over from a write whose metadata was rolled back: take it over with the patch below.
          if (error instanceof ApiException && error.code === 409) return false;
          throw storeError(error, what);
        });
      if (created) return;
    }
    await this.patch(target, { metadata, data }, PatchStrategy.MergePatch, what);
  }

  async rotate(target: SecretTarget, values: Record<string, string>, context: SecretWriteContext): Promise<void> {
    // One JSON patch: the server copies each current value to <key>.previous, so Slipway never reads one.
    const operations: object[] = [{ op: 'add', path: annotationPath(SECRET_VERSION_ANNOTATION), value: String(context.version) }];
    for (const [key, value] of Object.entries(values)) {
      operations.push({ op: 'copy', from: dataPath(key), path: dataPath(`${key}${PREVIOUS_KEY_SUFFIX}`) });
      operations.push({ op: 'replace', path: dataPath(key), value: base64(value) });
    }
    await this.patch(target, operations, PatchStrategy.JsonPatch, `Rotating secret ${target.name} in ${target.namespace}`);
  }

  async dropPrevious(target: SecretTarget, keys: string[], context: SecretWriteContext): Promise<void> {
    const data = Object.fromEntries(keys.map(key => [`${key}${PREVIOUS_KEY_SUFFIX}`, null]));
    const body = { metadata: { annotations: { [SECRET_VERSION_ANNOTATION]: String(context.version) } }, data };
    await this.patch(target, body, PatchStrategy.MergePatch, `Ending the grace window of secret ${target.name} in ${target.namespace}`);
  }

  async remove(target: SecretTarget): Promise<void> {
    await this.core.deleteNamespacedSecret({ name: target.name, namespace: target.namespace }).catch(error => {
      if (error instanceof ApiException && error.code === 404) return;
      throw storeError(error, `Deleting secret ${target.name} in ${target.namespace}`);
    });
  }

  async syncStatus(): Promise<SecretSyncStatus> {
    // The Secret is what was written: there is nothing to sync.
    return { state: 'synced' };
  }

  private async patch(target: SecretTarget, body: object, strategy: PatchStrategy, what: string): Promise<void> {
    await this.core
      .patchNamespacedSecret({ name: target.name, namespace: target.namespace, body, fieldManager: FIELD_MANAGER }, setHeaderOptions('Content-Type', strategy))
      .then(() => undefined)
      .catch(error => {
        throw storeError(error, what);
      });
  }
}

function onlySet(data: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => entry[1] !== null));
}
