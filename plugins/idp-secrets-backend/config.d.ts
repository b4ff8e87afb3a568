export interface Config {
  slipway?: {
    secrets?: {
      /**
       * Where values are kept: `kubernetes` (default; a Secret in the environment's namespace),
       * `external-secrets` (a provider the External Secrets Operator syncs from) or `vault`
       * (OpenBao / Vault KV v2, synced by the External Secrets Operator).
       */
      store?: 'kubernetes' | 'external-secrets' | 'vault';
      /** How often the rotation schedule looks for due rotations and ended grace windows, in seconds (default 60). */
      rotationCheckSeconds?: number;
    };
  };
}
