import { ExternalSecretProvider, PREVIOUS_KEY_SUFFIX, SecretChange, SecretTarget, SecretWriteContext } from '../types';
import { DEFAULT_KUBERNETES_AUTH_MOUNT, VaultClient } from './VaultClient';

/**
 * Secret values in Vault / OpenBao KV v2, at `<prefix>/<namespace>/<name>` of the client's mount.
 * Every change is read-merge-write with check-and-set on the version read, so two writers never
 * silently undo each other; the External Secrets Operator's vault provider reads them back.
 */

export const DEFAULT_VAULT_PREFIX = 'slipway';
export const DEFAULT_VAULT_STORE_NAME = 'slipway-vault';

/** How the External Secrets Operator authenticates to Vault (ESO's `spec.provider.vault.auth`). */
export type VaultStoreAuth =
  | { tokenSecretRef: { name: string; namespace: string; key: string } }
  | {
      kubernetes: {
        /** Default `kubernetes`. */
        mountPath?: string;
        role: string;
        serviceAccountRef: { name: string; namespace: string; audiences?: string[] };
      };
    };

export interface VaultKvProviderOptions {
  client: VaultClient;
  /** Folder under the mount that holds Slipway's secrets; default `slipway`. */
  prefix?: string;
  /** The ClusterSecretStore Slipway applies for the operator. */
  store: {
    /** Default `slipway-vault`. */
    name?: string;
    /** The address the operator reaches Vault at; default the client's. */
    server?: string;
    auth: VaultStoreAuth;
  };
}

export class VaultKvProvider implements ExternalSecretProvider {
  readonly kind = 'vault' as const;
  private readonly client: VaultClient;
  private readonly prefix: string;

  constructor(private readonly options: VaultKvProviderOptions) {
    this.client = options.client;
    this.prefix = (options.prefix ?? DEFAULT_VAULT_PREFIX).replace(/^\/+|\/+$/g, '');
    // The operator strips a leading `<mount>/` from a remote key, so such a prefix would be read from the wrong place.
    if (!this.prefix || `${this.prefix}/`.startsWith(`${this.client.kvMount}/`)) {
      throw new Error(`Vault: prefix "${this.prefix}" must be non-empty and must not start with the KV mount name "${this.client.kvMount}"; choose another prefix`);
    }
  }

  clusterSecretStore(): { name: string; spec: Record<string, unknown> } {
    const { store } = this.options;
    const auth =
      'kubernetes' in store.auth
        ? { kubernetes: { ...store.auth.kubernetes, mountPath: store.auth.kubernetes.mountPath ?? DEFAULT_KUBERNETES_AUTH_MOUNT } }
        : { tokenSecretRef: store.auth.tokenSecretRef };
    const namespace = this.client.vaultNamespace;
    const ca = this.client.caBundle;
    const vault = {
      server: store.server ?? this.client.serverAddress,
      path: this.client.kvMount,
      version: 'v2',
      ...(namespace ? { namespace } : {}),
      ...(ca ? { caBundle: Buffer.from(ca).toString('base64') } : {}),
      auth,
    };
    return { name: store.name ?? DEFAULT_VAULT_STORE_NAME, spec: { provider: { vault } } };
  }

  remoteKey(target: SecretTarget): string {
    for (const part of [target.namespace, target.name]) {
      if (!part || part.includes('/') || part === '.' || part === '..') {
        throw new Error(`Vault: "${part}" is not a Kubernetes namespace or Secret name; use a DNS-1123 name`);
      }
    }
    return `${this.prefix}/${target.namespace}/${target.name}`;
  }

  async write(target: SecretTarget, change: SecretChange, _context?: SecretWriteContext): Promise<void> {
    await this.update(target, current => {
      const next = { ...current, ...change.set };
      for (const key of change.remove) delete next[key];
      return next;
    });
  }

  async rotate(target: SecretTarget, values: Record<string, string>, _context?: SecretWriteContext): Promise<void> {
    await this.update(target, current => {
      const next = { ...current };
      for (const [key, value] of Object.entries(values)) {
        // A key without a value yet has nothing to keep; a `.previous` left from an older rotation would be wrong.
        if (key in current) next[`${key}${PREVIOUS_KEY_SUFFIX}`] = current[key];
        else delete next[`${key}${PREVIOUS_KEY_SUFFIX}`];
        next[key] = value;
      }
      return next;
    });
  }

  async dropPrevious(target: SecretTarget, keys: string[], _context?: SecretWriteContext): Promise<void> {
    await this.update(target, current => {
      const previous = keys.map(key => `${key}${PREVIOUS_KEY_SUFFIX}`).filter(key => key in current);
      if (previous.length === 0) return undefined;
      const next = { ...current };
      for (const key of previous) delete next[key];
      return next;
    }, { createIfAbsent: false });
  }

  async remove(target: SecretTarget): Promise<void> {
    await this.client.deleteSecret(this.remoteKey(target));
  }

  /**
   * Reads the current version, applies `change` and writes with `cas` = that version; if another
   * writer got in between, reads and applies once more. `change` returning undefined writes nothing.
   */
  private async update(
    target: SecretTarget,
    change: (current: Record<string, string>) => Record<string, string> | undefined,
    how: { createIfAbsent: boolean } = { createIfAbsent: true },
  ): Promise<void> {
    const path = this.remoteKey(target);
    for (let attempt = 1; ; attempt++) {
      const current = await this.client.readSecret(path);
      if (!current && !how.createIfAbsent) return;
      const next = change({ ...(current?.data ?? {}) });
      if (!next) return;
      try {
        await this.client.writeSecret(path, next, current?.version ?? 0);
        return;
      } catch (error) {
        if (attempt >= 2 || !(error as { checkAndSetMismatch?: boolean }).checkAndSetMismatch) throw error;
      }
    }
  }
}
