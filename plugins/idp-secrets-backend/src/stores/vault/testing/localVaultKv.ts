/**
 * The in-memory state of one KV v2 mount of the local Vault stand-in: versions, check-and-set,
 * soft deletion and metadata, answering with the `data` objects Vault's KV v2 API returns
 * (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2). No I/O; localVault.ts serves it.
 */

/** Vault keeps this many versions of a secret unless the mount or the secret says otherwise. */
const MAX_VERSIONS = 10;

interface KvVersion {
  data: Record<string, unknown>;
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

interface KvSecret {
  versions: Map<number, KvVersion>;
  current_version: number;
  oldest_version: number;
  created_time: string;
  updated_time: string;
  custom_metadata: Record<string, string> | null;
}

/** A KV answer: an HTTP status and, when Vault sends one, the body's `data` or its `errors`. */
export type KvAnswer = { status: 200; data: Record<string, unknown> } | { status: 204 } | { status: 400 | 404; errors: string[]; data?: Record<string, unknown> };

export const CAS_MISMATCH = 'check-and-set parameter did not match the current version';

function versionMetadata(secret: KvSecret, version: number, v: KvVersion) {
  return { created_time: v.created_time, custom_metadata: secret.custom_metadata, deletion_time: v.deletion_time, destroyed: v.destroyed, version };
}

export class LocalVaultKv {
  private readonly secrets = new Map<string, KvSecret>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** `GET <mount>/data/<path>[?version=N]`: a deleted or destroyed version is a 404 that still carries its metadata. */
  read(path: string, version?: number): KvAnswer {
    const secret = this.secrets.get(path);
    const wanted = version || secret?.current_version;
    const v = wanted ? secret?.versions.get(wanted) : undefined;
    if (!secret || !wanted || !v) return { status: 404, errors: [] };
    const metadata = versionMetadata(secret, wanted, v);
    if (v.deletion_time || v.destroyed) return { status: 404, errors: [], data: { data: null, metadata } };
    return { status: 200, data: { data: structuredClone(v.data), metadata } };
  }

  /** `POST|PUT <mount>/data/<path>` with `{data, options: {cas}}`. */
  write(path: string, body: unknown): KvAnswer {
    const { data, options } = (body ?? {}) as { data?: unknown; options?: { cas?: unknown } };
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { status: 400, errors: ['no data provided'] };
    const secret = this.secrets.get(path);
    if (options?.cas !== undefined) {
      if (typeof options.cas !== 'number' || !Number.isInteger(options.cas)) return { status: 400, errors: ['error parsing JSON'] };
      if (options.cas !== (secret?.current_version ?? 0)) return { status: 400, errors: [CAS_MISMATCH] };
    }
    const time = this.now().toISOString();
    const target: KvSecret = secret ?? { versions: new Map(), current_version: 0, oldest_version: 0, created_time: time, updated_time: time, custom_metadata: null };
    const version = target.current_version + 1;
    const stored: KvVersion = { data: structuredClone(data as Record<string, unknown>), created_time: time, deletion_time: '', destroyed: false };
    target.versions.set(version, stored);
    target.current_version = version;
    target.updated_time = time;
    for (const old of [...target.versions.keys()].filter(n => n <= version - MAX_VERSIONS)) target.versions.delete(old);
    target.oldest_version = Math.min(...target.versions.keys());
    this.secrets.set(path, target);
    return { status: 200, data: versionMetadata(target, version, stored) };
  }

  /** `DELETE <mount>/data/<path>`: soft-deletes the latest version (its metadata stays). */
  deleteLatest(path: string): KvAnswer {
    const secret = this.secrets.get(path);
    const latest = secret?.versions.get(secret.current_version);
    if (latest && !latest.deletion_time) latest.deletion_time = this.now().toISOString();
    return { status: 204 };
  }

  /** `GET <mount>/metadata/<path>`. */
  readMetadata(path: string): KvAnswer {
    const secret = this.secrets.get(path);
    if (!secret) return { status: 404, errors: [] };
    const versions = Object.fromEntries(
      [...secret.versions].map(([n, v]) => [String(n), { created_time: v.created_time, deletion_time: v.deletion_time, destroyed: v.destroyed }]),
    );
    return {
      status: 200,
      data: {
        cas_required: false,
        created_time: secret.created_time,
        current_version: secret.current_version,
        custom_metadata: secret.custom_metadata,
        delete_version_after: '0s',
        max_versions: 0,
        oldest_version: secret.oldest_version,
        updated_time: secret.updated_time,
        versions,
      },
    };
  }

  /** `DELETE <mount>/metadata/<path>`: every version and the metadata; absent is fine, as in Vault. */
  deleteMetadata(path: string): KvAnswer {
    this.secrets.delete(path);
    return { status: 204 };
  }

  /** `LIST <mount>/metadata/<folder>`: the folder's direct children, sub-folders ending in `/`. */
  list(folder: string): KvAnswer {
    const prefix = folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
    const keys = new Set<string>();
    for (const path of this.secrets.keys()) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    if (keys.size === 0) return { status: 404, errors: [] };
    return { status: 200, data: { keys: [...keys].sort() } };
  }
}
