/**
 * The REST API of `idp-secrets` (`/api/idp-secrets`). No type here has a field for a value: what
 * the backend answers is names, versions, who and when, consumers and rotation history.
 */

export const SECRET_STORE_TYPES = ['kubernetes', 'external-secrets', 'vault'] as const;
export type SecretStoreType = (typeof SECRET_STORE_TYPES)[number];

/** `GET /store`: where values are kept and how an app refers to a key. */
export interface SecretStoreInfo {
  type: SecretStoreType;
  referenceFormat: 'secret/<name>/<key>';
}

export const PASSWORD_ALPHABETS = ['letters-digits', 'letters-digits-symbols', 'hex'] as const;
export type PasswordAlphabet = (typeof PASSWORD_ALPHABETS)[number];
export const KEY_PAIR_ALGORITHMS = ['ed25519', 'rsa-2048', 'rsa-4096'] as const;
export type KeyPairAlgorithm = (typeof KEY_PAIR_ALGORITHMS)[number];

/** How Slipway makes a generated secret's values (and new ones at each rotation). */
export type SecretGenerator =
  | { kind: 'password'; length: number; alphabet: PasswordAlphabet }
  | { kind: 'token'; bytes: number; encoding: 'base64url' | 'hex' }
  | { kind: 'key-pair'; algorithm: KeyPairAlgorithm };

/** Rotate every `everyDays`; the previous value stays readable as `<key>.previous` for `graceHours`. */
export interface RotationPolicy {
  everyDays: number;
  graceHours: number;
}

export interface SecretRotationState {
  policy: RotationPolicy;
  lastRotatedAt?: string;
  nextRotationAt: string;
  /** While set and in the future, `<key>.previous` holds the value before the last rotation. */
  previousUntil?: string;
}

/** A workload that reads the secret: the keys it names, or every key (envFrom, a whole-secret volume). */
export interface SecretConsumer {
  kind: string;
  name: string;
  keys: string[] | 'all';
}

export interface SecretKeyView {
  name: string;
  /** The secret's version that last set this key. */
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** Whether the environment's Secret holds the last write (External Secrets sync it shortly after). */
export interface SecretSyncView {
  state: 'synced' | 'pending' | 'failed' | 'unknown';
  message?: string;
}

export interface SecretView {
  namespace: string;
  name: string;
  keys: SecretKeyView[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  generator?: SecretGenerator;
  rotation?: SecretRotationState;
  consumers: SecretConsumer[];
  sync: SecretSyncView;
}

/** `GET /environments/:namespace/secrets`. */
export interface EnvironmentSecretsView {
  namespace: string;
  team: string;
  environmentType: string;
  store: SecretStoreType;
  /** Whether the caller may write here; when not, `readOnlyReason` says who may. */
  canWrite: boolean;
  readOnlyReason?: string;
  secrets: SecretView[];
  /**
   * Secrets the environment's workloads reference that Slipway holds no value for (e.g. after a
   * clone): fill them on the Secrets page before those workloads can start.
   */
  missing: Array<{ name: string; keys: string[] | 'all'; consumers: SecretConsumer[] }>;
}

/** `GET /environments/:namespace/secret-keys`: names only, for the form's picker and deploy checks. */
export interface SecretKeysView {
  namespace: string;
  secrets: Array<{ name: string; keys: string[] }>;
}

/** One entry of a secret's rotation history. */
export interface RotationRecord {
  at: string;
  /** A user entity ref, or `schedule`. */
  by: string;
  outcome: 'rotated' | 'failed' | 'grace-ended';
  version?: number;
  message?: string;
  /** Workloads restarted to read the new value. */
  restarted: string[];
}

/** `PUT /environments/:namespace/secrets/:name`: create the secret, or set and remove keys. */
export interface WriteSecretRequest {
  /** Key → value. Values travel once, in this body, and are never sent back. */
  set?: Record<string, string>;
  remove?: string[];
  /** Remove keys workloads reference anyway. */
  confirm?: boolean;
}

/** `POST /environments/:namespace/secrets/:name/generate`. */
export interface GenerateSecretRequest {
  generator: SecretGenerator;
  /** The key of a password or token (default `password` / `token`); a key pair has `private-key.pem` and `public-key.pem`. */
  key?: string;
  rotation?: RotationPolicy;
}

/** `DELETE /environments/:namespace/secrets/:name`. */
export interface DeleteSecretRequest {
  confirm?: boolean;
}

/** The signal channel a Secrets page listens on for changes in one environment. */
export const SECRETS_SIGNAL_CHANNEL = (namespace: string) => `idp-secrets:${namespace}`;
