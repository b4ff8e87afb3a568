import type { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import type { GuardRail, Violation } from './guardRails';
import { cpuMillicores, formatCpu, formatMemory, isQuantity, memoryBytes } from '@internal/plugin-idp-environments-common';
import { ContainerRef, Fields, asFields, containersOf, podCount, podSpecs } from './workloads';

/** Resource names of a ResourceQuota; `cpu` and `memory` mean requests, as in Kubernetes. */
export type QuotaResource = 'cpu' | 'memory' | 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory' | 'pods';
export type QuotaAmounts = Partial<Record<QuotaResource, string | number>>;

/**
 * An environment's quota, in the ResourceQuota's own terms: pass its status.hard and status.used
 * (or the environment type's `{cpu, memory, pods}`). `used` must not count this app's current pods.
 */
export interface NamespaceQuota {
  hard: QuotaAmounts;
  used?: QuotaAmounts;
}

type Measure = 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory' | 'pods';
const MEASURES: { measure: Measure; alias?: QuotaResource; field: string; what: string }[] = [
  { measure: 'requests.cpu', alias: 'cpu', field: 'resources.requests.cpu', what: 'CPU requested' },
  { measure: 'requests.memory', alias: 'memory', field: 'resources.requests.memory', what: 'memory requested' },
  { measure: 'limits.cpu', field: 'resources.limits.cpu', what: 'CPU limit' },
  { measure: 'limits.memory', field: 'resources.limits.memory', what: 'memory limit' },
  { measure: 'pods', field: 'replicas', what: 'pods' },
];

// Pods count, CPU is in millicores, memory in bytes.
const UNITS: Record<'pods' | 'cpu' | 'memory', { parse: (amount: string | number) => number; format: (units: number) => string }> = {
  pods: { parse: Number, format: String },
  cpu: { parse: cpuMillicores, format: formatCpu },
  memory: { parse: memoryBytes, format: formatMemory },
};
const unitsOf = (measure: Measure) => UNITS[measure === 'pods' ? 'pods' : (measure.split('.')[1] as 'cpu' | 'memory')];
const toUnits = (measure: Measure, amount: string | number): number => unitsOf(measure).parse(amount);
const format = (measure: Measure, units: number): string => unitsOf(measure).format(units);

function amountOf(amounts: QuotaAmounts | undefined, measure: Measure, alias?: QuotaResource): string | number | undefined {
  return amounts?.[measure] ?? (alias ? amounts?.[alias] : undefined);
}

// Unset or malformed values count as 0 here; resources-required reports them.
function containerAmount(container: ContainerRef, measure: Measure): number {
  const [kind, resource] = measure.split('.');
  const amount = asFields(asFields(asFields(container.container.resources)?.[kind]))?.[resource];
  return (typeof amount === 'string' || typeof amount === 'number') && isQuantity(amount) ? toUnits(measure, amount) : 0;
}

/** A pod's effective amount, as the scheduler and quota count it: max(sum of containers, largest init container). */
function podAmount(containers: ContainerRef[], measure: Measure): number {
  const running = containers.filter(c => !c.init).reduce((sum, c) => sum + containerAmount(c, measure), 0);
  const init = Math.max(0, ...containers.filter(c => c.init).map(c => containerAmount(c, measure)));
  return Math.max(running, init);
}

function workloadField(manifest: KubernetesManifest, path: string, field: string): string {
  if (field === 'replicas') return manifest.kind === 'CronJob' || manifest.kind === 'Pod' ? path : 'spec.replicas';
  return `${path}.containers[*].${field}`;
}

/** The app's pods, at rollout size, must fit in what is left of the environment's quota. */
export const withinQuota: GuardRail = {
  id: 'within-quota',
  title: "Resources fit in what is left of the environment's quota",
  check(manifests, context) {
    const quota = context.quota;
    if (!quota) return [];
    const pods = podSpecs(manifests).map(pod => ({ pod, count: podCount(manifests, pod.manifest), containers: containersOf(pod) }));
    if (pods.length === 0) return [];
    const namespace = asFields(pods[0].pod.manifest.metadata as Fields)?.namespace ?? 'the environment';
    const violations: Violation[] = [];
    for (const { measure, alias, field, what } of MEASURES) {
      const hardAmount = amountOf(quota.hard, measure, alias);
      if (hardAmount === undefined) continue;
      const hard = toUnits(measure, hardAmount);
      const usedAmount = amountOf(quota.used, measure, alias);
      const used = usedAmount === undefined ? 0 : toUnits(measure, usedAmount);
      const needed = pods.reduce((sum, p) => sum + p.count * (measure === 'pods' ? 1 : podAmount(p.containers, measure)), 0);
      if (used + needed <= hard) continue;
      const left = Math.max(0, hard - used);
      const podsNote = measure === 'pods' ? '' : ` for ${pods.reduce((sum, p) => sum + p.count, 0)} pod(s)`;
      violations.push({
        ruleId: 'within-quota',
        object: pods.map(p => p.pod.object).join(', '),
        field: workloadField(pods[0].pod.manifest, pods[0].pod.path, field),
        message: `Needs ${format(measure, needed)} ${what}${podsNote}, but ${String(namespace)} has ${format(measure, left)} left of its ${format(measure, hard)} quota (${format(measure, used)} in use)`,
        fix: 'Lower the replicas or the resources, free room by scaling down other apps in the environment, or ask a tech lead to raise the quota',
      });
    }
    return violations;
  },
};
