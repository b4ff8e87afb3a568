import { Environment } from './environment';
import { PROVISIONING_STALE_AFTER_MINUTES } from './provisioning';

/** Environments without activity for this long are removed (PRODUCT.md). */
export const INACTIVITY_LIMIT_DAYS = 30;
/** How long before removal the owner hears about it. */
export const NOTIFY_BEFORE_HOURS = 24;

export interface JanitorPlanItem {
  environment: Environment;
  action: 'delete' | 'notify' | 'keep';
  reason: string;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const timeOf = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
};

/** When and why an environment is due for removal, or undefined if it never is. */
function dueDate(environment: Environment, inactivityDays: number): { at: number; why: string } | undefined {
  const candidates: Array<{ at: number; why: string }> = [];
  const expiresAt = timeOf(environment.expiresAt);
  if (expiresAt !== undefined) candidates.push({ at: expiresAt, why: `it expires at ${environment.expiresAt}` });
  const activitySource = environment.lastActivityAt ?? environment.createdAt;
  const lastActivity = timeOf(activitySource);
  if (lastActivity !== undefined) {
    candidates.push({ at: lastActivity + inactivityDays * DAY_MS, why: `it has had no activity since ${activitySource} (limit ${inactivityDays} days)` });
  }
  return candidates.sort((a, b) => a.at - b.at)[0];
}

function planOne(environment: Environment, now: number, inactivityDays: number, notifyBeforeMs: number): JanitorPlanItem {
  const keep = (reason: string): JanitorPlanItem => ({ environment, action: 'keep', reason });
  if (environment.type === 'production') return keep('Production environments are never removed automatically');
  if (environment.protected) return keep(`${environment.namespace} is protected; the janitor never removes it`);
  if (environment.phase === 'Terminating') return keep(`${environment.namespace} is already being deleted`);
  if (environment.phase === 'Provisioning') {
    const since = timeOf(environment.provisioningSince) ?? timeOf(environment.createdAt) ?? now;
    if (now - since < PROVISIONING_STALE_AFTER_MINUTES * 60_000) return keep(`${environment.namespace} is being created`);
    return {
      environment,
      action: 'delete',
      reason: `Deleting ${environment.namespace}: its create was interrupted at ${environment.provisioningSince} and nobody finished it within ${PROVISIONING_STALE_AFTER_MINUTES} minutes`,
    };
  }
  const due = dueDate(environment, inactivityDays);
  if (!due) return keep(`${environment.namespace} has no expiry and no known activity`);
  if (due.at <= now) return { environment, action: 'delete', reason: `Deleting ${environment.namespace}: ${due.why}` };
  const dueIso = new Date(due.at).toISOString();
  if (due.at - now <= notifyBeforeMs) {
    return {
      environment,
      action: 'notify',
      reason: `${environment.namespace} will be deleted at ${dueIso} because ${due.why}; extend it to keep it`,
    };
  }
  return keep(`${environment.namespace} is kept until ${dueIso}`);
}

/**
 * What the janitor should do with each environment, in input order. Pure, so every backend
 * replica computes the same plan; production and protected environments are always kept.
 */
export function planCleanup(
  environments: Environment[],
  now: Date,
  options?: { inactivityDays?: number; notifyBeforeHours?: number },
): JanitorPlanItem[] {
  const inactivityDays = options?.inactivityDays ?? INACTIVITY_LIMIT_DAYS;
  const notifyBeforeMs = (options?.notifyBeforeHours ?? NOTIFY_BEFORE_HOURS) * HOUR_MS;
  return environments.map(environment => planOne(environment, now.getTime(), inactivityDays, notifyBeforeMs));
}
