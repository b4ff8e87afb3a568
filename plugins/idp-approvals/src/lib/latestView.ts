import type { DeployRequestStatus, DeployRequestView } from '@internal/plugin-idp-approvals-common';

// A request only moves forward: pending, then approved, then applying, then one of the ends.
const STAGE: Record<DeployRequestStatus, number> = { pending: 0, approved: 1, applying: 2, applied: 3, failed: 3, stale: 3, rejected: 3, expired: 3 };

/**
 * The later of two views of a request, whatever order the answers arrived in: a decision's answer
 * can arrive after a reload that a signal started, and must not put the page back to `applying`.
 */
export function latestView(shown: DeployRequestView | undefined, next: DeployRequestView): DeployRequestView {
  if (!shown || shown.id !== next.id) return next;
  const [was, is] = [STAGE[shown.status], STAGE[next.status]];
  if (is !== was) return is > was ? next : shown;
  return next.decisions.length >= shown.decisions.length ? next : shown;
}

/** While it is being applied, the page also reloads on a timer, in case a signal was missed. */
export const isMoving = (request?: DeployRequestView) => request?.status === 'approved' || request?.status === 'applying';
