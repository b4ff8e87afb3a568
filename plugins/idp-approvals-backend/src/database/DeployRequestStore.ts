import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { DeployRequestStatus, ObjectDiff, ResourceDelta, statusAfterDecisions } from '@internal/plugin-idp-approvals-common';
import { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { Knex } from 'knex';

/** One decision on a request, as stored. */
export interface DecisionRecord {
  by: string;
  decision: 'approve' | 'reject';
  comment: string;
  at: string;
}

/** A deploy request as stored: what was asked, judged and (later) what happened. */
export interface DeployRequestRecord {
  id: string;
  team: string;
  app: string;
  environment: string;
  namespace: string;
  type: string;
  requester: string;
  reason: string;
  spec: Record<string, unknown>;
  expertYaml?: string;
  manifests: KubernetesManifest[];
  digest: string;
  /** kind/namespace/name → resourceVersion when requested ('' when the object did not exist). */
  liveVersions: Record<string, string>;
  diff: ObjectDiff[];
  guardRails: { passed: boolean; violations: { ruleId: string; message: string; field?: string }[] };
  resourceDelta: ResourceDelta;
  status: DeployRequestStatus;
  createdAt: string;
  expiresAt: string;
  claimedBy?: string;
  claimedAt?: string;
  outcome?: { at: string; message: string; objects?: string[] };
  decisions: DecisionRecord[];
  /** The applied request this one deploys again. */
  rollbackOf?: string;
}

export type NewDeployRequest = Omit<DeployRequestRecord, 'status' | 'decisions' | 'claimedBy' | 'claimedAt' | 'outcome'>;

/** Which requests to list; every given condition must hold. */
export interface DeployRequestFilter {
  teams?: string[];
  requester?: string;
  status?: DeployRequestStatus;
}

/** What a decision did: the request's status after it, or why it could not be recorded. */
export type DecisionResult = { recorded: true; status: 'pending' | 'approved' | 'rejected' } | { recorded: false; why: 'closed' | 'already-decided' };

const REQUESTS = 'deploy_requests';
const DECISIONS = 'deploy_decisions';

const iso = (value: unknown) => (value === null || value === undefined ? undefined : new Date(value as string | number | Date).toISOString());
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Deploy requests and decisions in the plugin's database (SQLite or PostgreSQL). Every status
 * change is a conditional UPDATE on the status it leaves, so concurrent deciders and several
 * backend replicas change a request once.
 */
export class DeployRequestStore {
  static async create(database: DatabaseService): Promise<DeployRequestStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: resolvePackagePath('@internal/plugin-idp-approvals-backend', 'migrations') });
    }
    return new DeployRequestStore(client);
  }

  constructor(private readonly db: Knex) {}

  async insert(request: NewDeployRequest): Promise<void> {
    await this.db(REQUESTS).insert({
      id: request.id,
      team: request.team,
      app: request.app,
      environment: request.environment,
      namespace: request.namespace,
      type: request.type,
      requester: request.requester,
      reason: request.reason,
      spec: JSON.stringify(request.spec),
      expert_yaml: request.expertYaml ?? null,
      manifests: JSON.stringify(request.manifests),
      digest: request.digest,
      live_versions: JSON.stringify(request.liveVersions),
      diff: JSON.stringify(request.diff),
      guard_rails: JSON.stringify(request.guardRails),
      resource_delta: JSON.stringify(request.resourceDelta),
      status: 'pending',
      created_at: new Date(request.createdAt),
      expires_at: new Date(request.expiresAt),
      rollback_of: request.rollbackOf ?? null,
    });
  }

  async get(id: string): Promise<DeployRequestRecord | undefined> {
    const row = await this.db(REQUESTS).where({ id }).first();
    if (!row) return undefined;
    const decisions = await this.db(DECISIONS).where({ request_id: id }).orderBy('at', 'asc');
    return this.toRecord(row, decisions);
  }

  /** Newest first, without manifests and diffs: what lists show. */
  async list(filter: DeployRequestFilter, limit = 500): Promise<DeployRequestRecord[]> {
    let query = this.db(REQUESTS).select(
      'id', 'team', 'app', 'environment', 'namespace', 'type', 'requester', 'reason', 'status', 'created_at', 'expires_at', 'digest',
    );
    if (filter.teams) query = query.whereIn('team', filter.teams);
    if (filter.requester) query = query.where('requester', filter.requester);
    if (filter.status) query = query.where('status', filter.status);
    const rows = await query.orderBy('created_at', 'desc').limit(limit);
    const ids = rows.map(r => r.id);
    const decisions = ids.length ? await this.db(DECISIONS).whereIn('request_id', ids).orderBy('at', 'asc') : [];
    return rows.map(row => this.toRecord(row, decisions.filter(d => d.request_id === row.id)));
  }

  async idsWithStatus(status: DeployRequestStatus): Promise<string[]> {
    return (await this.db(REQUESTS).where({ status }).select('id')).map(r => r.id);
  }

  /**
   * Records a decision and moves the request on when it decides it, atomically: the first UPDATE
   * takes the request's row (PostgreSQL locks it; SQLite has one writer), so a concurrent decision
   * waits and then finds it no longer pending.
   */
  async decide(id: string, decision: DecisionRecord, quorum: number, now: Date): Promise<DecisionResult> {
    return this.db.transaction(async tx => {
      const held = await tx(REQUESTS).where({ id, status: 'pending' }).where('expires_at', '>', now).update({ status: 'pending' });
      if (held === 0) return { recorded: false, why: 'closed' } as const;
      const existing = await tx(DECISIONS).where({ request_id: id, by: decision.by }).first();
      if (existing) return { recorded: false, why: 'already-decided' } as const;
      await tx(DECISIONS).insert({ request_id: id, by: decision.by, decision: decision.decision, comment: decision.comment, at: new Date(decision.at) });
      const all = await tx(DECISIONS).where({ request_id: id });
      const status = statusAfterDecisions(all.map(d => ({ by: d.by, decision: d.decision })), { quorum });
      if (status !== 'pending') await tx(REQUESTS).where({ id, status: 'pending' }).update({ status });
      return { recorded: true, status } as const;
    });
  }

  /** The applied requests of one app in environments of one type, newest first, manifests included (the revisions a rollback returns to). */
  async listApplied(filter: { team: string; app: string; type: string }, limit = 100): Promise<DeployRequestRecord[]> {
    const rows = await this.db(REQUESTS).where({ ...filter, status: 'applied' }).orderBy('created_at', 'desc').limit(limit);
    const ids = rows.map(r => r.id);
    const decisions = ids.length ? await this.db(DECISIONS).whereIn('request_id', ids).orderBy('at', 'asc') : [];
    return rows.map(row => this.toRecord(row, decisions.filter(d => d.request_id === row.id)));
  }

  /** Moves a request from one status to another; false when it was no longer in `from`. */
  async transition(id: string, from: DeployRequestStatus, to: DeployRequestStatus, outcome?: DeployRequestRecord['outcome']): Promise<boolean> {
    const changes: Record<string, unknown> = { status: to };
    if (outcome) changes.outcome = JSON.stringify(outcome);
    return (await this.db(REQUESTS).where({ id, status: from }).update(changes)) === 1;
  }

  /** The single-use grant: only one claimer moves an approved request to applying. */
  async claim(id: string, claimer: string, now: Date): Promise<boolean> {
    return (await this.db(REQUESTS).where({ id, status: 'approved' }).update({ status: 'applying', claimed_by: claimer, claimed_at: now })) === 1;
  }

  /** Expires every pending request past its expiry; returns their ids. */
  async expireDue(now: Date): Promise<string[]> {
    const due = (await this.db(REQUESTS).where({ status: 'pending' }).where('expires_at', '<=', now).select('id')).map(r => r.id as string);
    const expired: string[] = [];
    const outcome = JSON.stringify({ at: now.toISOString(), message: 'Expired before enough tech leads approved; request the deploy again' });
    for (const id of due) {
      if ((await this.db(REQUESTS).where({ id, status: 'pending' }).update({ status: 'expired', outcome })) === 1) expired.push(id);
    }
    return expired;
  }

  private toRecord(row: Record<string, any>, decisions: Record<string, any>[]): DeployRequestRecord {
    return {
      id: row.id,
      team: row.team,
      app: row.app,
      environment: row.environment,
      namespace: row.namespace,
      type: row.type,
      requester: row.requester,
      reason: row.reason,
      spec: row.spec ? json(row.spec) : {},
      expertYaml: row.expert_yaml ?? undefined,
      manifests: row.manifests ? json(row.manifests) : [],
      digest: row.digest,
      liveVersions: row.live_versions ? json(row.live_versions) : {},
      diff: row.diff ? json(row.diff) : [],
      guardRails: row.guard_rails ? json(row.guard_rails) : { passed: true, violations: [] },
      resourceDelta: row.resource_delta ? json(row.resource_delta) : { cpuMillicores: 0, memoryBytes: 0, replicas: 0 },
      status: row.status,
      createdAt: iso(row.created_at)!,
      expiresAt: iso(row.expires_at)!,
      claimedBy: row.claimed_by ?? undefined,
      claimedAt: iso(row.claimed_at),
      outcome: row.outcome ? json(row.outcome) : undefined,
      decisions: decisions.map(d => ({ by: d.by, decision: d.decision, comment: d.comment, at: iso(d.at)! })),
      rollbackOf: row.rollback_of ?? undefined,
    };
  }
}
