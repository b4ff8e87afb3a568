import { ENVIRONMENT_ACCESS, EnvironmentClass, PolicyRule, READ_VERBS, TIERS, Tier, environmentClassOf, tierAllows } from './accessTable';
import { LEADS_GROUP_SUFFIX, PLATFORM_ADMINS_GROUP } from './caller';
import { EnvironmentType } from './environmentTypes';
import { ENVIRONMENT_LABELS, MANAGED_BY } from './labels';
import { KubernetesManifest } from './manifest';

export type { PolicyRule } from './accessTable';

const TIER_ROLE_NAMES: Record<Tier, string> = {
  developer: 'slipway-developer',
  lead: 'slipway-lead',
  platformAdmin: 'slipway-platform-admin',
};

export const SLIPWAY_DEVELOPER_ROLE = TIER_ROLE_NAMES.developer;
export const SLIPWAY_LEAD_ROLE = TIER_ROLE_NAMES.lead;

/** The ClusterRole a tier is bound to in environments of a class, e.g. `slipway-lead-production`. */
export function clusterRoleName(tier: Tier, environmentClass: EnvironmentClass): string {
  return environmentClass === 'production' ? `${TIER_ROLE_NAMES[tier]}-production` : TIER_ROLE_NAMES[tier];
}

const isRead = (verb: string) => (READ_VERBS as readonly string[]).includes(verb);

/**
 * What a tier holds in its team's environments of a class: the rules of every row it may do as
 * itself. In production only the read verbs: writes there are the platform identity's.
 */
export function tierRules(tier: Tier, environmentClass: EnvironmentClass): PolicyRule[] {
  return ENVIRONMENT_ACCESS.filter(row => row.kubernetes.by === 'user' && tierAllows(row, tier, environmentClass)).flatMap(row =>
    row.kubernetes.rules
      .map(rule => ({
        ...rule,
        verbs: environmentClass === 'production' ? rule.verbs.filter(isRead) : [...rule.verbs],
      }))
      .filter(rule => rule.verbs.length > 0),
  );
}

const clusterRole = (name: string, rules: PolicyRule[]): KubernetesManifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name, labels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY } },
  rules,
});

/** Every tier's ClusterRole for both classes; environments' RoleBindings refer to them. Installed once per cluster. */
export const SLIPWAY_CLUSTER_ROLES: KubernetesManifest[] = (['nonProduction', 'production'] as const).flatMap(environmentClass =>
  TIERS.map(tier => clusterRole(clusterRoleName(tier, environmentClass), tierRules(tier, environmentClass))),
);

/** Names of the RoleBindings in every environment. */
export const ENVIRONMENT_BINDING_NAMES: Record<Tier, string> = {
  developer: 'slipway-developers',
  lead: 'slipway-leads',
  platformAdmin: 'slipway-platform-admins',
};

/** Who is bound to what in one environment: the team, its leads, and the platform admins. */
export function environmentBindings(team: string, type: EnvironmentType): { name: string; group: string; role: string }[] {
  const environmentClass = environmentClassOf(type);
  const groupOf: Record<Tier, string> = {
    developer: team,
    lead: `${team}${LEADS_GROUP_SUFFIX}`,
    platformAdmin: PLATFORM_ADMINS_GROUP,
  };
  return TIERS.map(tier => ({
    name: ENVIRONMENT_BINDING_NAMES[tier],
    group: groupOf[tier],
    role: clusterRoleName(tier, environmentClass),
  }));
}
