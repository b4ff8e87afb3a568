/**
 * Where a secret's values live. A value passes through a store on its way in and is never kept,
 * logged or returned by Slipway: stores answer with nothing but success or an error whose message
 * names no value. Metadata (key names, versions, who and when) is the backend's database's job.
 */

import { SecretGenerator, SecretStoreType } from '@internal/plugin-idp-secrets-common';

export { PREVIOUS_KEY_SUFFIX, SECRET_STORE_TYPES, type SecretStoreType } from '@internal/plugin-idp-secrets-common';

/** A secret in an environment: the Secret `name` that pods of `namespace` reference. */
export interface SecretTarget {
  namespace: string;
  name: string;
}

/** Who caused a write and which version it makes; stores may record these (never values). */
export interface SecretWriteContext {
  /** The secret's version after this write (1 for a new secret). */
  version: number;
  /** A user entity ref, or `schedule` for a scheduled rotation. */
  updatedBy: string;
}

/** Keys to set (merged with those there) and keys to remove, in one write. */
export interface SecretChange {
  set: Record<string, string>;
  remove: string[];
}

/** Whether the namespace's Secret holds what was last written (External Secrets sync it later). */
export interface SecretSyncStatus {
  state: 'synced' | 'pending' | 'failed';
  message?: string;
}

export interface SecretValueStore {
  readonly type: SecretStoreType;
  /** Creates the secret when absent; sets and removes keys in one write. */
  write(target: SecretTarget, change: SecretChange, context: SecretWriteContext): Promise<void>;
  /**
   * Rotation: each key of `values` keeps its current value as `<key>.previous` and takes the new
   * value, in one write (a reader never sees the new value without the previous one).
   */
  rotate(target: SecretTarget, values: Record<string, string>, context: SecretWriteContext): Promise<void>;
  /** Ends the grace window: removes `<key>.previous` for each key. Absent keys are fine. */
  dropPrevious(target: SecretTarget, keys: string[], context: SecretWriteContext): Promise<void>;
  /** Deletes the secret and whatever syncs it. Absent is fine (idempotent). */
  remove(target: SecretTarget): Promise<void>;
  /** Whether the namespace's Secret is in sync with the last write. */
  syncStatus(target: SecretTarget): Promise<SecretSyncStatus>;
  /**
   * Stores whose operator generates values itself (the External Secrets Operator's generators): whether
   * it can make this generator's values. It keeps no previous value, so Slipway asks only without grace.
   */
  operatorGenerates?(generator: SecretGenerator): boolean;
  /** Has the operator (re)generate `key` now; only for generators `operatorGenerates` accepts. */
  generate?(target: SecretTarget, generator: SecretGenerator, key: string, context: SecretWriteContext): Promise<void>;
}

/**
 * For the `external-secrets` and `vault` stores: the system of record the External Secrets
 * Operator reads from. Slipway writes there; `ExternalSecret` objects in the environment's
 * namespace make the operator sync it into the Secret pods reference.
 */
export interface ExternalSecretProvider {
  readonly kind: 'kubernetes' | 'vault';
  /** Objects the operator needs to read this provider (e.g. a reader identity), applied once at start. */
  prepare?(): Promise<void>;
  /** The ClusterSecretStore the environments' ExternalSecrets point at (Slipway applies it). */
  clusterSecretStore(): { name: string; spec: Record<string, unknown> };
  /** Where `target` lives in the provider (`ExternalSecret.spec.dataFrom[].extract.key`). */
  remoteKey(target: SecretTarget): string;
  write(target: SecretTarget, change: SecretChange, context: SecretWriteContext): Promise<void>;
  rotate(target: SecretTarget, values: Record<string, string>, context: SecretWriteContext): Promise<void>;
  dropPrevious(target: SecretTarget, keys: string[], context: SecretWriteContext): Promise<void>;
  remove(target: SecretTarget): Promise<void>;
}
