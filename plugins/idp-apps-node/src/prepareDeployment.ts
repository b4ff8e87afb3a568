import { InputError } from '@backstage/errors';
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
import { Environment, FieldError, KubernetesManifest, environmentNamespace } from '@internal/plugin-idp-environments-common';

/** What a deploy (or its preview) asks for: the spec, where, and optionally the expert-mode YAML. */
export interface DeploymentRequest {
  spec: unknown;
  environment: string;
  /** Expert mode: edited manifests to use instead of the rendered ones. */
  expertYaml?: string;
}

/** A request whose fields are valid: the spec parsed, the environment's namespace derived. */
export interface ValidDeploymentRequest {
  spec: AppSpec;
  environment: string;
  namespace: string;
  expertYaml?: string;
}

/** An app spec rendered for one environment and judged by the guard rails; nothing applied yet. */
export interface PreparedDeployment {
  spec: AppSpec;
  environment: Environment;
  manifests: KubernetesManifest[];
  guardRails: GuardRailResult;
}

// Kinds an app may consist of; anything else (cluster-scoped, RBAC, quotas) is not an app's business.
export const APP_KINDS = ['Deployment', 'CronJob', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount', 'ConfigMap'];

/** The spec's fields first, then the environment: a form shows what it can fix now. */
export function validateDeploymentRequest(request: DeploymentRequest): { success: true; request: ValidDeploymentRequest } | { success: false; errors: FieldError[] } {
  const parsed = parseAppSpec(request.spec);
  if (!parsed.success) return { success: false, errors: parsed.errors.map(e => ({ ...e, field: `spec.${e.field}`.replace(/^spec\.spec$/, 'spec') })) };
  const { spec } = parsed;
  if (!request.environment) return { success: false, errors: [{ field: 'environment', message: 'Choose the environment to deploy to' }] };
  let namespace: string;
  try {
    namespace = environmentNamespace(spec.team, request.environment);
  } catch (error) {
    return { success: false, errors: [{ field: 'environment', message: (error as Error).message }] };
  }
  return { success: true, request: { spec, environment: request.environment, namespace, expertYaml: request.expertYaml } };
}

/**
 * Renders the spec for the environment (or takes the expert-mode YAML), keeps it to an app's
 * kinds in the environment's namespace, and runs the guard rails. Pure: nothing is read or written.
 */
export function renderDeployment(
  request: ValidDeploymentRequest,
  environment: Environment,
  deps: { settings: GuardRailSettings; quota?: NamespaceQuota },
): { success: true; deployment: PreparedDeployment } | { success: false; errors: FieldError[] } {
  const { spec, namespace } = request;
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

/** A request's field errors as one InputError naming every field, for the actions. */
export function invalidRequestError(errors: FieldError[]): InputError {
  const [first] = errors;
  if (errors.length === 1 && first.field === 'environment') return new InputError(`environment: ${first.message}`);
  const what = first.field.startsWith('expertYaml') ? 'The edited YAML is not valid' : 'The app spec is not valid';
  return new InputError(`${what}: ${errors.map(e => `${e.field.replace(/^spec\./, '')}: ${e.message}`).join('; ')}`);
}

/** The guard rails' refusal, one line per violation with what to do. */
export function guardRailError(result: GuardRailResult): InputError {
  const lines = result.violations.map(v => `[${v.ruleId}] ${v.object} ${v.field}: ${v.message} Fix: ${v.fix}`);
  return new InputError(`The guard rails refused this deploy; nothing was applied.\n${lines.join('\n')}`);
}
