/** The REST types of the approvals backend (/api/idp-approvals), shared with the approvals UI and the scaffolder action. */

export type DeployRequestStatus = 'pending' | 'approved' | 'applying' | 'applied' | 'failed' | 'rejected' | 'expired' | 'stale';
export interface DiffLine { op: ' ' | '+' | '-'; text: string }
export interface ObjectDiff { kind: string; name: string; change: 'added' | 'changed' | 'unchanged' | 'removed'; lines: DiffLine[] }
export interface DeployDecisionView { by: string; decision: 'approve' | 'reject'; comment: string; at: string }
export interface ResourceDelta { cpuMillicores: number; memoryBytes: number; replicas: number }
export interface DeployRequestSummary {
  id: string; team: string; app: string; environment: string; namespace: string;
  requester: string; reason: string; status: DeployRequestStatus; createdAt: string; expiresAt: string;
  approvals: number; quorum: number;
}
export interface DeployRequestView extends DeployRequestSummary {
  digest: string;                 // sha256 hex of the canonical manifests
  manifestsYaml: string;          // what will be applied
  diff: ObjectDiff[];             // per object, against what ran when requested
  guardRails: { passed: boolean; violations: { ruleId: string; message: string; field?: string }[] };
  resourceDelta: ResourceDelta;
  decisions: DeployDecisionView[];
  /** What the caller may do now, with the reason when they may not (e.g. "You requested it; another tech lead of team-a approves"). */
  youMay: { approve: boolean; reject: boolean; reason?: string };
  outcome?: { at: string; message: string; objects?: string[] };   // applied / failed / stale / expired: what happened
  /** The applied request whose spec this one deploys again (a rollback to that revision). */
  rollbackOf?: string;
}
/** A production revision of an app: a request that was applied, which a rollback deploys again. */
export interface DeployRevision {
  id: string;                     // the applied request
  environment: string; namespace: string;
  appliedAt: string;              // its outcome's time
  requester: string; approvers: string[]; reason: string;
  digest: string;
  images: string[];               // of the stored manifests' containers, in order, once each
  rollbackOf?: string;
}
export interface CreateDeployRequest { spec: Record<string, unknown>; environment: string; expertYaml?: string; reason: string }
/** A new request that deploys an applied request's spec again, judged against today's production. */
export interface RollbackDeployRequest { reason: string }
export interface DecideDeployRequest { decision: 'approve' | 'reject'; comment?: string }
export const DEPLOY_REQUEST_SIGNAL_CHANNEL = (id: string) => `idp-approvals:request:${id}`;

/** One audit log entry (GET /audit): who did what, when, to which environment and app, with the outcome. Names only, never values. */
export interface AuditEntryView {
  id: string; at: string; plugin: string; eventId: string; severity: string;
  actor: string;                  // user entity ref, service subject (plugin:…) or the janitor
  status: 'succeeded' | 'failed' | 'refused';
  team?: string; namespace?: string; environment?: string; app?: string;
  meta: Record<string, unknown>; error?: string;
}
/** GET /audit?team&namespace&actor&action&before&limit: newest first; `next` is the `before` of the following page. */
export interface AuditEntriesResponse { items: AuditEntryView[]; next?: string }
export interface AuditEntryFilters { team?: string; namespace?: string; actor?: string; action?: string; before?: string; limit?: number }
/** Most entries one page returns (limit is 1..MAX_AUDIT_PAGE, default 50). */
export const MAX_AUDIT_PAGE = 200;
