import { ENVIRONMENT_TYPES, EnvironmentQuota, EnvironmentType, environmentQuotaSchema } from './environmentTypes';
import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS, MANAGED_BY } from './labels';

/** What Slipway knows of one environment; derived from its Namespace, which is the source of truth. */
export interface Environment {
  team: string;
  name: string;
  namespace: string;
  type: EnvironmentType;
  /** User entity ref of whoever created it, e.g. 'user:default/alice'. */
  owner: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; absent means it never expires (production). */
  expiresAt?: string;
  /** ISO 8601. */
  lastActivityAt?: string;
  protected: boolean;
  /** Namespace this environment was cloned from. */
  clonedFrom?: string;
  preview?: { repository: string; pullRequest: number };
  /** Service types apps may use here (the type's settings at provisioning); absent means ClusterIP only. */
  serviceTypes?: string[];
  /** The team's own quota, set by a tech lead; absent means the type's quota applies. */
  quotaOverride?: EnvironmentQuota;
  /** While provisioning: when the create started (ISO 8601), so an abandoned one can be told apart. */
  provisioningSince?: string;
  /** Provisioning: created, guard objects not all confirmed yet (not usable, not in the catalog). */
  phase: 'Provisioning' | 'Active' | 'Terminating';
}

/** The parts of a Kubernetes Namespace an environment is read from (a V1Namespace fits). */
export interface NamespaceLike {
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string | Date;
    deletionTimestamp?: string | Date;
  };
  status?: { phase?: string };
}

const isoOf = (value: string | Date | undefined): string | undefined => {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : value;
};

/**
 * The environment a Namespace stands for, or undefined when the namespace is not Slipway's
 * (no managed-by=slipway, a missing team/environment/type label, or an unknown type).
 */
export function environmentFromNamespace(ns: NamespaceLike): Environment | undefined {
  const labels = ns.metadata?.labels ?? {};
  const annotations = ns.metadata?.annotations ?? {};
  const team = labels[ENVIRONMENT_LABELS.team];
  const name = labels[ENVIRONMENT_LABELS.environment];
  const type = labels[ENVIRONMENT_LABELS.type];
  if (labels[ENVIRONMENT_LABELS.managedBy] !== MANAGED_BY || !team || !name || !type) return undefined;
  if (!(ENVIRONMENT_TYPES as readonly string[]).includes(type)) return undefined;
  // Without any creation time the janitor could not reason about it; better unseen than wrongly deleted.
  const createdAt = annotations[ENVIRONMENT_ANNOTATIONS.createdAt] ?? isoOf(ns.metadata?.creationTimestamp);
  if (!createdAt) return undefined;

  const environment: Environment = {
    team,
    name,
    namespace: ns.metadata?.name ?? `${team}-${name}`,
    type: type as EnvironmentType,
    owner: annotations[ENVIRONMENT_ANNOTATIONS.owner] ?? '',
    createdAt,
    protected: annotations[ENVIRONMENT_ANNOTATIONS.protected] === 'true',
    phase: phaseOf(ns),
  };
  const expiresAt = annotations[ENVIRONMENT_ANNOTATIONS.expiresAt];
  if (expiresAt) environment.expiresAt = expiresAt;
  const lastActivityAt = annotations[ENVIRONMENT_ANNOTATIONS.lastActivity];
  if (lastActivityAt) environment.lastActivityAt = lastActivityAt;
  const clonedFrom = annotations[ENVIRONMENT_ANNOTATIONS.clonedFrom];
  if (clonedFrom) environment.clonedFrom = clonedFrom;
  const repository = annotations[ENVIRONMENT_ANNOTATIONS.previewRepository];
  const pullRequest = Number(annotations[ENVIRONMENT_ANNOTATIONS.previewPullRequest]);
  if (repository && Number.isInteger(pullRequest) && pullRequest > 0) environment.preview = { repository, pullRequest };
  const serviceTypes = annotations[ENVIRONMENT_ANNOTATIONS.serviceTypes];
  if (serviceTypes) environment.serviceTypes = serviceTypes.split(',').filter(Boolean);
  const quotaOverride = parseQuotaOverride(annotations[ENVIRONMENT_ANNOTATIONS.quotaOverride]);
  if (quotaOverride) environment.quotaOverride = quotaOverride;
  if (environment.phase === 'Provisioning') environment.provisioningSince = provisioningSince(annotations[ENVIRONMENT_ANNOTATIONS.provisioning]) ?? createdAt;
  return environment;
}

/** The `at` of a provisioning marker (see provisioning.ts), if readable. */
function provisioningSince(marker: string | undefined): string | undefined {
  try {
    const at = JSON.parse(marker ?? '')?.at;
    return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : undefined;
  } catch {
    return undefined;
  }
}

function phaseOf(ns: NamespaceLike): Environment['phase'] {
  if (ns.status?.phase === 'Terminating' || ns.metadata?.deletionTimestamp) return 'Terminating';
  return ns.metadata?.annotations?.[ENVIRONMENT_ANNOTATIONS.provisioning] !== undefined ? 'Provisioning' : 'Active';
}

/** The quota-override annotation's value; an unreadable one counts as absent (the type's quota applies). */
export function parseQuotaOverride(annotation: string | undefined): EnvironmentQuota | undefined {
  if (!annotation) return undefined;
  try {
    const parsed = environmentQuotaSchema.safeParse(JSON.parse(annotation));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One line of an environment's ResourceQuota, as Kubernetes quantities (e.g. `250m` of `4`). */
export interface QuotaUsage {
  resource: string;
  used: string;
  hard: string;
}

/** An environment with its quota usage, as the list and the detail view show it. */
export interface EnvironmentDetail extends Environment {
  quota: QuotaUsage[];
}
