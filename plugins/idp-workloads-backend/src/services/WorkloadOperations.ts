import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { Caller, EnvironmentTypeDescription, environmentFromNamespace, isObjectName, notAnObjectNameMessage } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, EnvironmentActivity, FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, AppsV1Api, AutoscalingV2Api, CoreV1Api, PatchStrategy, V1Pod, setHeaderOptions } from '@kubernetes/client-node';
import { ownerLookup, workloadOfPod } from '../views/owners';
import { decideScale } from './scaleRules';
import { WorkloadCache } from './WorkloadCache';

/** Kubernetes' refusal, in the words the API gives, as the matching Backstage error. */
export function kubernetesError(error: unknown, what: string): Error {
  if (!(error instanceof ApiException)) return error as Error;
  const message = `${what}: ${kubernetesMessage(error)}`;
  if (error.code === 403) return new NotAllowedError(`${message} (Kubernetes RBAC refused it)`);
  if (error.code === 404) return new NotFoundError(message);
  if (error.code === 400 || error.code === 422) return new InputError(message);
  return new Error(message);
}

/**
 * What a developer may do to a running workload: scale, restart (rolling) and delete a pod.
 * Each is done as the user, so Kubernetes RBAC decides too; Slipway's rules come first.
 */
export class WorkloadOperations {
  /** Scaling, restarting and deleting pods are activity: the janitor does not take the environment for an idle one. */
  private readonly activity: EnvironmentActivity;

  constructor(private readonly deps: { cluster: ClusterAccess; cache: WorkloadCache; environmentTypes: EnvironmentTypeDescription[]; logger?: Pick<LoggerService, 'warn'> }) {
    this.activity = new EnvironmentActivity(deps.cluster, deps.logger ?? { warn: () => {} });
  }

  private environmentOf(namespace: string) {
    const ns = this.deps.cache.environment(namespace);
    const environment = ns && environmentFromNamespace(ns);
    if (!environment) throw new NotFoundError(`No environment ${namespace}`);
    return environment;
  }

  /** The environment, when `name` can be a `kind` in it at all (a name that cannot is an object that does not exist). */
  private environmentWith(namespace: string, kind: string, name: string) {
    const environment = this.environmentOf(namespace);
    if (!isObjectName(name)) throw new NotFoundError(notAnObjectNameMessage(kind, name, namespace));
    return environment;
  }

  async scale(caller: Caller, namespace: string, name: string, replicas: number): Promise<void> {
    const environment = this.environmentWith(namespace, 'Deployment', name);
    const settings = this.deps.environmentTypes.find(t => t.type === environment.type);
    if (!settings) throw new Error(`Environment type ${environment.type} is not configured`);
    const impersonation = { user: caller.user, groups: caller.groups };
    const autoscalers = await this.deps.cluster
      .asUser(AutoscalingV2Api, impersonation)
      .listNamespacedHorizontalPodAutoscaler({ namespace })
      .catch(error => {
        throw kubernetesError(error, `Reading the autoscalers of ${namespace}`);
      });
    const hpa = autoscalers.items.find(h => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
    const pods = this.deps.cache.pods.list(namespace) as V1Pod[];
    const owners = ownerLookup([...this.deps.cache.replicaSets.list(namespace)], [...this.deps.cache.jobs.list(namespace)]);
    const otherPods = pods.filter(pod => {
      const workload = workloadOfPod(pod, owners);
      return !(workload?.kind === 'Deployment' && workload.name === name) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
    }).length;
    const decision = decideScale({
      caller,
      workload: name,
      team: environment.team,
      environmentType: environment.type,
      settings,
      replicas,
      otherPods,
      hpa: hpa?.spec ? { minReplicas: hpa.spec.minReplicas, maxReplicas: hpa.spec.maxReplicas } : undefined,
    });
    if (!decision.allowed) {
      if (decision.field) throw new InputError(`${decision.field}: ${decision.reason}`);
      throw new NotAllowedError(decision.reason);
    }
    await this.deps.cluster
      .asUser(AppsV1Api, impersonation)
      .patchNamespacedDeploymentScale(
        { name, namespace, body: { spec: { replicas } }, fieldManager: FIELD_MANAGER },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch(error => {
        throw kubernetesError(error, `Scaling Deployment/${name} in ${namespace}`);
      });
    await this.activity.record(namespace);
  }

  /** A rolling restart, as `kubectl rollout restart` does it: a new template annotation. */
  async restart(caller: Caller, namespace: string, name: string, now = new Date()): Promise<void> {
    this.environmentWith(namespace, 'Deployment', name);
    const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } };
    await this.deps.cluster
      .asUser(AppsV1Api, { user: caller.user, groups: caller.groups })
      .patchNamespacedDeployment({ name, namespace, body, fieldManager: FIELD_MANAGER }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch))
      .catch(error => {
        throw kubernetesError(error, `Restarting Deployment/${name} in ${namespace}`);
      });
    await this.activity.record(namespace);
  }

  async deletePod(caller: Caller, namespace: string, pod: string): Promise<void> {
    this.environmentWith(namespace, 'Pod', pod);
    await this.deps.cluster
      .asUser(CoreV1Api, { user: caller.user, groups: caller.groups })
      .deleteNamespacedPod({ name: pod, namespace })
      .catch(error => {
        throw kubernetesError(error, `Deleting Pod/${pod} in ${namespace}`);
      });
    await this.activity.record(namespace);
  }
}
