import { Config } from '@backstage/config';
import { SECRET_STORE_TYPES, SecretStoreInfo, SecretStoreType } from '@internal/plugin-idp-secrets-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { KubernetesSecretStore } from './stores/KubernetesSecretStore';
import { SecretValueStore } from './stores/types';

/** Which store holds values (`slipway.secrets.store`), checked at start: a typo stops the backend with its name. */
export function readSecretStoreSettings(config: Config): SecretStoreInfo {
  const type = config.getOptionalString('slipway.secrets.store') ?? 'kubernetes';
  if (!(SECRET_STORE_TYPES as readonly string[]).includes(type)) {
    throw new Error(`slipway.secrets.store: unknown store "${type}"; supported: ${SECRET_STORE_TYPES.join(', ')}`);
  }
  return { type: type as SecretStoreType, referenceFormat: 'secret/<name>/<key>' };
}

/** The configured store, acting as the platform identity. */
export function createSecretValueStore(settings: SecretStoreInfo, _config: Config, cluster: ClusterAccess): SecretValueStore {
  switch (settings.type) {
    case 'kubernetes':
      return new KubernetesSecretStore(cluster.asService(CoreV1Api));
    default:
      throw new Error(`slipway.secrets.store: ${settings.type} is not available in this build`);
  }
}
