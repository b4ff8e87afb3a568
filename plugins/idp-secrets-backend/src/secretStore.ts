import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { SECRET_STORE_TYPES, SecretStoreInfo, SecretStoreType } from '@internal/plugin-idp-secrets-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { ExternalSecretsStore } from './stores/ExternalSecretsStore';
import { KubernetesSecretProvider } from './stores/KubernetesSecretProvider';
import { KubernetesSecretStore } from './stores/KubernetesSecretStore';
import { ExternalSecretProvider, SecretValueStore } from './stores/types';
import { VaultAuth, VaultClient } from './stores/vault/VaultClient';
import { VaultKvProvider, VaultStoreAuth } from './stores/vault/VaultKvProvider';

/** Which store holds values (`slipway.secrets.store`), checked at start: a typo stops the backend with its name. */
export function readSecretStoreSettings(config: Config): SecretStoreInfo {
  const type = config.getOptionalString('slipway.secrets.store') ?? 'kubernetes';
  if (!(SECRET_STORE_TYPES as readonly string[]).includes(type)) {
    throw new Error(`slipway.secrets.store: unknown store "${type}"; supported: ${SECRET_STORE_TYPES.join(', ')}`);
  }
  return { type: type as SecretStoreType, referenceFormat: 'secret/<name>/<key>' };
}

/** `slipway.secrets.vault.auth`: a token, or Kubernetes auth with the pod's service-account token. */
function vaultAuth(config: Config): VaultAuth {
  const method = config.getString('method');
  if (method === 'token') return { method, token: config.getString('token') };
  if (method === 'kubernetes') return { method, role: config.getString('role'), mountPath: config.getOptionalString('mountPath'), tokenFile: config.getOptionalString('tokenFile') };
  throw new Error(`slipway.secrets.vault.auth.method: unknown method "${method}"; use token or kubernetes`);
}

/** `slipway.secrets.vault.externalSecrets.auth`: how the External Secrets Operator logs in to Vault. */
function operatorVaultAuth(config: Config): VaultStoreAuth {
  const token = config.getOptionalConfig('tokenSecretRef');
  if (token) return { tokenSecretRef: { name: token.getString('name'), namespace: token.getString('namespace'), key: token.getString('key') } };
  const kubernetes = config.getConfig('kubernetes');
  const account = kubernetes.getConfig('serviceAccountRef');
  return {
    kubernetes: {
      role: kubernetes.getString('role'),
      mountPath: kubernetes.getOptionalString('mountPath'),
      serviceAccountRef: { name: account.getString('name'), namespace: account.getString('namespace') },
    },
  };
}

function provider(settings: SecretStoreInfo, config: Config, cluster: ClusterAccess, logger: LoggerService): ExternalSecretProvider {
  if (settings.type === 'vault') {
    const vault = config.getConfig('slipway.secrets.vault');
    const client = VaultClient.create({
      address: vault.getString('address'),
      mount: vault.getOptionalString('mount'),
      namespace: vault.getOptionalString('namespace'),
      caFile: vault.getOptionalString('caFile'),
      timeoutMs: vault.getOptionalNumber('timeoutMs'),
      auth: vaultAuth(vault.getConfig('auth')),
      logger,
    });
    const operator = vault.getConfig('externalSecrets');
    return new VaultKvProvider({
      client,
      prefix: vault.getOptionalString('prefix'),
      store: { name: operator.getOptionalString('storeName'), server: operator.getOptionalString('server'), auth: operatorVaultAuth(operator.getConfig('auth')) },
    });
  }
  const kubernetes = config.getOptionalConfig('slipway.secrets.externalSecrets.kubernetes');
  return new KubernetesSecretProvider(cluster.asService(CoreV1Api), cluster.objectsAsService(), {
    namespace: kubernetes?.getOptionalString('namespace'),
    apiServerUrl: kubernetes?.getOptionalString('apiServerUrl'),
  });
}

/** The configured store, acting as the platform identity. */
export function createSecretValueStore(settings: SecretStoreInfo, config: Config, cluster: ClusterAccess, logger: LoggerService): SecretValueStore {
  if (settings.type === 'kubernetes') return new KubernetesSecretStore(cluster.asService(CoreV1Api));
  return new ExternalSecretsStore(cluster.objectsAsService(), provider(settings, config, cluster, logger), {
    type: settings.type,
    refreshInterval: config.getOptionalString('slipway.secrets.externalSecrets.refreshInterval'),
  });
}

/**
 * With the External Secrets Operator, the ClusterSecretStore (and the kubernetes provider's reader
 * identity) must exist once. The platform identity applies them when a cluster admin granted it;
 * otherwise the backend says what to apply, and every write says it is pending until then.
 */
export async function prepareSecretValueStore(store: SecretValueStore, logger: LoggerService): Promise<void> {
  if (!(store instanceof ExternalSecretsStore)) return;
  try {
    await store.prepare();
  } catch (error) {
    logger.warn(
      `Secrets store ${store.type}: ${(error as Error).message}. A cluster admin applies these once (see plugins/idp-secrets-backend/README.md, "External Secrets"); until then secrets stay pending.`,
    );
  }
}
