import { BackstageCredentials, LoggerService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import { DeployDecision, GuardRailSettings, NamespaceQuota, appDeployPermission, decideDeploy } from '@internal/plugin-idp-apps-common';
import {
  Caller,
  Environment,
  EnvironmentType,
  FieldError,
  KubernetesManifest,
  callerFromIdentity,
  environmentFromNamespace,
  environmentReadPermission,
  isNamespaceName,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess, EnvironmentActivity, FIELD_MANAGER, Impersonation, PLATFORM_WRITTEN_KINDS, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { quotaForDeploy } from './deployQuota';
import { DeploymentRequest, PreparedDeployment, guardRailError, invalidRequestError, renderDeployment, validateDeploymentRequest } from './prepareDeployment';
import { waitForRollout } from './rollout';
import { SecretKeyDirectory, checkSecretReferences } from './secretReferences';

/** A deploy judged for one caller: what it would apply, the guard rails' verdict and the quota it was judged against. */
export interface JudgedDeployment extends PreparedDeployment {
  /** Who asked, as Kubernetes sees them: the quota was read, and a deploy writes, as this user. */
  caller: Caller;
  /** The environment's quota as the caller reads it; undefined when they may not read it or the app already runs there. */
  quota?: NamespaceQuota;
}

export type DeployRefused = Extract<DeployDecision, { allowed: false }>;

/**
 * What `judge` found. Without success there is nothing to show: the request's fields are wrong, or
 * the caller sees no such environment (`refused`). With success the deployment is rendered and
 * judged, and `decision` says whether the caller may deploy it themselves (production: a request).
 */
export type DeploymentJudgement =
  | { success: false; errors: FieldError[]; refused?: DeployRefused }
  | { success: true; deployment: JudgedDeployment; decision: DeployDecision };

/** The gates of a deploy, in order; a failed deploy names the one it stopped at. */
export type DeployStage = 'validate' | 'permission' | 'guard-rails' | 'kubernetes-checks' | 'apply' | 'rollout';

/** How far a deploy got, filled in as it goes, so the caller can record a failed one (names only, never content). */
export interface DeployProgress {
  stage: DeployStage;
  namespace?: string;
  type?: EnvironmentType;
  /** Kind/name of every object the deploy consists of. */
  objects?: string[];
  /** The ids of the guard rails that refused it. */
  violations?: string[];
  /** The objects Kubernetes refused in the dry run. */
  refused?: string[];
  /** The objects written so far. */
  applied?: string[];
}

export interface ApplyOptions {
  /** Check every object with the API server (RBAC, admission) and write nothing. */
  dryRun?: boolean;
  /** How long to wait for the rollout; 180 s unless given. */
  timeoutMs?: number;
  /** Where the deploy's steps are told (a scaffolder task's log); the service's logger otherwise. */
  logger?: Pick<LoggerService, 'info'>;
  progress?: DeployProgress;
}

export interface AppliedDeployment {
  deployment: JudgedDeployment;
  /** Kind/name of every object applied (or checked, in a dry run). */
  objects: string[];
}

const describeObject = (manifest: KubernetesManifest) => `${manifest.kind}/${manifest.metadata.name}`;

/**
 * Golden-path deploys, for every edge (the form's preview, the scaffolder actions, production
 * requests): validate, find the namespace, ask the permission framework, read the quota as the
 * caller, render and judge; `apply` then has Kubernetes check every object as the caller and
 * writes them with server-side apply, platform-owned kinds as the platform identity.
 */
export class DeploymentService {
  /** `secretKeys`: where a deploy's secret references are checked (the secrets plugin); without it they are not. */
  static create(options: {
    cluster: ClusterAccess;
    permissions: PermissionsService;
    userInfo: UserInfoService;
    settings: GuardRailSettings;
    logger: LoggerService;
    secretKeys?: SecretKeyDirectory;
  }) {
    return new DeploymentService(options.cluster, options.permissions, options.userInfo, options.settings, options.logger, options.secretKeys);
  }

  private constructor(
    private readonly cluster: ClusterAccess,
    private readonly permissions: PermissionsService,
    private readonly userInfo: UserInfoService,
    private readonly settings: GuardRailSettings,
    private readonly logger: LoggerService,
    private readonly secretKeys?: SecretKeyDirectory,
  ) {
    this.activity = new EnvironmentActivity(cluster, logger);
  }

  /** A deploy is activity: the janitor does not take the environment for an idle one. */
  private readonly activity: EnvironmentActivity;

  /** Everything that can refuse a deploy, as field errors and a decision; nothing is written. */
  async judge(credentials: BackstageCredentials, request: DeploymentRequest): Promise<DeploymentJudgement> {
    return this.judgeFor(credentials, request, { stage: 'validate' });
  }

  /**
   * Judges the request, then has the API server check every object as the caller (RBAC, quota,
   * Pod Security) and, unless a dry run, applies them all and waits for the rollout. Refusals are
   * InputError (the request, the guard rails, Kubernetes) or NotAllowedError (the permission policy).
   */
  async apply(credentials: BackstageCredentials, request: DeploymentRequest, options: ApplyOptions = {}): Promise<AppliedDeployment> {
    const progress = options.progress ?? { stage: 'validate' };
    const logger = options.logger ?? this.logger;
    const judgement = await this.judgeFor(credentials, request, progress);
    if (!judgement.success) throw invalidRequestError(judgement.errors);
    const { deployment, decision } = judgement;
    const { environment, manifests, guardRails, caller } = deployment;
    const objects = manifests.map(describeObject);
    Object.assign(progress, { namespace: environment.namespace, type: environment.type, objects });
    if (!decision.allowed) {
      progress.stage = 'permission';
      throw new NotAllowedError(decision.reason);
    }
    progress.stage = 'guard-rails';
    if (!guardRails.passed) {
      progress.violations = [...new Set(guardRails.violations.map(v => v.ruleId))];
      throw guardRailError(guardRails);
    }

    const impersonation = { user: caller.user, groups: caller.groups };
    const writer = this.cluster.asUser(KubernetesObjectApi, impersonation);
    const platform = this.cluster.objectsAsService();
    const write = (manifest: KubernetesManifest, dryRun?: 'All') =>
      (PLATFORM_WRITTEN_KINDS.includes(manifest.kind) ? platform : writer).patch(manifest as any, undefined, dryRun, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);

    // Every object through RBAC and admission (quota, Pod Security) first: nothing is written unless all pass.
    progress.stage = 'kubernetes-checks';
    const refusals: string[] = [];
    const refused: string[] = [];
    for (const manifest of manifests) {
      await write(manifest, 'All').catch(error => {
        refused.push(describeObject(manifest));
        refusals.push(`${describeObject(manifest)}: ${error instanceof ApiException ? kubernetesMessage(error) : String(error)}`);
      });
    }
    if (refusals.length) {
      progress.refused = refused;
      const forbidden = refusals.some(r => /forbidden/i.test(r));
      const hint = forbidden ? ` Kubernetes does not let ${caller.user} write there; check that you are in ${environment.team} and its RoleBindings exist.` : '';
      throw new InputError(`Kubernetes refused this deploy to ${environment.namespace}; nothing was applied.${hint}\n${refusals.join('\n')}`);
    }
    if (options.dryRun) {
      for (const object of objects) logger.info(`checked (dry run) ${object}`);
      return { deployment, objects };
    }

    progress.stage = 'apply';
    // Names what was applied, up to a failure part-way.
    const applied: string[] = [];
    progress.applied = applied;
    for (const manifest of manifests) {
      try {
        await write(manifest);
      } catch (error) {
        const message = error instanceof ApiException ? kubernetesMessage(error) : String(error);
        throw new Error(`Applying ${describeObject(manifest)} to ${environment.namespace} failed: ${message}${applied.length ? ` (already applied: ${applied.join(', ')}; re-running converges)` : ''}`);
      }
      applied.push(describeObject(manifest));
      logger.info(`applied ${describeObject(manifest)}`);
    }

    await this.activity.record(environment.namespace);
    progress.stage = 'rollout';
    await this.waitUntilReady(deployment, impersonation, logger, options.timeoutMs ?? 180_000);
    return { deployment, objects };
  }

  /**
   * Renders a stored request again, without anyone's credentials: the environment is read as the
   * platform identity, the quota guard rail is left to the API server's admission (it was judged
   * for the requester when the request was made). For production requests, whose digest is checked.
   */
  async renderStored(request: DeploymentRequest): Promise<PreparedDeployment> {
    const valid = validateDeploymentRequest(request);
    if (!valid.success) throw invalidRequestError(valid.errors);
    const environment = await this.readEnvironment(valid.request.namespace);
    if (!environment) throw new InputError(`environment: ${valid.request.namespace} no longer exists; request the deploy again once it is back`);
    const rendered = renderDeployment(valid.request, environment, { settings: this.settings });
    if (!rendered.success) throw invalidRequestError(rendered.errors);
    return rendered.deployment;
  }

  /**
   * Applies given manifests AS THE PLATFORM IDENTITY (production, after the portal decided: an
   * approved deploy request), each carrying `annotations`; every object is checked by the API
   * server first and nothing is written unless all pass; then the rollout is followed.
   */
  async applyAsPlatform(
    environment: Pick<Environment, 'namespace'>,
    manifests: KubernetesManifest[],
    options: { annotations: Record<string, string>; timeoutMs?: number; logger?: Pick<LoggerService, 'info'> },
  ): Promise<{ objects: string[] }> {
    const logger = options.logger ?? this.logger;
    const annotated = manifests.map(m => ({ ...m, metadata: { ...m.metadata, annotations: { ...m.metadata.annotations, ...options.annotations } } }));
    const platform = this.cluster.objectsAsService();
    const write = (manifest: KubernetesManifest, dryRun?: 'All') => platform.patch(manifest as any, undefined, dryRun, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    const refusals: string[] = [];
    for (const manifest of annotated) {
      await write(manifest, 'All').catch(error => refusals.push(`${describeObject(manifest)}: ${error instanceof ApiException ? kubernetesMessage(error) : String(error)}`));
    }
    if (refusals.length) throw new InputError(`Kubernetes refused this deploy to ${environment.namespace}; nothing was applied.\n${refusals.join('\n')}`);
    const applied: string[] = [];
    for (const manifest of annotated) {
      try {
        await write(manifest);
      } catch (error) {
        const message = error instanceof ApiException ? kubernetesMessage(error) : String(error);
        throw new Error(`Applying ${describeObject(manifest)} to ${environment.namespace} failed: ${message}${applied.length ? ` (already applied: ${applied.join(', ')})` : ''}`);
      }
      applied.push(describeObject(manifest));
      logger.info(`applied ${describeObject(manifest)} as the platform identity`);
    }
    await this.activity.record(environment.namespace);
    await this.followRollout(annotated, environment.namespace, { apps: this.cluster.asService(AppsV1Api), core: this.cluster.asService(CoreV1Api) }, logger, options.timeoutMs ?? 180_000);
    return { objects: applied };
  }

  private async judgeFor(credentials: BackstageCredentials, request: DeploymentRequest, progress: DeployProgress): Promise<DeploymentJudgement> {
    progress.stage = 'validate';
    const valid = validateDeploymentRequest(request);
    if (!valid.success) return valid;
    const { spec, namespace } = valid.request;

    progress.stage = 'permission';
    const mayRead = await this.may(credentials, environmentReadPermission, namespace);
    const mayDeploy = mayRead && (await this.may(credentials, appDeployPermission, namespace));
    // Looked up only once the caller may see it: nothing about another team's environment reaches them.
    const environment = mayRead ? await this.readEnvironment(namespace) : undefined;
    const decision = decideDeploy({ team: spec.team, environment: valid.request.environment, mayRead, mayDeploy, found: environment });
    if (!environment) {
      // decideDeploy refuses every deploy without a visible environment.
      const refused = decision as DeployRefused;
      return { success: false, errors: [{ field: refused.field, message: refused.reason }], refused };
    }

    const caller = await this.callerOf(credentials);
    const quota = await quotaForDeploy(this.cluster, { user: caller.user, groups: caller.groups }, { namespace, appName: spec.name });
    const rendered = renderDeployment(valid.request, environment, { settings: this.settings, quota });
    if (!rendered.success) {
      progress.stage = 'validate';
      return rendered;
    }
    // A reference to a secret or key the environment lacks would leave pods failing to start: refused now, nothing applied.
    const missing = await checkSecretReferences(this.secretKeys, credentials, {
      spec,
      namespace,
      manifests: rendered.deployment.manifests,
      expert: !!valid.request.expertYaml?.trim(),
    });
    if (missing.length) return { success: false, errors: missing };
    return { success: true, deployment: { ...rendered.deployment, caller, quota }, decision };
  }

  private async may(credentials: BackstageCredentials, permission: ResourcePermission, namespace: string): Promise<boolean> {
    const [decision] = await this.permissions.authorize([{ permission, resourceRef: namespace }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async callerOf(credentials: BackstageCredentials): Promise<Caller> {
    const info = await this.userInfo.getUserInfo(credentials);
    return callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
  }

  /** The environment a namespace stands for, read as the platform identity; undefined when there is none. */
  private async readEnvironment(namespace: string): Promise<Environment | undefined> {
    if (!isNamespaceName(namespace)) return undefined;
    const ns = await this.cluster
      .asService(CoreV1Api)
      .readNamespace({ name: namespace })
      .catch(error => {
        if (error instanceof ApiException && error.code === 404) return undefined;
        // The cluster's address is internal: the log names it, the caller is told what failed and what to do.
        const code = (error as { code?: string | number })?.code;
        this.logger.warn(`Reading environment ${namespace}: the cluster at ${this.cluster.server} did not answer`, { error: String(error) });
        throw new ServiceUnavailableError(`Reading environment ${namespace}: the Kubernetes cluster did not answer${code ? ` (${code})` : ''}; try again in a moment`);
      });
    return ns && environmentFromNamespace(ns);
  }

  /** Follows the app's Deployment (if any) until its new pods are ready, as the caller. */
  private async waitUntilReady(deployment: JudgedDeployment, impersonation: Impersonation, logger: Pick<LoggerService, 'info'>, timeoutMs: number) {
    const clients = { apps: this.cluster.asUser(AppsV1Api, impersonation), core: this.cluster.asUser(CoreV1Api, impersonation) };
    await this.followRollout(deployment.manifests, deployment.environment.namespace, clients, logger, timeoutMs);
  }

  /** Follows the manifests' Deployment (if any) until its new pods are ready, with the given clients. */
  private async followRollout(
    manifests: KubernetesManifest[],
    namespace: string,
    clients: { apps: AppsV1Api; core: CoreV1Api },
    logger: Pick<LoggerService, 'info'>,
    timeoutMs: number,
  ) {
    const app = manifests.find(m => m.kind === 'Deployment');
    if (!app) return;
    const hpa = manifests.find(m => m.kind === 'HorizontalPodAutoscaler' && (m.spec as any)?.scaleTargetRef?.name === app.metadata.name);
    await waitForRollout({
      minReplicas: (hpa?.spec as { minReplicas?: number } | undefined)?.minReplicas,
      ...clients,
      namespace,
      name: app.metadata.name,
      logger,
      timeoutMs,
    });
    logger.info(`${app.metadata.name} is ready in ${namespace}`);
  }
}
