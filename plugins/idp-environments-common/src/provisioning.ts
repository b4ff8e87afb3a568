import { NamespaceLike, environmentFromNamespace } from './environment';
import { ENVIRONMENT_ANNOTATIONS } from './labels';

/**
 * An environment is created in steps (Namespace, then its guard objects, then for a clone the
 * copied objects). The Namespace carries a provisioning marker until the last step succeeded, so
 * an interrupted request leaves something a retry can recognise and finish, or the janitor can
 * remove: never an environment that looks ready without its quota, policies and bindings.
 */

/** After this long a provisioning marker of another request counts as abandoned (its backend died or gave up). */
export const PROVISIONING_STALE_AFTER_MINUTES = 10;

/** What the marker records: who asked, for what, and when. */
export interface ProvisioningMarker {
  /** User entity ref of the requester. */
  by: string;
  /** The request in canonical form (see provisioningRequest); equal strings mean the same request. */
  request: string;
  /** ISO 8601: when the Namespace was created. */
  at: string;
}

/** What makes two create or clone requests the same one: everything the caller chose. */
export interface ProvisioningRequest {
  team: string;
  name: string;
  type: string;
  ttlDays?: number;
  protected?: boolean;
  clonedFrom?: string;
  preview?: { repository: string; pullRequest: number };
}

/** The request in a canonical form (fixed key order, absent fields left out). */
export function provisioningRequest(request: ProvisioningRequest): string {
  return JSON.stringify([
    request.team,
    request.name,
    request.type,
    request.ttlDays ?? null,
    request.protected ?? false,
    request.clonedFrom ?? null,
    request.preview ? [request.preview.repository, request.preview.pullRequest] : null,
  ]);
}

/** The annotation's value. */
export function provisioningMarkerValue(marker: ProvisioningMarker): string {
  return JSON.stringify({ by: marker.by, request: marker.request, at: marker.at });
}

/** The marker on a Namespace (by default the provisioning one); undefined when absent, empty fields when unreadable. */
export function readProvisioningMarker(ns: NamespaceLike, annotation: string = ENVIRONMENT_ANNOTATIONS.provisioning): ProvisioningMarker | undefined {
  const value = ns.metadata?.annotations?.[annotation];
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value);
    if (typeof parsed?.by === 'string' && typeof parsed?.request === 'string' && typeof parsed?.at === 'string') return parsed;
  } catch {
    // An unreadable marker is still a marker: handled as another request's.
  }
  return { by: '', request: '', at: '' };
}

const isOlderThanLimit = (at: string, now: Date, staleAfterMinutes = PROVISIONING_STALE_AFTER_MINUTES) => {
  const since = Date.parse(at);
  return Number.isNaN(since) || now.getTime() - since >= staleAfterMinutes * 60_000;
};

/** Whether a Namespace still provisioning was abandoned: marked longer ago than the limit (or unreadably). */
export function isStaleProvisioning(ns: NamespaceLike, now: Date, staleAfterMinutes = PROVISIONING_STALE_AFTER_MINUTES): boolean {
  const marker = readProvisioningMarker(ns);
  if (!marker) return false;
  return isOlderThanLimit(marker.at || String(ns.metadata?.creationTimestamp ?? ''), now, staleAfterMinutes);
}

/** What a create does when its Namespace already exists. */
export type ExistingNamespaceDecision =
  | { action: 'resume' }
  | { action: 'done' }
  | { action: 'remove-stale'; reason: string }
  | { action: 'conflict'; reason: string };

/**
 * A create found its Namespace already there. The same request (same requester, same choices)
 * still provisioning resumes and finishes; the same request repeated within
 * PROVISIONING_STALE_AFTER_MINUTES of a finished create (its answer was lost) gets the
 * environment as it is; anything else is a conflict that touches nothing, except another
 * request's marker older than the limit, which is removed so a retry can create.
 */
export function decideExistingNamespace(ns: NamespaceLike, mine: Omit<ProvisioningMarker, 'at'>, now: Date): ExistingNamespaceDecision {
  const name = ns.metadata?.name ?? 'the namespace';
  const environment = environmentFromNamespace(ns);
  if (!environment) return { action: 'conflict', reason: `Namespace ${name} exists and is not managed by Slipway; choose another name` };
  if (environment.phase === 'Terminating') {
    return { action: 'conflict', reason: `Environment ${name} is being deleted; wait until it is gone (usually seconds) or choose another name` };
  }
  const marker = readProvisioningMarker(ns);
  if (!marker) {
    const finished = readProvisioningMarker(ns, ENVIRONMENT_ANNOTATIONS.createdByRequest);
    if (finished && finished.by === mine.by && finished.request === mine.request && !isOlderThanLimit(finished.at, now)) return { action: 'done' };
    return {
      action: 'conflict',
      reason: `Environment ${name} already exists (created by ${environment.owner || 'someone'} at ${environment.createdAt}); choose another name or extend that one`,
    };
  }
  if (marker.by === mine.by && marker.request === mine.request) return { action: 'resume' };
  if (isStaleProvisioning(ns, now)) {
    return {
      action: 'remove-stale',
      reason: `Environment ${name} was left half-made by an interrupted request${marker.at ? ` at ${marker.at}` : ''}; it is being removed now, try again in a moment`,
    };
  }
  return {
    action: 'conflict',
    reason: `Environment ${name} is being created by another request (${marker.by || 'unknown'} at ${marker.at || 'an unknown time'}); choose another name`,
  };
}
