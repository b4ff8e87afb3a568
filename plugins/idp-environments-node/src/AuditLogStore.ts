import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { AuditCursor, AuditEntry, AuditEntryQuery, AuditLogService, NewAuditEntry } from './auditLog';

const ENTRIES = 'audit_entries';

interface AuditEntryRow {
  id: string | number;
  at: string | number | Date;
  plugin: string;
  event_id: string;
  severity: string;
  actor: string;
  status: AuditEntry['status'];
  team: string | null;
  namespace: string | null;
  environment: string | null;
  app: string | null;
  meta: string | null;
  error: string | null;
}

const optional = (value: string | null) => value ?? undefined;
const newestFirst = (a: AuditEntryRow, b: AuditEntryRow) => new Date(b.at).getTime() - new Date(a.at).getTime() || Number(BigInt(b.id) - BigInt(a.id));

function toRow(entry: NewAuditEntry) {
  return {
    at: new Date(entry.at),
    plugin: entry.plugin,
    event_id: entry.eventId,
    severity: entry.severity,
    actor: entry.actor,
    status: entry.status,
    team: entry.team ?? null,
    namespace: entry.namespace ?? null,
    environment: entry.environment ?? null,
    app: entry.app ?? null,
    meta: JSON.stringify(entry.meta),
    error: entry.error ?? null,
  };
}

/**
 * SQLite (the embedded default) in write-ahead-log mode, which the file keeps: every audited action
 * writes an entry, and in SQLite's default rollback journal each commit cost about 3 ms of syncing
 * on the event loop (better-sqlite3 is synchronous), about 0.1 ms in WAL. PostgreSQL is left as it is.
 */
async function useWriteAheadLog(db: Knex) {
  const client = String(db.client.config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3') await db.raw('PRAGMA journal_mode = WAL');
}

/**
 * The audit log in a database of its own (SQLite or PostgreSQL), newest first with keyset pages by
 * (at, id): a page costs the same at entry 100,000 as at entry 1, on the (filter, at, id) indexes.
 */
export class AuditLogStore implements AuditLogService {
  static async create(db: Knex, options: { skipMigrations?: boolean } = {}): Promise<AuditLogStore> {
    if (!options.skipMigrations) {
      await db.migrate.latest({ directory: resolvePackagePath('@internal/plugin-idp-environments-node', 'migrations') });
    }
    await useWriteAheadLog(db);
    return new AuditLogStore(db);
  }

  constructor(private readonly db: Knex) {}

  /** One entry, one INSERT: atomic on its own, so no transaction around it (knex's batchInsert opens one). */
  async record(entry: NewAuditEntry): Promise<void> {
    await this.db(ENTRIES).insert(toRow(entry));
  }

  /** Several at once (the bench's fixture); in chunks SQLite's bound-parameter limit accepts. */
  async recordAll(entries: NewAuditEntry[]): Promise<void> {
    await this.db.batchInsert(ENTRIES, entries.map(toRow), 500);
  }

  async list(query: AuditEntryQuery): Promise<{ items: AuditEntry[]; next?: AuditCursor }> {
    const { scope, limit } = query;
    let rows: AuditEntryRow[];
    if (scope.all) {
      rows = await this.page(query);
    } else {
      // Two index-led queries (the teams' entries; the caller's own elsewhere) merged, rather than one OR that scans by time.
      const [teams, own] = await Promise.all([
        scope.teams.length ? this.page(query, q => q.whereIn('team', scope.teams)) : [],
        this.page(query, q => q.where('actor', scope.actor).where(other => other.whereNull('team').orWhereNotIn('team', scope.teams))),
      ]);
      rows = [...teams, ...own].sort(newestFirst).slice(0, limit + 1);
    }
    const items = rows.slice(0, limit).map(toEntry);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? { at: new Date(last.at), id: last.id } : undefined };
  }

  /** One page (plus one row, to know whether there is a next) of the entries the filters and `visible` allow. */
  private async page(query: AuditEntryQuery, visible?: (q: Knex.QueryBuilder) => void): Promise<AuditEntryRow[]> {
    const { team, namespace, actor, eventId, before, limit } = query;
    return this.db<AuditEntryRow>(ENTRIES)
      .modify(q => {
        visible?.(q);
        if (team) q.where('team', team);
        if (namespace) q.where('namespace', namespace);
        if (actor) q.where('actor', actor);
        if (eventId) q.where('event_id', eventId);
        if (before) q.where(older => older.where('at', '<', before.at).orWhere(same => same.where('at', '=', before.at).andWhere('id', '<', before.id)));
      })
      .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(limit + 1);
  }
}

function toEntry(row: AuditEntryRow): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    plugin: row.plugin,
    eventId: row.event_id,
    severity: row.severity,
    actor: row.actor,
    status: row.status,
    team: optional(row.team),
    namespace: optional(row.namespace),
    environment: optional(row.environment),
    app: optional(row.app),
    meta: row.meta ? JSON.parse(row.meta) : {},
    error: optional(row.error),
  };
}
