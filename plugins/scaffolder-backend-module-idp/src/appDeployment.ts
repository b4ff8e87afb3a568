import { InputError } from '@backstage/errors';
import {
  AppSpec,
  GuardRailResult,
  GuardRailSettings,
  NamespaceQuota,
  evaluateGuardRails,
  parseAppSpec,
  parseManifestsYaml,
  renderApp,
} from '@internal/plugin-idp-apps-common';
import { Environment, KubernetesManifest, environmentFromNamespace, environmentNamespace } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { z } from 'zod/v3';

/** The inputs both app actions take (the scaffolder passes its own zod in). */
export const APP_DEPLOYMENT_INPUT = {
  spec: (zImpl: typeof z) => zImpl.record(zImpl.unknown()).describe('The app spec (name, team, type, image or gitRepo, port, ...)'),
  environment: (zImpl: typeof z) => zImpl.string().describe('The environment name, e.g. staging (namespace <team>-<environment>)'),
  expertYaml: (zImpl: typeof z) => zImpl.string().optional().describe('Expert mode: edited manifests to use instead of the rendered ones'),
};

/** An app spec rendered for one environment and judged by the guard rails; nothing applied yet. */
export interface PreparedDeployment {
  spec: AppSpec;
  environment: Environment;
  manifests: KubernetesManifest[];
  guardRails: GuardRailResult;
}

// Kinds an app may consist of; anything else (cluster-scoped, RBAC, quotas) is not an app's business.
const APP_KINDS = ['Deployment', 'CronJob', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount', 'ConfigMap'];

/**
 * Validates the spec, finds the environment, renders (or takes the expert-mode YAML) and runs
 * the guard rails: everything that can refuse a deploy happens here, before the first write.
 */
export async function prepareDeployment(
  input: { spec: unknown; environment: string; expertYaml?: string },
  deps: { cluster: ClusterAccess; settings: GuardRailSettings; quota?: NamespaceQuota },
): Promise<PreparedDeployment> {
  const parsed = parseAppSpec(input.spec);
  if (!parsed.success) {
    throw new InputError(`The app spec is not valid: ${parsed.errors.map(e => `${e.field}: ${e.message}`).join('; ')}`);
  }
  const spec = parsed.spec;
  const namespace = environmentNamespace(spec.team, input.environment);
  const ns = await deps.cluster
    .asService(CoreV1Api)
    .readNamespace({ name: namespace })
    .catch(error => {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    });
  const environment = ns && environmentFromNamespace(ns);
  if (!environment) {
    throw new InputError(`environment: ${spec.team} has no environment "${input.environment}" (namespace ${namespace}); create it in Environments first`);
  }

  let manifests: KubernetesManifest[];
  if (input.expertYaml?.trim()) {
    const edited = parseManifestsYaml(input.expertYaml);
    if (!edited.success) throw new InputError(`The edited YAML is not valid: ${edited.errors.map(e => `${e.field}: ${e.message}`).join('; ')}`);
    manifests = edited.manifests;
  } else {
    manifests = renderApp(spec, { team: spec.team, environment: input.environment, environmentType: environment.type });
  }
  for (const manifest of manifests) {
    const where = `${manifest.kind}/${manifest.metadata?.name}`;
    if (!APP_KINDS.includes(manifest.kind)) throw new InputError(`${where}: an app may only contain ${APP_KINDS.join(', ')}`);
    if (manifest.metadata.namespace !== namespace) throw new InputError(`${where}: must be in the environment's namespace ${namespace}`);
  }
  const guardRails = evaluateGuardRails(manifests, { environmentType: environment.type, settings: deps.settings, quota: deps.quota });
  return { spec, environment, manifests, guardRails };
}

/** The guard rails' refusal, one line per violation with what to do. */
export function guardRailError(result: GuardRailResult): InputError {
  const lines = result.violations.map(v => `[${v.ruleId}] ${v.object} ${v.field}: ${v.message} Fix: ${v.fix}`);
  return new InputError(`The guard rails refused this deploy; nothing was applied.\n${lines.join('\n')}`);
}
