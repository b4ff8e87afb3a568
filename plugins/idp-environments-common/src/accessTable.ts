import { EnvironmentType } from './environmentTypes';

/**
 * The one table of who may do what in an environment (PRODUCT.md, "Enforcement model"). The
 * portal's permission policy and the Kubernetes roles, role bindings and admission policies are
 * all derived from it, so the portal and `kubectl --as` give a person the same answer.
 */

/** A person's tier towards one team: a platform admin holds it towards every team. */
export type Tier = 'developer' | 'lead' | 'platformAdmin';
export const TIERS: readonly Tier[] = ['developer', 'lead', 'platformAdmin'];

/**
 * Production is the class apart: humans only read there, and every write is carried out by the
 * platform identity after the portal decided (an approved deploy request).
 */
export type EnvironmentClass = 'nonProduction' | 'production';
export const ENVIRONMENT_CLASSES: readonly EnvironmentClass[] = ['nonProduction', 'production'];

export function environmentClassOf(type: EnvironmentType | string): EnvironmentClass {
  return type === 'production' ? 'production' : 'nonProduction';
}

/** One RBAC rule, as in a Role. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/**
 * How an allowed action happens in Kubernetes:
 * - `user`: as the person (impersonated by the portal, or with kubectl): their RoleBindings in the
 *   environment grant exactly these rules, and only the read verbs in production;
 * - `platform`: only the platform identity holds these rules; people are refused by RBAC and by
 *   admission, and reach them through the portal, which decides first;
 * - `nobody`: neither people nor the platform identity (e.g. reading Secret values).
 */
export type KubernetesEnforcement = {
  by: 'user' | 'platform' | 'nobody';
  rules: PolicyRule[];
};

export interface EnvironmentAccessRow {
  /** Stable id, used by the matrix test and in messages. */
  action: string;
  /** What the action is, in a user's words. */
  description: string;
  /** The portal permission that asks this question, when the portal exposes the action. */
  permission?: string;
  /** Which tiers may, in their own teams' environments of which classes (platform admins: every team's). */
  allow: Partial<Record<Tier, readonly EnvironmentClass[]>>;
  kubernetes: KubernetesEnforcement;
}

export const READ_VERBS = ['get', 'list', 'watch'] as const;
const READ = [...READ_VERBS];
const WRITE = ['create', 'update', 'patch', 'delete'];
const BOTH: readonly EnvironmentClass[] = ['nonProduction', 'production'];
const NON_PRODUCTION: readonly EnvironmentClass[] = ['nonProduction'];
const PRODUCTION: readonly EnvironmentClass[] = ['production'];

/** What an app consists of: the golden path writes these, developers write them in non-production. */
const APP_RESOURCES: PolicyRule[] = [
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets'],
    verbs: WRITE,
  },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  {
    apiGroups: [''],
    resources: ['services', 'configmaps', 'serviceaccounts', 'persistentvolumeclaims'],
    verbs: WRITE,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: WRITE,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: WRITE },
];

/** The objects every environment gets from the platform; nobody else writes them. */
const GUARD_OBJECTS: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['resourcequotas', 'limitranges'],
    verbs: WRITE,
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['networkpolicies'],
    verbs: WRITE,
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings'],
    verbs: WRITE,
  },
];

export const ENVIRONMENT_ACCESS: readonly EnvironmentAccessRow[] = [
  {
    action: 'environment.read',
    description: 'see an environment: its namespace, quota, limits and network policies',
    permission: 'slipway.environment.read',
    allow: { developer: BOTH, lead: BOTH, platformAdmin: BOTH },
    kubernetes: {
      by: 'user',
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
        {
          apiGroups: [''],
          resources: ['resourcequotas', 'limitranges'],
          verbs: READ,
        },
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['networkpolicies'],
          verbs: READ,
        },
      ],
    },
  },
  {
    action: 'workload.read',
    description: 'read workloads, pods, logs, events and metrics',
    permission: 'slipway.workload.read',
    allow: { developer: BOTH, lead: BOTH, platformAdmin: BOTH },
    kubernetes: {
      by: 'user',
      rules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'replicasets', 'statefulsets', 'deployments/scale'],
          verbs: READ,
        },
        { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
        {
          apiGroups: [''],
          resources: ['pods', 'pods/log', 'events', 'endpoints', 'services', 'configmaps', 'serviceaccounts', 'persistentvolumeclaims'],
          verbs: READ,
        },
        {
          apiGroups: ['autoscaling'],
          resources: ['horizontalpodautoscalers'],
          verbs: READ,
        },
        {
          apiGroups: ['policy'],
          resources: ['poddisruptionbudgets'],
          verbs: READ,
        },
        {
          apiGroups: ['networking.k8s.io'],
          resources: ['ingresses'],
          verbs: READ,
        },
        { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
        {
          apiGroups: ['discovery.k8s.io'],
          resources: ['endpointslices'],
          verbs: READ,
        },
        {
          apiGroups: ['metrics.k8s.io'],
          resources: ['pods'],
          verbs: ['get', 'list'],
        },
      ],
    },
  },
  {
    action: 'workload.operate',
    description: 'scale, restart, and delete a pod',
    permission: 'slipway.workload.operate',
    allow: {
      developer: NON_PRODUCTION,
      lead: NON_PRODUCTION,
      platformAdmin: NON_PRODUCTION,
    },
    kubernetes: {
      by: 'user',
      rules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments/scale', 'statefulsets/scale'],
          verbs: ['update', 'patch'],
        },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
        // Eviction respects PodDisruptionBudgets; deleting a stuck pod is the team's own business.
        { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      ],
    },
  },
  {
    action: 'app.deploy',
    description: 'deploy an app: write its workloads, services and configuration',
    permission: 'slipway.app.deploy',
    allow: {
      developer: NON_PRODUCTION,
      lead: NON_PRODUCTION,
      platformAdmin: NON_PRODUCTION,
    },
    kubernetes: { by: 'user', rules: APP_RESOURCES },
  },
  {
    action: 'app.deploy.production',
    description: 'write an app into production (only to carry out an approved deploy request)',
    allow: {},
    kubernetes: { by: 'platform', rules: APP_RESOURCES },
  },
  {
    action: 'deployRequest.create',
    description: 'ask for a production deploy (a deploy request that tech leads decide)',
    permission: 'slipway.deployRequest.create',
    allow: { developer: PRODUCTION, lead: PRODUCTION, platformAdmin: PRODUCTION },
    // The request is stored by the portal; once approved, the platform identity writes it (app.deploy.production).
    kubernetes: { by: 'platform', rules: [] },
  },
  {
    action: 'deployRequest.decide',
    description: 'approve or reject a production deploy request (never one’s own)',
    permission: 'slipway.deployRequest.decide',
    allow: { lead: PRODUCTION, platformAdmin: PRODUCTION },
    kubernetes: { by: 'platform', rules: [] },
  },
  {
    action: 'environment.create',
    description: 'create an environment with its quota, limits, network policies and role bindings',
    permission: 'slipway.environment.create',
    allow: { developer: NON_PRODUCTION, lead: BOTH, platformAdmin: BOTH },
    kubernetes: {
      by: 'platform',
      rules: [
        {
          apiGroups: [''],
          resources: ['namespaces'],
          verbs: ['create', 'patch'],
        },
        ...GUARD_OBJECTS,
      ],
    },
  },
  {
    action: 'environment.extend',
    description: 'extend an environment’s time to live',
    permission: 'slipway.environment.update',
    allow: {
      developer: NON_PRODUCTION,
      lead: NON_PRODUCTION,
      platformAdmin: NON_PRODUCTION,
    },
    kubernetes: {
      by: 'platform',
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] }],
    },
  },
  {
    action: 'environment.delete',
    description: 'delete an environment and everything in it',
    permission: 'slipway.environment.delete',
    allow: {
      developer: NON_PRODUCTION,
      lead: NON_PRODUCTION,
      platformAdmin: BOTH,
    },
    kubernetes: {
      by: 'platform',
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['delete'] }],
    },
  },
  {
    action: 'quota.change',
    description: 'change the team’s quota of an environment, up to its type’s maximum',
    permission: 'slipway.environment.quota.change',
    allow: { lead: BOTH, platformAdmin: BOTH },
    // The portal records the quota on the Namespace and applies the ResourceQuota as the platform.
    kubernetes: {
      by: 'platform',
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['resourcequotas'], verbs: ['create', 'patch'] },
      ],
    },
  },
  {
    action: 'secret.write',
    // Any Kubernetes write of a Secret (update, patch, delete) answers with its values: people
    // write secrets through the portal, which has the platform identity write them.
    description: 'write a secret (values are write-only)',
    permission: 'slipway.secret.write',
    allow: { developer: NON_PRODUCTION, lead: BOTH, platformAdmin: BOTH },
    kubernetes: {
      by: 'platform',
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: WRITE },
        // With the external-secrets or vault store, the operator writes the Secret from these.
        { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: WRITE },
        { apiGroups: ['generators.external-secrets.io'], resources: ['passwords'], verbs: WRITE },
      ],
    },
  },
  {
    action: 'secret.read',
    description: 'read secret values',
    allow: {},
    kubernetes: {
      by: 'nobody',
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: READ }],
    },
  },
  {
    action: 'access.change',
    description: 'change role bindings, quotas, limits or network policies directly',
    allow: {},
    kubernetes: { by: 'platform', rules: GUARD_OBJECTS },
  },
  {
    action: 'role.define',
    description: 'define roles of its own (Slipway’s roles come from this table)',
    allow: {},
    kubernetes: {
      by: 'nobody',
      rules: [
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['roles'],
          verbs: [...WRITE, 'bind', 'escalate'],
        },
      ],
    },
  },
  {
    action: 'pod.exec',
    description: 'run commands in, attach to or port-forward into a pod',
    allow: {},
    kubernetes: {
      by: 'nobody',
      rules: [
        {
          apiGroups: [''],
          resources: ['pods/exec', 'pods/attach', 'pods/portforward'],
          verbs: ['create', 'get'],
        },
      ],
    },
  },
];

/** The row for an action; throws for an unknown one (a typo must not read as "nobody may"). */
export function accessRow(action: string): EnvironmentAccessRow {
  const row = ENVIRONMENT_ACCESS.find(r => r.action === action);
  if (!row) throw new Error(`No access row for action ${action}`);
  return row;
}

/** The row behind a portal permission, if the permission is one of the table's. */
export function accessRowOfPermission(permission: string): EnvironmentAccessRow | undefined {
  return ENVIRONMENT_ACCESS.find(r => r.permission === permission);
}

/** Whether a tier may do a row's action in its team's environments of a class, per the table. */
export function tierAllows(row: EnvironmentAccessRow, tier: Tier, environmentClass: EnvironmentClass): boolean {
  return row.allow[tier]?.includes(environmentClass) ?? false;
}
