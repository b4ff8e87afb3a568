export interface Config {
  slipway?: {
    secrets?: {
      /**
       * Where values are kept: `kubernetes` (default; a Secret in the environment's namespace),
       * `external-secrets` (Secrets of a platform namespace the External Secrets Operator syncs from)
       * or `vault` (OpenBao / Vault KV v2, synced by the External Secrets Operator's vault provider).
       */
      store?: 'kubernetes' | 'external-secrets' | 'vault';
      /** How often the rotation schedule looks for due rotations and ended grace windows, in seconds (default 60). */
      rotationCheckSeconds?: number;
      externalSecrets?: {
        /** How often the operator re-reads the provider (`ExternalSecret.spec.refreshInterval`, default 1h); every write syncs at once anyway. */
        refreshInterval?: string;
        /** The `external-secrets` store's provider: Secrets in one platform namespace. */
        kubernetes?: {
          /** Default `slipway-secret-values`; it must carry the label app.kubernetes.io/managed-by=slipway. */
          namespace?: string;
          /** The API server as the operator reaches it (default https://kubernetes.default.svc). */
          apiServerUrl?: string;
        };
      };
      vault?: {
        /** e.g. https://vault.example.com:8200 */
        address: string;
        /** The KV v2 mount (default `secret`). */
        mount?: string;
        /** Vault Enterprise / OpenBao namespace. */
        namespace?: string;
        /** Folder under the mount for Slipway's secrets (default `slipway`): `<prefix>/<namespace>/<name>`. */
        prefix?: string;
        /** PEM of the CA that signed Vault's certificate. */
        caFile?: string;
        /** Per call, default 10000. */
        timeoutMs?: number;
        /** How Slipway logs in: `{method: token, token}` or `{method: kubernetes, role, mountPath?, tokenFile?}`. */
        auth: {
          method: 'token' | 'kubernetes';
          /** @visibility secret */
          token?: string;
          role?: string;
          mountPath?: string;
          tokenFile?: string;
        };
        /** How the External Secrets Operator reads Vault (its ClusterSecretStore). */
        externalSecrets: {
          /** Default `slipway-vault`. */
          storeName?: string;
          /** The address the operator reaches Vault at, if not `address`. */
          server?: string;
          auth: {
            tokenSecretRef?: { name: string; namespace: string; key: string };
            kubernetes?: { role: string; mountPath?: string; serviceAccountRef: { name: string; namespace: string } };
          };
        };
      };
    };
  };
}
