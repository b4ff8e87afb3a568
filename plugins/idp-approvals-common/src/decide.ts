import { Caller, EnvironmentType, isLeadOf } from '@internal/plugin-idp-environments-common';
import { DeployRequestStatus } from './api';

/** How long a request waits and how many approvals it needs, for one environment type. */
export interface ApprovalSettings {
  expiryDays: number;
  quorum: number;
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = { expiryDays: 7, quorum: 1 };

/** `slipway.approvals` as configured: per environment type, each setting optional. */
export interface ApprovalsConfig {
  expiryDays?: Partial<Record<EnvironmentType, number>>;
  quorum?: Partial<Record<EnvironmentType, number>>;
}

/** The settings of one environment type; a missing or nonsensical value falls back to the default. */
export function approvalSettingsFor(config: ApprovalsConfig | undefined, type: EnvironmentType | string): ApprovalSettings {
  const pick = (values: Partial<Record<string, number>> | undefined, fallback: number) => {
    const value = values?.[type];
    return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
  };
  return { expiryDays: pick(config?.expiryDays, DEFAULT_APPROVAL_SETTINGS.expiryDays), quorum: pick(config?.quorum, DEFAULT_APPROVAL_SETTINGS.quorum) };
}

/** What the rules need to know of a request. */
export interface DecidableRequest {
  team: string;
  /** The requester's user entity ref. */
  requester: string;
  status: DeployRequestStatus;
  expiresAt: string;
  decisions: { by: string; decision: 'approve' | 'reject' }[];
}

/** `forbidden`: this person may never decide it (403); `conflict`: nobody may any more, or they already did (409). */
export type ApprovalDecision = { allowed: true } | { allowed: false; refusal: 'forbidden' | 'conflict'; reason: string };

const CLOSED: Record<Exclude<DeployRequestStatus, 'pending'>, string> = {
  approved: 'it is already approved and being applied',
  applying: 'it is already approved and being applied',
  applied: 'it was already approved and applied',
  failed: 'it was approved and its apply failed; request the deploy again',
  rejected: 'it was rejected; request the deploy again',
  expired: 'it expired before enough tech leads approved; request the deploy again',
  stale: 'what runs in production changed since it was requested; request the deploy again',
};

const plainUser = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1).replace(/^user:/, '').toLocaleLowerCase('en-US');

/**
 * Whether a person may approve or reject a request now: a tech lead of its team or a platform
 * admin, never the requester (leads included), only while it is pending and has not expired, once.
 */
export function decideApproval(caller: Caller, request: DecidableRequest, settings: Pick<ApprovalSettings, 'quorum'>, now: Date): ApprovalDecision {
  // A pending request that already has its quorum is being approved right now by someone else.
  const status = request.status === 'pending' && statusAfterDecisions(request.decisions, settings) !== 'pending' ? 'approved' : request.status;
  if (status !== 'pending') return { allowed: false, refusal: 'conflict', reason: `This request can no longer be decided: ${CLOSED[status]}` };
  if (now.getTime() >= Date.parse(request.expiresAt)) {
    return { allowed: false, refusal: 'conflict', reason: `This request can no longer be decided: ${CLOSED.expired}` };
  }
  if (plainUser(request.requester) === caller.user) {
    return { allowed: false, refusal: 'forbidden', reason: `You requested it; another tech lead of ${request.team} approves` };
  }
  if (!isLeadOf(caller, request.team)) {
    return { allowed: false, refusal: 'forbidden', reason: `Only tech leads of ${request.team} (or platform admins) approve its production deploys` };
  }
  if (request.decisions.some(d => plainUser(d.by) === caller.user)) {
    return { allowed: false, refusal: 'conflict', reason: 'You already decided this request; another tech lead decides next' };
  }
  return { allowed: true };
}

/** Where the decisions leave a pending request: one rejection rejects it, `quorum` approvals approve it. */
export function statusAfterDecisions(decisions: DecidableRequest['decisions'], settings: Pick<ApprovalSettings, 'quorum'>): 'pending' | 'approved' | 'rejected' {
  if (decisions.some(d => d.decision === 'reject')) return 'rejected';
  return decisions.filter(d => d.decision === 'approve').length >= settings.quorum ? 'approved' : 'pending';
}

/** Whether a pending request has passed its expiry. */
export function isExpired(request: Pick<DecidableRequest, 'status' | 'expiresAt'>, now: Date): boolean {
  return request.status === 'pending' && now.getTime() >= Date.parse(request.expiresAt);
}
