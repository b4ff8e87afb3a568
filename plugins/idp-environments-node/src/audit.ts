import { AuditorService, AuditorServiceCreateEventOptions, AuditorServiceEventSeverityLevel } from '@backstage/backend-plugin-api';

/** What an audit event says about a change: names, numbers and outcomes, never a secret value. */
export type AuditMeta = { [key: string]: string | number | boolean | string[] | undefined };

/** Errors that mean "refused" (the request, the rules or the permission policy said no) rather than "broke". */
export const REFUSALS = ['InputError', 'NotAllowedError', 'NotFoundError', 'ConflictError', 'AuthenticationError'];

/** The meta as logged: fields not known (yet) are left out rather than written as null. */
const defined = (meta: AuditMeta) => Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined)) as AuditorServiceCreateEventOptions['meta'];

/**
 * Runs one change inside one audit event. The event is created before anything is checked, so a
 * refusal (validation, permission, rule) is on record as a failed event just like a success;
 * `work` adds what it learns (team, type, outcome, ...) to `meta` as it goes. With `request`, the
 * auditor records the acting principal from its credentials; without (the janitor), meta names
 * the actor.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: { eventId: string; severityLevel: AuditorServiceEventSeverityLevel; request?: AuditorServiceCreateEventOptions['request']; meta: AuditMeta },
  work: (meta: AuditMeta) => Promise<T>,
): Promise<T> {
  const meta: AuditMeta = { ...event.meta };
  const audit = await auditor.createEvent({ eventId: event.eventId, severityLevel: event.severityLevel, request: event.request, meta: defined(meta) });
  try {
    const result = await work(meta);
    await audit.success({ meta: defined({ ...meta, outcome: meta.outcome ?? 'succeeded' }) });
    return result;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    await audit.fail({ error: failure, meta: defined({ ...meta, outcome: REFUSALS.includes(failure.name) ? 'refused' : 'error' }) });
    throw error;
  }
}

/** For callers with nothing to audit into (tests that do not look at audit events). */
export const NO_AUDITOR: AuditorService = { createEvent: async () => ({ success: async () => {}, fail: async () => {} }) };
