import { AuditorService, BackstageCredentials, LoggerService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ApprovalsConfig,
  CreateDeployRequest,
  DEPLOY_REQUEST_SIGNAL_CHANNEL,
  DecideDeployRequest,
  DeployRequestStatus,
  DeployRequestSummary,
  DeployRequestView,
  DeployRevision,
  RollbackDeployRequest,
  approvalSettingsFor,
  canonicalManifests,
  decideApproval,
  deployRequestCreatePermission,
  deployRequestDecidePermission,
  diffManifests,
  manifestImages,
  manifestKey,
  resourceDelta,
} from '@internal/plugin-idp-approvals-common';
import { renderYaml } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { Caller, FieldError, KubernetesManifest, LEADS_GROUP_SUFFIX, SLIPWAY_LABEL_PREFIX, callerFromIdentity, environmentReadPermission } from '@internal/plugin-idp-environments-common';
import { NO_AUDITOR, audited } from '@internal/plugin-idp-environments-node';
import { ClusterAccess, EnvironmentActivity } from '@internal/plugin-idp-kubernetes-node';
import { ApiException } from '@kubernetes/client-node';
import { createHash, randomUUID } from 'node:crypto';
import { DeployRequestRecord, DeployRequestStore } from '../database/DeployRequestStore';

/** Field errors of a request that cannot be made, for the route's 400 with `errors`. */
export class DeployRequestInputError extends InputError {
  constructor(readonly errors: FieldError[]) {
    super(`The deploy request is not valid: ${errors.map(e => `${e.field}: ${e.message}`).join('; ')}`);
  }
}

export const DEPLOY_REQUEST_ANNOTATIONS = {
  id: `${SLIPWAY_LABEL_PREFIX}deploy-request`,
  requestedBy: `${SLIPWAY_LABEL_PREFIX}requested-by`,
  approvedBy: `${SLIPWAY_LABEL_PREFIX}approved-by`,
} as const;

export type DeployRequestListView = 'inbox' | 'mine' | 'team';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What "production changed" compares: where an object has a spec generation, that generation and its
 * labels and annotations (a Deployment's status moving through a rollout is not a change of
 * production, and its resourceVersion would say it is), else its resourceVersion; '' for one that
 * does not exist.
 */
const versionOf = (object?: KubernetesManifest) => {
  const metadata = object?.metadata as
    | { resourceVersion?: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> }
    | undefined;
  if (!metadata) return '';
  if (metadata.generation === undefined) return metadata.resourceVersion ?? '';
  return `generation ${metadata.generation} ${sha256(JSON.stringify([metadata.labels ?? {}, metadata.annotations ?? {}])).slice(0, 16)}`;
};

/** When a revision was applied, for people: "2025-03-10 12:05 UTC". */
const revisionDate = (revision: DeployRequestRecord) => {
  const at = revision.outcome?.at ?? revision.createdAt;
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
};

/**
 * Production deploy requests: made by the team (judged by the one DeploymentService as the
 * requester), decided by its tech leads, and applied once, as the platform identity, exactly as
 * approved (same digest, production unchanged since the request).
 */
export class DeployRequestService {
  static create(options: {
    store: DeployRequestStore;
    deployments: DeploymentService;
    cluster: ClusterAccess;
    permissions: PermissionsService;
    userInfo: UserInfoService;
    config?: ApprovalsConfig;
    logger: LoggerService;
    notifications?: NotificationService;
    signals?: SignalsService;
    auditor?: AuditorService;
    /** Who claims grants: one name per backend replica. */
    instance?: string;
    now?: () => Date;
  }) {
    return new DeployRequestService(options);
  }

  private readonly running = new Set<Promise<void>>();
  private readonly instance: string;
  private readonly now: () => Date;
  private readonly activity: EnvironmentActivity;

  private constructor(private readonly deps: Parameters<typeof DeployRequestService.create>[0]) {
    this.instance = deps.instance ?? `approvals-${randomUUID()}`;
    this.now = deps.now ?? (() => new Date());
    this.activity = new EnvironmentActivity(deps.cluster, deps.logger, { now: this.now });
  }

  async create(credentials: BackstageCredentials, body: CreateDeployRequest): Promise<DeployRequestView> {
    return this.judgeAndStore(credentials, body);
  }

  /**
   * A new request that deploys the spec of an applied request again: judged as the caller now, like
   * any request (permission, guard rails, approval rules), its diff against what runs today.
   */
  async rollback(credentials: BackstageCredentials, id: string, body: RollbackDeployRequest): Promise<DeployRequestView> {
    const revision = await this.visible(credentials, id);
    if (revision.status !== 'applied') {
      throw new ConflictError(`Only an applied request is a revision to roll back to; request ${id} is ${revision.status}. Choose one of the app's production revisions`);
    }
    return this.judgeAndStore(credentials, { spec: revision.spec, environment: revision.environment, expertYaml: revision.expertYaml, reason: body.reason }, revision);
  }

  /** The app's applied production requests in environments the caller may read, newest first; none for other teams. */
  async revisions(credentials: BackstageCredentials, team: string, app: string): Promise<DeployRevision[]> {
    const records = await this.deps.store.listApplied({ team, app, type: 'production' });
    const readable = await this.readableNamespaces(credentials, records.map(r => r.namespace));
    return records
      .filter(r => readable.has(r.namespace))
      .map(r => ({
        id: r.id,
        environment: r.environment,
        namespace: r.namespace,
        appliedAt: r.outcome?.at ?? r.createdAt,
        requester: r.requester,
        approvers: r.decisions.filter(d => d.decision === 'approve').map(d => d.by),
        reason: r.reason,
        digest: r.digest,
        images: manifestImages(r.manifests),
        ...(r.rollbackOf ? { rollbackOf: r.rollbackOf } : {}),
      }))
      .sort((a, b) => b.appliedAt.localeCompare(a.appliedAt));
  }

  private async judgeAndStore(credentials: BackstageCredentials, body: CreateDeployRequest, revision?: DeployRequestRecord): Promise<DeployRequestView> {
    const judged = await this.deps.deployments.judge(credentials, { spec: body.spec, environment: body.environment, expertYaml: body.expertYaml });
    if (!judged.success) {
      if (judged.refused) throw new NotFoundError(judged.refused.reason);
      throw new DeployRequestInputError(judged.errors);
    }
    const { environment, manifests, guardRails, caller, spec } = judged.deployment;
    if (environment.type !== 'production') {
      throw new DeployRequestInputError([{ field: 'environment', message: `${environment.namespace} is ${environment.type}: deploy there directly; deploy requests are for production` }]);
    }
    if (!(await this.may(credentials, deployRequestCreatePermission, environment.namespace))) {
      throw new NotAllowedError(`You may not request production deploys to ${environment.namespace}; ask a member of ${environment.team}`);
    }
    if (!guardRails.passed) {
      throw new DeployRequestInputError(guardRails.violations.map(v => ({ field: v.field, message: `[${v.ruleId}] ${v.object}: ${v.message} Fix: ${v.fix}` })));
    }
    if (!body.reason?.trim()) {
      throw new DeployRequestInputError([{ field: 'reason', message: revision ? 'Say why you roll back; the tech leads read it' : 'Say why this deploy is needed; the tech leads read it' }]);
    }

    const live = await this.readLive(manifests);
    const settings = approvalSettingsFor(this.deps.config, environment.type);
    const now = this.now();
    const id = randomUUID();
    await this.deps.store.insert({
      id,
      team: environment.team,
      app: spec.name,
      environment: environment.name,
      namespace: environment.namespace,
      type: environment.type,
      requester: caller.userEntityRef,
      reason: body.reason.trim(),
      spec: body.spec,
      expertYaml: body.expertYaml?.trim() ? body.expertYaml : undefined,
      manifests,
      digest: sha256(canonicalManifests(manifests)),
      liveVersions: Object.fromEntries(manifests.map(m => [manifestKey(m), versionOf(live.get(manifestKey(m)))])),
      diff: diffManifests([...live.values()], manifests),
      guardRails: { passed: true, violations: [] },
      resourceDelta: resourceDelta([...live.values()], manifests),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + settings.expiryDays * 86_400_000).toISOString(),
      rollbackOf: revision?.id,
    });
    const record = (await this.deps.store.get(id))!;
    await this.notifyLeads(record, caller, revision);
    await this.signal(record.id, 'pending');
    return this.view(record, caller);
  }

  async list(credentials: BackstageCredentials, view: DeployRequestListView): Promise<DeployRequestSummary[]> {
    await this.expireDue();
    const caller = await this.callerOf(credentials);
    let records;
    if (view === 'mine') records = await this.deps.store.list({ requester: caller.userEntityRef });
    else if (view === 'team') records = await this.deps.store.list({ teams: caller.teams });
    else {
      const pending = await this.deps.store.list({ status: 'pending', teams: caller.isPlatformAdmin ? undefined : caller.leadOf });
      records = pending.filter(r => r.requester !== caller.userEntityRef);
    }
    const readable = await this.readableNamespaces(credentials, records.map(r => r.namespace));
    return records.filter(r => readable.has(r.namespace)).map(r => this.summary(r));
  }

  async get(credentials: BackstageCredentials, id: string): Promise<DeployRequestView> {
    const record = await this.visible(credentials, id);
    return this.view(record, await this.callerOf(credentials));
  }

  async decide(credentials: BackstageCredentials, id: string, body: DecideDeployRequest): Promise<DeployRequestView> {
    const record = await this.visible(credentials, id);
    const caller = await this.callerOf(credentials);
    const now = this.now();
    const settings = approvalSettingsFor(this.deps.config, record.type);
    const rules = decideApproval(caller, record, settings, now);
    if (!rules.allowed) throw rules.refusal === 'conflict' ? new ConflictError(rules.reason) : new NotAllowedError(rules.reason);
    if (!(await this.may(credentials, deployRequestDecidePermission, record.namespace))) {
      throw new NotAllowedError(`Only tech leads of ${record.team} (or platform admins) approve its production deploys`);
    }
    const result = await this.deps.store.decide(id, { by: caller.userEntityRef, decision: body.decision, comment: body.comment ?? '', at: now.toISOString() }, settings.quorum, now);
    if (!result.recorded) {
      const current = await this.deps.store.get(id);
      const again = current && decideApproval(caller, current, settings, now);
      throw new ConflictError(again && !again.allowed ? again.reason : 'This request was decided by someone else at the same moment; reload it');
    }
    // A tech lead's decision is activity in the environment, for the janitor.
    await this.activity.record(record.namespace);
    if (result.status !== 'pending') await this.signal(id, result.status);
    if (result.status === 'approved') this.inBackground(this.applyApproved(id));
    return this.view((await this.deps.store.get(id))!, caller);
  }

  /** Claims an approved request (once, across replicas) and applies exactly what was approved. */
  async applyApproved(id: string): Promise<void> {
    if (!(await this.deps.store.claim(id, this.instance, this.now()))) return;
    await this.signal(id, 'applying');
    const record = (await this.deps.store.get(id))!;
    const finish = async (status: DeployRequestStatus, message: string, objects?: string[]) => {
      await this.deps.store.transition(id, 'applying', status, { at: this.now().toISOString(), message, objects });
      await this.signal(id, status);
      this.deps.logger.info(`deploy request ${id} ${status}: ${message}`);
      // The platform identity acted: the event names the request, who asked and who approved.
      const approvedBy = record.decisions.filter(d => d.decision === 'approve').map(d => d.by);
      const meta = { actor: 'slipway (platform identity)', request: id, namespace: record.namespace, team: record.team, app: record.app, requestedBy: record.requester, approvedBy, objects };
      await audited(this.deps.auditor ?? NO_AUDITOR, { eventId: 'deploy-request-apply', severityLevel: 'high', meta }, async m => {
        m.outcome = status;
        if (status !== 'applied') throw Object.assign(new Error(message), { name: status === 'stale' ? 'ConflictError' : 'Error' });
      }).catch(() => undefined);
    };
    try {
      const rendered = await this.deps.deployments.renderStored({ spec: record.spec, environment: record.environment, expertYaml: record.expertYaml });
      const digest = sha256(canonicalManifests(rendered.manifests));
      if (digest !== record.digest) {
        await finish('stale', `Rendering the request again gives other manifests than were approved (digest ${digest.slice(0, 12)}, approved ${record.digest.slice(0, 12)}); nothing was applied. Request the deploy again`);
        return;
      }
      const live = await this.readLive(rendered.manifests);
      const changed = rendered.manifests
        .map(manifestKey)
        .filter(key => versionOf(live.get(key)) !== (record.liveVersions[key] ?? ''));
      if (changed.length) {
        await finish('stale', `Production changed since the request was made (${changed.join(', ')}); nothing was applied. Request the deploy again to see the new diff`);
        return;
      }
      const approvers = record.decisions.filter(d => d.decision === 'approve').map(d => d.by);
      const applied = await this.deps.deployments.applyAsPlatform(rendered.environment, rendered.manifests, {
        annotations: { [DEPLOY_REQUEST_ANNOTATIONS.id]: id, [DEPLOY_REQUEST_ANNOTATIONS.requestedBy]: record.requester, [DEPLOY_REQUEST_ANNOTATIONS.approvedBy]: approvers.join(',') },
      });
      await finish('applied', `Applied to ${record.namespace} and rolled out`, applied.objects);
    } catch (error) {
      await finish('failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** After a restart: requests approved but never claimed are applied once. */
  async resumeApproved(): Promise<void> {
    for (const id of await this.deps.store.idsWithStatus('approved')) await this.applyApproved(id);
  }

  async expireDue(): Promise<void> {
    for (const id of await this.deps.store.expireDue(this.now())) await this.signal(id, 'expired');
  }

  /** Resolves once every apply started in the background has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private inBackground(work: Promise<void>) {
    const tracked = work.catch(error => this.deps.logger.error(`Applying a deploy request failed: ${error}`)).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** The request, when the caller may read its environment; otherwise the same 404 as for none. */
  private async visible(credentials: BackstageCredentials, id: string): Promise<DeployRequestRecord> {
    await this.expireDue();
    const record = /^[0-9a-f-]{36}$/i.test(id) ? await this.deps.store.get(id) : undefined;
    if (!record || !(await this.may(credentials, environmentReadPermission, record.namespace))) throw new NotFoundError(`No deploy request ${id}`);
    return record;
  }

  private async readableNamespaces(credentials: BackstageCredentials, namespaces: string[]): Promise<Set<string>> {
    const unique = [...new Set(namespaces)];
    if (!unique.length) return new Set();
    const decisions = await this.deps.permissions.authorize(unique.map(resourceRef => ({ permission: environmentReadPermission, resourceRef })), { credentials });
    return new Set(unique.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
  }

  private async may(credentials: BackstageCredentials, permission: typeof environmentReadPermission, namespace: string) {
    const [decision] = await this.deps.permissions.authorize([{ permission, resourceRef: namespace }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async callerOf(credentials: BackstageCredentials): Promise<Caller> {
    const info = await this.deps.userInfo.getUserInfo(credentials);
    return callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
  }

  /** The live objects of the manifests' names, read as the platform identity. */
  private async readLive(manifests: KubernetesManifest[]): Promise<Map<string, KubernetesManifest>> {
    const client = this.deps.cluster.objectsAsService();
    const live = new Map<string, KubernetesManifest>();
    for (const manifest of manifests) {
      const ref = { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name, namespace: manifest.metadata.namespace } };
      const found = await client.read(ref as any).catch(error => {
        if (error instanceof ApiException && error.code === 404) return undefined;
        throw error;
      });
      if (found) live.set(manifestKey(manifest), found as unknown as KubernetesManifest);
    }
    return live;
  }

  private summary(record: DeployRequestRecord): DeployRequestSummary {
    const { id, team, app, environment, namespace, requester, reason, status, createdAt, expiresAt } = record;
    const approvals = record.decisions.filter(d => d.decision === 'approve').length;
    return { id, team, app, environment, namespace, requester, reason, status, createdAt, expiresAt, approvals, quorum: approvalSettingsFor(this.deps.config, record.type).quorum };
  }

  private view(record: DeployRequestRecord, caller: Caller): DeployRequestView {
    const may = decideApproval(caller, record, approvalSettingsFor(this.deps.config, record.type), this.now());
    return {
      ...this.summary(record),
      digest: record.digest,
      manifestsYaml: renderYaml(record.manifests),
      diff: record.diff,
      guardRails: record.guardRails,
      resourceDelta: record.resourceDelta,
      decisions: record.decisions,
      youMay: may.allowed ? { approve: true, reject: true } : { approve: false, reject: false, reason: may.reason },
      outcome: record.outcome,
      ...(record.rollbackOf ? { rollbackOf: record.rollbackOf } : {}),
    };
  }

  private async notifyLeads(record: DeployRequestRecord, caller: Caller, revision?: DeployRequestRecord) {
    const title = revision
      ? `${caller.user} asks to roll back ${record.app} in ${record.namespace} to the revision of ${revisionDate(revision)}`
      : `${caller.user} asks to deploy ${record.app} to ${record.namespace}`;
    await this.deps.notifications
      ?.send({
        recipients: { type: 'entity', entityRef: `group:default/${record.team}${LEADS_GROUP_SUFFIX}`, excludeEntityRef: caller.userEntityRef },
        payload: {
          title,
          description: `${record.reason} — approve or reject before ${record.expiresAt.slice(0, 10)}`,
          link: `/approvals/requests/${record.id}`,
          severity: 'high',
          topic: 'deploy-request',
        },
      })
      .catch(error => this.deps.logger.warn(`Notifying the tech leads of ${record.team} about deploy request ${record.id} failed: ${error}`));
  }

  private async signal(id: string, status: DeployRequestStatus) {
    const record = await this.deps.store.get(id);
    if (!record) return;
    // Only people who may see the request hear of it: the requester, the team (and its leads) and platform admins.
    const recipients = [record.requester, `group:default/${record.team}`, `group:default/${record.team}${LEADS_GROUP_SUFFIX}`, 'group:default/platform-admins'];
    await this.deps.signals
      ?.publish({ recipients: { type: 'user', entityRef: recipients }, channel: DEPLOY_REQUEST_SIGNAL_CHANNEL(id), message: { id, status } })
      .catch(error => this.deps.logger.warn(`Signalling deploy request ${id} failed: ${error}`));
  }
}
