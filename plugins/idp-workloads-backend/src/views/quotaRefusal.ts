import { parseQuantity } from '@internal/plugin-idp-environments-common';

/** What the API server's ResourceQuota admission says when it refuses a pod. */
export interface QuotaRefusal {
  quota?: string;
  /** Per resource (e.g. `limits.cpu`): what the pod asked for, what is used, the quota's hard limit. */
  resources: Array<{ resource: string; requested: string; used?: string; limited?: string }>;
}

// e.g. `exceeded quota: compute, requested: limits.cpu=1,limits.memory=1Gi, used: limits.cpu=4,limits.memory=4Gi, limited: limits.cpu=4,limits.memory=8Gi`
const EXCEEDED = /exceeded quota: ([^,]+), requested: (.+?), used: (.+?), limited: (.+?)$/;

function amounts(list: string): Map<string, string> {
  return new Map(
    list
      .split(',')
      .map(pair => pair.trim().split('='))
      .filter(pair => pair.length === 2)
      .map(([key, value]) => [key, value] as [string, string]),
  );
}

/** The refusal in a FailedCreate message, or undefined when the message is not a quota refusal. */
export function parseQuotaRefusal(message: string): QuotaRefusal | undefined {
  if (!message.includes('exceeded quota')) return undefined;
  const match = EXCEEDED.exec(message.trim());
  if (!match) return { resources: [] };
  const [, quota, requested, used, limited] = match;
  const usedAmounts = amounts(used);
  const limitedAmounts = amounts(limited);
  return {
    quota: quota.trim(),
    resources: [...amounts(requested)].map(([resource, amount]) => ({
      resource,
      requested: amount,
      used: usedAmounts.get(resource),
      limited: limitedAmounts.get(resource),
    })),
  };
}

const RESOURCE_WORDS: Record<string, string> = {
  pods: 'pods',
  cpu: 'CPU requests',
  memory: 'memory requests',
  'requests.cpu': 'CPU requests',
  'requests.memory': 'memory requests',
  'limits.cpu': 'CPU limits',
  'limits.memory': 'memory limits',
  'requests.storage': 'storage',
  persistentvolumeclaims: 'volume claims',
};

function overflows(r: QuotaRefusal['resources'][number]): boolean {
  if (r.used === undefined || r.limited === undefined) return true;
  try {
    return parseQuantity(r.used) + parseQuantity(r.requested) > parseQuantity(r.limited);
  } catch {
    return true;
  }
}

/** e.g. `CPU limits: 4 of 4 in use, a new pod needs 1 more`, for the resources that do not fit. */
export function describeQuotaRefusal(refusal: QuotaRefusal): string {
  const full = refusal.resources.filter(overflows);
  const shown = full.length > 0 ? full : refusal.resources;
  return shown
    .map(r => {
      const name = RESOURCE_WORDS[r.resource] ?? r.resource;
      const use = r.used !== undefined && r.limited !== undefined ? `${r.used} of ${r.limited} in use, ` : '';
      return `${name}: ${use}a new pod needs ${r.requested} more`;
    })
    .join('; ');
}
