import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  CLONED_KINDS,
  Caller,
  ClonableObject,
  CloneEnvironmentRequest,
  CloneResult,
  ENVIRONMENT_LABELS,
  Environment,
  MANAGED_BY,
  canActOnTeam,
  clonedQuotaOverride,
  decideClone,
  environmentNamespace,
  planClone,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER, PLATFORM_WRITTEN_KINDS } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { EnvironmentService, refuse } from './EnvironmentService';

export interface CloneReport {
  environment: Environment;
  objects: CloneResult[];
}

/**
 * A new RoleBinding reaches the API server's authorizer a moment after it is stored; the
 * first write as the user into a brand-new environment retries a 403 for a few seconds.
 */
async function withRbacPropagation<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 403) || attempt >= 20) throw error;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }
}

/** Copies one environment's workloads and configuration into a new environment of the team. */
export class EnvironmentCloner {
  constructor(
    private readonly environments: EnvironmentService,
    private readonly cluster: ClusterAccess,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Copies the source's Slipway-managed workloads and config into a new environment of the
   * caller's team. Everything is read (as the caller) and planned before the first write; the
   * copies are part of the environment's provisioning (see EnvironmentService.provision), so a
   * failed write removes the new environment and an interrupted clone is finished by its retry.
   */
  async clone(caller: Caller, sourceNamespace: string, request: Omit<CloneEnvironmentRequest, 'sourceNamespace'>): Promise<CloneReport> {
    const source = await this.environments.readEnvironment(sourceNamespace);
    if (!canActOnTeam(caller, source.team)) throw new NotFoundError(`No environment ${sourceNamespace}`);
    const settings = this.environments.settingsOf(request.type);
    const decision = decideClone(caller, source, { ...request, sourceNamespace }, settings);
    if (!decision.allowed) refuse(decision);

    const impersonation = { user: caller.user, groups: caller.groups };
    const reader = this.cluster.asUser(KubernetesObjectApi, impersonation);
    const sources: ClonableObject[] = [];
    for (const { apiVersion, kind } of CLONED_KINDS) {
      const list = await reader
        .list(apiVersion, kind, sourceNamespace, undefined, undefined, undefined, undefined, `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`)
        .catch(e => this.environments.fail(e, `Reading ${kind} objects of ${sourceNamespace} as ${caller.user}`));
      sources.push(...list.items.map(item => ({ ...item, apiVersion, kind }) as ClonableObject));
    }
    const namespace = environmentNamespace(source.team, request.name);
    // Production keeps what the source asked for; smaller types get their default limits as ceiling.
    const containerCeiling = request.type === 'production' ? undefined : settings.containerDefaults?.limits;
    const plan = planClone(sources, { namespace, environment: request.name, type: request.type, containerCeiling });

    const writer = this.cluster.asUser(KubernetesObjectApi, impersonation);
    const platformWriter = this.cluster.objectsAsService();
    // The copies are written before the environment is marked ready: a failure (or a crash)
    // leaves it provisioning, so a retry of the same clone finishes it and nothing looks whole early.
    const copy = async () => {
      for (const object of plan.objects) {
        // Network policies are the platform's to write (developers only read them); the rest
        // is written as the user, so RBAC agrees with every object the clone creates.
        const client = PLATFORM_WRITTEN_KINDS.includes(object.kind) ? platformWriter : writer;
        await withRbacPropagation(() => client.patch(object as any, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply));
      }
    };
    const environment = await this.environments.provision(
      caller.userEntityRef,
      { team: source.team, name: request.name, type: request.type, ttlDays: request.ttlDays },
      // The source's own quota comes along when the target type's maximum allows it.
      { clonedFrom: sourceNamespace, quotaOverride: clonedQuotaOverride(source, settings), finish: copy },
    );
    this.logger.info(`Environment ${namespace} cloned from ${sourceNamespace} by ${caller.userEntityRef}`, { namespace, sourceNamespace });
    return { environment, objects: plan.results };
  }
}
