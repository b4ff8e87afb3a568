import { createApiRef } from '@backstage/frontend-plugin-api';
import type { PriceSheet } from '@internal/plugin-idp-costs-common';
import type { AuditEntriesResponse, AuditEntryFilters, DecideDeployRequest, DeployRequestSummary, DeployRequestView, DeployRevision, RollbackDeployRequest } from '@internal/plugin-idp-approvals-common';

/** Which requests a list shows: pending ones of the teams the caller leads, the caller's own, or all of the caller's teams. */
export type DeployRequestListView = 'inbox' | 'mine' | 'team';

/** The approvals backend, as the frontend sees it. Failures reject with a `ResponseError`. */
export interface ApprovalsApi {
  /** Newest first. */
  listRequests(view: DeployRequestListView): Promise<DeployRequestSummary[]>;
  /** 404 when the request does not exist or belongs to a team the caller cannot see. */
  getRequest(id: string): Promise<DeployRequestView>;
  /** Approves or rejects; resolves with the request as it is after the decision. 403 and 409 carry the reason. */
  decide(id: string, body: DecideDeployRequest): Promise<DeployRequestView>;
  /** The app's applied production requests the caller may see, newest first; empty for other teams' apps. */
  listRevisions(team: string, app: string): Promise<DeployRevision[]>;
  /** A new request deploying the applied request `id` again, to be approved like any; 404 for other teams, 409 when `id` was not applied. */
  rollback(id: string, body: RollbackDeployRequest): Promise<DeployRequestView>;

  /** One page of the audit log as far as the caller may see it, newest first; pass `next` as `before` for the following page. 400 names a bad filter. */
  listAuditEntries(filters: AuditEntryFilters): Promise<AuditEntriesResponse>;

  /** Today's prices from the costs backend (`GET /api/idp-costs/price-sheet`), for a request's cost per month. */
  getPriceSheet(): Promise<PriceSheet>;
}

export const approvalsApiRef = createApiRef<ApprovalsApi>().with({ id: 'plugin.idp-approvals.api' });
