import { FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, KubeConfig, KubernetesObject, KubernetesObjectApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { annotationPath, base64, dataPath } from './secretPatches';
import { ExternalSecretProvider, PREVIOUS_KEY_SUFFIX, SecretChange, SecretTarget, SecretWriteContext } from './types';

/** Where the `kubernetes` provider keeps values: one Secret per target, read only by ESO's reader. */
export const SECRET_VALUES_NAMESPACE = 'slipway-secret-values';
/** The ClusterSecretStore environments' ExternalSecrets point at. */
export const KUBERNETES_CLUSTER_SECRET_STORE = 'slipway-kubernetes';
/** The ServiceAccount ESO's kubernetes provider reads values as (a short-lived token from the TokenRequest API). */
export const SECRET_VALUES_READER = 'slipway-secret-values-reader';

/** Metadata on a provider Secret: which write made it; never a value. */
export const SECRET_VALUE_ANNOTATIONS = {
  version: 'slipway.dev/secret-version',
  updatedBy: 'slipway.dev/secret-updated-by',
  target: 'slipway.dev/secret-target',
} as const;

const MAX_NAME_LENGTH = 253;

export interface KubernetesSecretProviderOptions {
  /** Namespace holding the values; default `slipway-secret-values`. */
  namespace?: string;
  /** The API server as ESO reaches it; default the in-cluster `https://kubernetes.default.svc`. */
  apiServerUrl?: string;
}

/**
 * The provider Secret's name for a target: `<namespace>.<name>`. Namespaces cannot contain dots, so
 * the first dot separates them and no two targets share a name; past 253 characters the tail becomes
 * a hash of the whole.
 */
export function providerSecretName(target: SecretTarget): string {
  const plain = `${target.namespace}.${target.name}`;
  if (plain.length <= MAX_NAME_LENGTH) return plain;
  const hash = createHash('sha256').update(`${target.namespace}/${target.name}`).digest('hex').slice(0, 32);
  return `${plain.slice(0, MAX_NAME_LENGTH - hash.length - 1).replace(/[.-]+$/, '')}-${hash}`;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

function describe(error: unknown): string {
  return error instanceof ApiException ? kubernetesMessage(error) : String(error);
}

/**
 * The `kubernetes` External Secrets provider: values live in Secrets of one platform namespace and
 * ESO's kubernetes provider copies them into the environments' namespaces. Writes are patches of
 * the keys they change (merge patch, JSON patch), so Slipway never reads a value back.
 */
export class KubernetesSecretProvider implements ExternalSecretProvider {
  readonly kind = 'kubernetes';
  readonly namespace: string;
  private readonly apiServerUrl: string;

  static fromKubeConfig(kubeConfig: KubeConfig, options: KubernetesSecretProviderOptions = {}): KubernetesSecretProvider {
    return new KubernetesSecretProvider(kubeConfig.makeApiClient(CoreV1Api), KubernetesObjectApi.makeApiClient(kubeConfig), options);
  }

  constructor(
    private readonly core: CoreV1Api,
    private readonly objects: KubernetesObjectApi,
    options: KubernetesSecretProviderOptions = {},
  ) {
    this.namespace = options.namespace ?? SECRET_VALUES_NAMESPACE;
    this.apiServerUrl = options.apiServerUrl ?? 'https://kubernetes.default.svc';
  }

  clusterSecretStore() {
    return {
      name: KUBERNETES_CLUSTER_SECRET_STORE,
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: this.namespace,
            server: {
              url: this.apiServerUrl,
              // Every namespace gets the cluster CA in this ConfigMap (kube-controller-manager's root-ca-cert-publisher).
              caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt', namespace: this.namespace },
            },
            auth: { serviceAccount: { name: SECRET_VALUES_READER, namespace: this.namespace } },
          },
        },
      },
    };
  }

  /**
   * The namespace and the reader identity the ClusterSecretStore uses: a ServiceAccount that may only
   * read the Secrets of that namespace (ESO's recommended serviceAccount auth). Applied by the platform.
   */
  readerObjects(): KubernetesObject[] {
    const metadata = { name: SECRET_VALUES_READER, namespace: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'slipway' } };
    return [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace, labels: metadata.labels } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata,
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
      } as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SECRET_VALUES_READER },
        subjects: [{ kind: 'ServiceAccount', name: SECRET_VALUES_READER, namespace: this.namespace }],
      } as KubernetesObject,
    ];
  }

  prepare(): Promise<void> {
    return this.applyReaderObjects();
  }

  /** Applies `readerObjects()` (server-side apply, field manager `slipway`). */
  async applyReaderObjects(): Promise<void> {
    for (const object of this.readerObjects()) {
      try {
        await this.objects.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      } catch (error) {
        throw new Error(
          `Could not apply ${object.kind} ${object.metadata?.name} for the secret values namespace ${this.namespace}: ${describe(error)}. ` +
            'The platform identity needs to manage namespaces, service accounts, roles and role bindings there.',
        );
      }
    }
  }

  remoteKey(target: SecretTarget): string {
    return providerSecretName(target);
  }

  async write(target: SecretTarget, change: SecretChange, context: SecretWriteContext): Promise<void> {
    const name = providerSecretName(target);
    const data: Record<string, string | null> = {};
    for (const key of change.remove) data[key] = null;
    for (const [key, value] of Object.entries(change.set)) data[key] = base64(value);
    const annotations = this.annotations(target, context);
    try {
      await this.core.patchNamespacedSecret(
        { name, namespace: this.namespace, body: { metadata: { annotations }, data }, fieldManager: FIELD_MANAGER },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      return;
    } catch (error) {
      if (statusOf(error) !== 404) throw this.failure('write', target, error);
    }
    const initial = Object.fromEntries(Object.entries(change.set).map(([key, value]) => [key, base64(value)]));
    try {
      await this.core.createNamespacedSecret({
        namespace: this.namespace,
        body: { metadata: { name, namespace: this.namespace, annotations }, type: 'Opaque', data: initial },
        fieldManager: FIELD_MANAGER,
      });
    } catch (error) {
      // Created by a concurrent write since the patch: patch it now.
      if (statusOf(error) !== 409) throw this.failure('write', target, error);
      await this.write(target, change, context);
    }
  }

  async rotate(target: SecretTarget, values: Record<string, string>, context: SecretWriteContext): Promise<void> {
    // One JSON patch, applied atomically by the API server: the version test makes a concurrent write fail the
    // rotation instead of being overwritten, and `copy` moves the current value without Slipway reading it.
    const operations: object[] = [{ op: 'test', path: annotationPath(SECRET_VALUE_ANNOTATIONS.version), value: String(context.version - 1) }];
    for (const [key, value] of Object.entries(values)) {
      operations.push({ op: 'copy', from: dataPath(key), path: dataPath(`${key}${PREVIOUS_KEY_SUFFIX}`) });
      operations.push({ op: 'replace', path: dataPath(key), value: base64(value) });
    }
    operations.push(...this.annotationOperations(target, context));
    try {
      await this.core.patchNamespacedSecret(
        { name: providerSecretName(target), namespace: this.namespace, body: operations, fieldManager: FIELD_MANAGER },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) throw new Error(`Secret ${target.namespace}/${target.name} does not exist; create it before rotating it.`);
      if (status === 422 || status === 409) {
        throw new Error(
          `Could not rotate ${Object.keys(values).join(', ')} of secret ${target.namespace}/${target.name}: it is not at version ${context.version - 1} ` +
            `or lacks one of these keys (${describe(error)}). Reload the secret and rotate again.`,
        );
      }
      throw this.failure('rotate', target, error);
    }
  }

  async dropPrevious(target: SecretTarget, keys: string[], context: SecretWriteContext): Promise<void> {
    // A merge patch with null removes each key if present; a JSON patch `remove` would fail on an absent one.
    const data = Object.fromEntries(keys.map(key => [`${key}${PREVIOUS_KEY_SUFFIX}`, null]));
    try {
      await this.core.patchNamespacedSecret(
        { name: providerSecretName(target), namespace: this.namespace, body: { metadata: { annotations: this.annotations(target, context) }, data }, fieldManager: FIELD_MANAGER },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw this.failure('end the grace window of', target, error);
    }
  }

  async remove(target: SecretTarget): Promise<void> {
    try {
      await this.core.deleteNamespacedSecret({ name: providerSecretName(target), namespace: this.namespace });
    } catch (error) {
      if (statusOf(error) !== 404) throw this.failure('delete', target, error);
    }
  }

  private annotations(target: SecretTarget, context: SecretWriteContext): Record<string, string> {
    return {
      [SECRET_VALUE_ANNOTATIONS.version]: String(context.version),
      [SECRET_VALUE_ANNOTATIONS.updatedBy]: context.updatedBy,
      [SECRET_VALUE_ANNOTATIONS.target]: `${target.namespace}/${target.name}`,
    };
  }

  private annotationOperations(target: SecretTarget, context: SecretWriteContext): object[] {
    return Object.entries(this.annotations(target, context)).map(([annotation, value]) => ({ op: 'add', path: annotationPath(annotation), value }));
  }

  private failure(action: string, target: SecretTarget, error: unknown): Error {
    return new Error(
      `Could not ${action} secret ${target.namespace}/${target.name} in the secret values namespace ${this.namespace}: ${describe(error)}. ` +
        `Check that the namespace exists and that the platform identity may patch Secrets there.`,
    );
  }
}
