import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { RotationPolicy, RotationRecord, SecretGenerator, SecretKeyView } from '@internal/plugin-idp-secrets-common';
import { Knex } from 'knex';

/** A secret as the database holds it: names, versions, who and when; never a value nor a hash of one. */
export interface SecretRecord {
  namespace: string;
  name: string;
  team: string;
  version: number;
  keys: SecretKeyView[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  /** How values are made; `byOperator` when the External Secrets Operator's generator makes them. */
  generator?: { spec: SecretGenerator; key?: string; byOperator?: boolean };
  rotation?: RotationPolicy;
  lastRotatedAt?: string;
  nextRotationAt?: string;
  previousUntil?: string;
}

const SECRETS = 'secrets';
const ROTATIONS = 'secret_rotations';

const iso = (value: unknown) => (value === null || value === undefined ? undefined : new Date(value as string | number | Date).toISOString());
const json = <T>(value: unknown): T | undefined => (value === null || value === undefined ? undefined : ((typeof value === 'string' ? JSON.parse(value) : value) as T));
const date = (value: string | undefined) => (value ? new Date(value) : null);

function toRecord(row: any): SecretRecord {
  return {
    namespace: row.namespace,
    name: row.name,
    team: row.team,
    version: Number(row.version),
    keys: json<SecretKeyView[]>(row.keys) ?? [],
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at)!,
    generator: json(row.generator),
    rotation: json(row.rotation),
    lastRotatedAt: iso(row.last_rotated_at),
    nextRotationAt: iso(row.next_rotation_at),
    previousUntil: iso(row.previous_until),
  };
}

function toRow(record: SecretRecord) {
  return {
    namespace: record.namespace,
    name: record.name,
    team: record.team,
    version: record.version,
    keys: JSON.stringify(record.keys),
    created_by: record.createdBy,
    created_at: date(record.createdAt),
    updated_by: record.updatedBy,
    updated_at: date(record.updatedAt),
    generator: record.generator ? JSON.stringify(record.generator) : null,
    rotation: record.rotation ? JSON.stringify(record.rotation) : null,
    last_rotated_at: date(record.lastRotatedAt),
    next_rotation_at: date(record.nextRotationAt),
    previous_until: date(record.previousUntil),
  };
}

/**
 * Secret metadata in the plugin's database (SQLite or PostgreSQL). A change is a conditional
 * UPDATE on the version it read, so two writers (or two replicas) never both win one version.
 */
export class SecretMetadataStore {
  static async create(database: DatabaseService): Promise<SecretMetadataStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: resolvePackagePath('@internal/plugin-idp-secrets-backend', 'migrations') });
    }
    return new SecretMetadataStore(client);
  }

  constructor(private readonly db: Knex) {}

  async list(namespace: string): Promise<SecretRecord[]> {
    const rows = await this.db(SECRETS).where({ namespace }).orderBy('name');
    return rows.map(toRecord);
  }

  async get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    const row = await this.db(SECRETS).where({ namespace, name }).first();
    return row ? toRecord(row) : undefined;
  }

  /** False when the secret exists already (another writer created it first). */
  async insert(record: SecretRecord): Promise<boolean> {
    try {
      await this.db(SECRETS).insert(toRow(record));
      return true;
    } catch (error) {
      if (await this.get(record.namespace, record.name)) return false;
      throw error;
    }
  }

  /** Replaces the record if it is still at `expectedVersion`; false when someone changed it meanwhile. */
  async update(record: SecretRecord, expectedVersion: number): Promise<boolean> {
    const { namespace, name, ...rest } = toRow(record);
    const changed = await this.db(SECRETS).where({ namespace, name, version: expectedVersion }).update(rest);
    return changed === 1;
  }

  /** Puts back what a failed write had reserved: only if nothing else changed it since. */
  async restore(previous: SecretRecord | undefined, reserved: SecretRecord): Promise<void> {
    if (previous) await this.update(previous, reserved.version);
    else await this.db(SECRETS).where({ namespace: reserved.namespace, name: reserved.name, version: reserved.version }).delete();
  }

  async delete(namespace: string, name: string, expectedVersion: number): Promise<boolean> {
    const deleted = await this.db(SECRETS).where({ namespace, name, version: expectedVersion }).delete();
    if (deleted === 1) await this.db(ROTATIONS).where({ namespace, name }).delete();
    return deleted === 1;
  }

  /** Secrets whose rotation is due or whose grace window ended, oldest first. */
  async dueForRotation(now: Date, limit: number): Promise<SecretRecord[]> {
    const rows = await this.db(SECRETS)
      .where(q => q.where('next_rotation_at', '<=', now).orWhere('previous_until', '<=', now))
      .orderBy('next_rotation_at')
      .limit(limit);
    return rows.map(toRecord);
  }

  async addRotation(namespace: string, name: string, record: RotationRecord): Promise<void> {
    await this.db(ROTATIONS).insert({
      namespace,
      name,
      at: new Date(record.at),
      by: record.by,
      outcome: record.outcome,
      version: record.version ?? null,
      message: record.message ?? null,
      restarted: JSON.stringify(record.restarted),
    });
  }

  async rotations(namespace: string, name: string, limit = 100): Promise<RotationRecord[]> {
    const rows = await this.db(ROTATIONS).where({ namespace, name }).orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
    return rows.map(row => ({
      at: iso(row.at)!,
      by: row.by,
      outcome: row.outcome,
      version: row.version === null || row.version === undefined ? undefined : Number(row.version),
      message: row.message ?? undefined,
      restarted: json<string[]>(row.restarted) ?? [],
    }));
  }
}
