import { DEFAULT_SERVICE_TYPES } from './admissionPolicies';
import { Environment } from './environment';
import { DEFAULT_CONTAINER_DEFAULTS, EnvironmentTypeSettings } from './environmentTypes';
import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS, MANAGED_BY } from './labels';
import { KubernetesManifest } from './manifest';
import { environmentNamespace } from './naming';
import { ENVIRONMENT_BINDING_NAMES, environmentBindings } from './clusterRoles';

/** The ingress controller's namespace; the golden path allows ingress only from there. */
export const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';

/** Names of the objects every environment gets; the clone skips them, the environment brings its own. */
export const ENVIRONMENT_OBJECT_NAMES = {
  resourceQuota: 'slipway-quota',
  limitRange: 'slipway-defaults',
  defaultDeny: 'default-deny',
  allowFromIngress: 'allow-from-ingress',
  allowSameNamespace: 'allow-same-namespace',
  developersBinding: ENVIRONMENT_BINDING_NAMES.developer,
  leadsBinding: ENVIRONMENT_BINDING_NAMES.lead,
  platformAdminsBinding: ENVIRONMENT_BINDING_NAMES.platformAdmin,
} as const;

export interface RenderEnvironmentInput {
  environment: Omit<Environment, 'phase' | 'namespace'>;
  settings: EnvironmentTypeSettings;
  /** Default 'ingress-nginx'. */
  ingressNamespace?: string;
}

/** Pod Security `restricted`, enforced and also warned/audited so kubectl users see why. */
const POD_SECURITY_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
};

function namespaceAnnotations(environment: RenderEnvironmentInput['environment']): Record<string, string> {
  const annotations: Record<string, string> = {
    [ENVIRONMENT_ANNOTATIONS.owner]: environment.owner,
    [ENVIRONMENT_ANNOTATIONS.createdAt]: environment.createdAt,
  };
  if (environment.expiresAt) annotations[ENVIRONMENT_ANNOTATIONS.expiresAt] = environment.expiresAt;
  // A new environment counts as active from its creation, so the inactivity clock starts there.
  annotations[ENVIRONMENT_ANNOTATIONS.lastActivity] = environment.lastActivityAt ?? environment.createdAt;
  annotations[ENVIRONMENT_ANNOTATIONS.protected] = environment.protected ? 'true' : 'false';
  if (environment.clonedFrom) annotations[ENVIRONMENT_ANNOTATIONS.clonedFrom] = environment.clonedFrom;
  if (environment.quotaOverride) annotations[ENVIRONMENT_ANNOTATIONS.quotaOverride] = JSON.stringify(environment.quotaOverride);
  if (environment.preview) {
    annotations[ENVIRONMENT_ANNOTATIONS.previewRepository] = environment.preview.repository;
    annotations[ENVIRONMENT_ANNOTATIONS.previewPullRequest] = String(environment.preview.pullRequest);
  }
  return annotations;
}

const roleBinding = (namespace: string, labels: Record<string, string>, name: string, group: string, role: string): KubernetesManifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace, labels },
  subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group }],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
});

/**
 * Every object of one environment, in the order they must be applied (the Namespace first).
 * Deterministic: no clock, no randomness, so re-applying converges.
 */
export function renderEnvironment(input: RenderEnvironmentInput): KubernetesManifest[] {
  const { environment, settings } = input;
  const ingressNamespace = input.ingressNamespace ?? DEFAULT_INGRESS_NAMESPACE;
  const namespace = environmentNamespace(environment.team, environment.name);
  const containers = settings.containerDefaults ?? DEFAULT_CONTAINER_DEFAULTS;
  const labels = {
    [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY,
    [ENVIRONMENT_LABELS.team]: environment.team,
    [ENVIRONMENT_LABELS.environment]: environment.name,
  };
  const names = ENVIRONMENT_OBJECT_NAMES;
  // A tech lead's quota outlives re-provisioning: it is rendered from the Namespace's annotation.
  const quota = environment.quotaOverride ?? settings.quota;

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { ...labels, [ENVIRONMENT_LABELS.type]: environment.type, ...POD_SECURITY_LABELS },
        annotations: {
          ...namespaceAnnotations(environment),
          // Read by the slipway-service-exposure admission policy.
          [ENVIRONMENT_ANNOTATIONS.serviceTypes]: (settings.serviceTypes ?? DEFAULT_SERVICE_TYPES).join(','),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: names.resourceQuota, namespace, labels },
      spec: {
        hard: {
          'requests.cpu': quota.cpu,
          'requests.memory': quota.memory,
          // Limits capped at the same amount: the environment can never burst past what it pays for.
          'limits.cpu': quota.cpu,
          'limits.memory': quota.memory,
          pods: String(quota.pods),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: names.limitRange, namespace, labels },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: containers.requests.cpu, memory: containers.requests.memory },
            default: { cpu: containers.limits.cpu, memory: containers.limits.memory },
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: names.defaultDeny, namespace, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: names.allowFromIngress, namespace, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ingressNamespace } } }] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: names.allowSameNamespace, namespace, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
    },
    ...environmentBindings(environment.team, environment.type).map(b => roleBinding(namespace, labels, b.name, b.group, b.role)),
  ];
}
