/**
 * A rolling restart of the workloads that read rotated secrets, as `kubectl rollout restart` does
 * it (a new pod-template annotation), with each secret's new version on the template so every pod
 * says which version it started with. Where a PodDisruptionBudget covers the workload, the rollout
 * takes down no more pods at once than the budget allows.
 */

export const SECRET_VERSIONS_ANNOTATION = 'slipway.dev/secret-versions';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export interface RestartTarget {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  /** The pod template's labels, to find the budgets that cover it. */
  podLabels: Record<string, string>;
  /** Secret name → version, for every rotated secret it reads. */
  versions: Record<string, number>;
  /** The template's current `slipway.dev/secret-versions`, merged with the new ones. */
  currentVersions?: string;
}

export interface DisruptionBudget {
  selector?: { matchLabels?: Record<string, string> };
  maxUnavailable?: number | string;
}

function covers(budget: DisruptionBudget, labels: Record<string, string>): boolean {
  const match = budget.selector?.matchLabels;
  return !!match && Object.keys(match).length > 0 && Object.entries(match).every(([k, v]) => labels[k] === v);
}

/** `db=4,api-key=2`: names and versions only. */
export function secretVersionsText(current: string | undefined, versions: Record<string, number>): string {
  const merged = new Map<string, string>();
  for (const part of (current ?? '').split(',')) {
    const [name, version] = part.split('=');
    if (name && version) merged.set(name, version);
  }
  for (const [name, version] of Object.entries(versions)) merged.set(name, String(version));
  return [...merged].sort(([a], [b]) => a.localeCompare(b)).map(([name, version]) => `${name}=${version}`).join(',');
}

/** The strategic merge patch that restarts one workload. */
export function restartPatch(target: RestartTarget, budgets: DisruptionBudget[], now: Date): object {
  const template = { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now.toISOString(), [SECRET_VERSIONS_ANNOTATION]: secretVersionsText(target.currentVersions, target.versions) } } };
  const limits = budgets.filter(b => covers(b, target.podLabels)).map(b => b.maxUnavailable).filter((m): m is number => typeof m === 'number');
  if (target.kind !== 'Deployment' || limits.length === 0) return { spec: { template } };
  // A budget of 0 still lets a rollout surge one pod at a time.
  const maxUnavailable = Math.min(...limits);
  return { spec: { template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, ...(maxUnavailable === 0 ? { maxSurge: 1 } : {}) } } } };
}
