import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  AppSpec,
  GuardRailResult,
  GuardRailSettings,
  NamespaceQuota,
  evaluateGuardRails,
  expectedSlipwayLabels,
  parseAppSpec,
  parseManifestsYaml,
  renderApp,
} from '@internal/plugin-idp-apps-common';
import { Environment, FieldError, KubernetesManifest, environmentFromNamespace, environmentNamespace } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api } from '@kubernetes/client-node';

/** What a deploy (or its preview) asks for: the spec, where, and optionally the expert-mode YAML. */
export interface DeploymentRequest {
  spec: unknown;
  environment: string;
  /** Expert mode: edited manifests to use instead of the rendered ones. */
  expertYaml?: string;
}

/** An app spec rendered for one environment and judged by the guard rails; nothing applied yet. */
export interface PreparedDeployment {
  spec: AppSpec;
  environment: Environment;
  manifests: KubernetesManifest[];
  guardRails: GuardRailResult;
}

export type JudgedDeployment = { success: true; deployment: PreparedDeployment } | { success: false; errors: FieldError[] };

// Kinds an app may consist of; anything else (cluster-scoped, RBAC, quotas) is not an app's business.
export const APP_KINDS = ['Deployment', 'CronJob', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount', 'ConfigMap'];

async function readEnvironment(cluster: ClusterAccess, namespace: string): Promise<Environment | undefined> {
  const ns = await cluster
    .asService(CoreV1Api)
    .readNamespace({ name: namespace })
    .catch(error => {
      if (error instanceof ApiException && error.code === 404) return undefined;
      // The cluster's address is internal: say what failed and what to do, never where.
      const code = (error as { code?: string | number })?.code;
      throw new ServiceUnavailableError(`Reading environment ${namespace}: the Kubernetes cluster did not answer${code ? ` (${code})` : ''}; try again in a moment`);
    });
  return ns && environmentFromNamespace(ns);
}

/**
 * Validates the spec, finds the environment, renders (or takes the expert-mode YAML) and runs
 * the guard rails. Problems come back as field errors, so the form's preview and the actions
 * report the same thing; nothing is written.
 */
export async function judgeDeployment(
  request: DeploymentRequest,
  deps: { cluster: ClusterAccess; settings: GuardRailSettings; quota?: NamespaceQuota },
): Promise<JudgedDeployment> {
  const parsed = parseAppSpec(request.spec);
  if (!parsed.success) return { success: false, errors: parsed.errors.map(e => ({ ...e, field: `spec.${e.field}`.replace(/^spec\.spec$/, 'spec') })) };
  const spec = parsed.spec;
  if (!request.environment) return { success: false, errors: [{ field: 'environment', message: 'Choose the environment to deploy to' }] };
  const namespace = environmentNamespace(spec.team, request.environment);
  const environment = await readEnvironment(deps.cluster, namespace);
  if (!environment) {
    return {
      success: false,
      errors: [{ field: 'environment', message: `${spec.team} has no environment "${request.environment}" (namespace ${namespace}); create it in Environments first` }],
    };
  }

  let manifests: KubernetesManifest[];
  if (request.expertYaml?.trim()) {
    const edited = parseManifestsYaml(request.expertYaml);
    if (!edited.success) return { success: false, errors: edited.errors.map(e => ({ ...e, field: `expertYaml.${e.field}` })) };
    manifests = edited.manifests;
  } else {
    manifests = renderApp(spec, { team: spec.team, environment: request.environment, environmentType: environment.type });
  }
  const errors: FieldError[] = [];
  for (const manifest of manifests) {
    const where = `${manifest.kind}/${manifest.metadata?.name}`;
    if (!APP_KINDS.includes(manifest.kind)) errors.push({ field: 'expertYaml', message: `${where}: an app may only contain ${APP_KINDS.join(', ')}; remove it` });
    else if (manifest.metadata.namespace !== namespace) errors.push({ field: 'expertYaml', message: `${where}: must be in the environment's namespace ${namespace}` });
  }
  if (errors.length) return { success: false, errors };
  const guardRails = evaluateGuardRails(manifests, {
    environmentType: environment.type,
    settings: deps.settings,
    quota: deps.quota,
    // The same answers Kubernetes' admission gives: expert YAML cannot open what the environment closes.
    serviceTypes: environment.serviceTypes,
    expectedLabels: expectedSlipwayLabels(spec.team, request.environment),
  });
  return { success: true, deployment: { spec, environment, manifests, guardRails } };
}

/** `judgeDeployment` for the actions: any problem is an InputError naming every field. */
export async function prepareDeployment(
  request: DeploymentRequest,
  deps: { cluster: ClusterAccess; settings: GuardRailSettings; quota?: NamespaceQuota },
): Promise<PreparedDeployment> {
  const judged = await judgeDeployment(request, deps);
  if (judged.success) return judged.deployment;
  const [first] = judged.errors;
  if (judged.errors.length === 1 && first.field === 'environment') throw new InputError(`environment: ${first.message}`);
  const what = first.field.startsWith('expertYaml') ? 'The edited YAML is not valid' : 'The app spec is not valid';
  throw new InputError(`${what}: ${judged.errors.map(e => `${e.field.replace(/^spec\./, '')}: ${e.message}`).join('; ')}`);
}

/** The guard rails' refusal, one line per violation with what to do. */
export function guardRailError(result: GuardRailResult): InputError {
  const lines = result.violations.map(v => `[${v.ruleId}] ${v.object} ${v.field}: ${v.message} Fix: ${v.fix}`);
  return new InputError(`The guard rails refused this deploy; nothing was applied.\n${lines.join('\n')}`);
}
