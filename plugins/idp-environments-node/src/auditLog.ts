import { createServiceRef } from '@backstage/backend-plugin-api';
import { REFUSALS } from './audit';

/** How an audited change ended: done, refused by a rule, permission or bad input, or broken. */
export type AuditEntryStatus = 'succeeded' | 'failed' | 'refused';

/** One finished audit event as stored: who did what, when, to which environment and app, with the outcome. */
export interface AuditEntry {
  id: string;
  at: string;
  plugin: string;
  eventId: string;
  severity: string;
  /** A user entity ref, a service subject (`plugin:…`) or the actor a plugin named (the janitor). */
  actor: string;
  status: AuditEntryStatus;
  team?: string;
  namespace?: string;
  environment?: string;
  app?: string;
  meta: Record<string, unknown>;
  error?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** Whose entries a caller may see: everyone's, or those of their teams plus their own actions. */
export type AuditScope = { all: true } | { all?: false; teams: string[]; actor: string };

/** Which entries to list, newest first; every given condition must hold. `before` continues a page. */
export interface AuditEntryQuery {
  scope: AuditScope;
  team?: string;
  namespace?: string;
  actor?: string;
  eventId?: string;
  before?: AuditCursor;
  limit: number;
}

/** Where a page ended: entries strictly older (by time, then id) come next. */
export interface AuditCursor {
  at: Date;
  id: string;
}

/** The audit log's store, one for the whole backend (every plugin's auditor writes to it). */
export interface AuditLogService {
  record(entry: NewAuditEntry): Promise<void>;
  list(query: AuditEntryQuery): Promise<{ items: AuditEntry[]; next?: AuditCursor }>;
}

/** The backend's audit log; packages/backend provides it (a database of its own through Backstage's DatabaseManager). */
export const auditLogServiceRef = createServiceRef<AuditLogService>({ id: 'slipway.audit-log', scope: 'root' });

/** What the auditor hands over for one event (Backstage's AuditorEvent, structurally; no dependency on backend-defaults). */
export interface AuditorEventLike {
  plugin: string;
  eventId: string;
  severityLevel: string;
  actor: { actorId?: string };
  meta?: Record<string, unknown>;
  status: 'initiated' | 'succeeded' | 'failed';
  /** An Error in backend-defaults 0.18; older auditors passed `String(error)`. */
  error?: Error | string;
}

/** Stored meta is capped: events carry names and numbers, and a runaway list must not fill the table. */
export const MAX_AUDIT_META_BYTES = 4096;
const MAX_NAME = 255;
const MAX_ERROR = 1000;

const name = (value: unknown): string | undefined => (typeof value === 'string' && value ? value.slice(0, MAX_NAME) : undefined);

/** The meta as stored: whole when small, otherwise its first fields that fit and the names of the rest. */
export function cappedMeta(meta: Record<string, unknown>): Record<string, unknown> {
  if (Buffer.byteLength(JSON.stringify(meta)) <= MAX_AUDIT_META_BYTES) return meta;
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  // 1 KB kept back for the names of the dropped fields (at most 10 of 64 characters).
  for (const [key, value] of Object.entries(meta)) {
    if (Buffer.byteLength(JSON.stringify({ ...kept, [key]: value })) <= MAX_AUDIT_META_BYTES - 1024) kept[key] = value;
    else dropped.push(key.slice(0, 64));
  }
  return { ...kept, truncated: dropped.slice(0, 10) };
}

/** "NotAllowedError: You may not …": the class name tells a refusal from a failure. */
function errorText(error: Error | string | undefined): string {
  if (error === undefined) return 'unknown error';
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The entry an auditor event becomes, or undefined for an event that has only started (its
 * outcome is recorded when it ends). The actor a plugin names in meta (a scaffolder action acting
 * for a user, the janitor) wins over the principal the auditor resolved (then the plugin itself).
 */
export function auditEntryOf(event: AuditorEventLike, at: Date): NewAuditEntry | undefined {
  if (event.status === 'initiated') return undefined;
  const meta = event.meta ?? {};
  const error = event.status === 'failed' ? errorText(event.error) : undefined;
  const refused = meta.outcome === 'refused' || REFUSALS.includes(error?.match(/^(\w+):/)?.[1] ?? '');
  const failure: AuditEntryStatus = refused ? 'refused' : 'failed';
  return {
    at: at.toISOString(),
    plugin: event.plugin.slice(0, MAX_NAME),
    eventId: event.eventId.slice(0, MAX_NAME),
    severity: event.severityLevel,
    actor: name(meta.actor) ?? name(event.actor.actorId) ?? `plugin:${event.plugin}`.slice(0, MAX_NAME),
    status: event.status === 'succeeded' ? 'succeeded' : failure,
    team: name(meta.team),
    namespace: name(meta.namespace),
    environment: name(meta.environment),
    app: name(meta.app),
    meta: cappedMeta(meta),
    error: error?.slice(0, MAX_ERROR),
  };
}
