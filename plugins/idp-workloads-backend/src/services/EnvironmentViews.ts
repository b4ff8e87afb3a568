import { EnvironmentMetrics, EnvironmentStatus, EnvironmentStatusSummary, EventView, WorkloadRef, WorkloadView } from '@internal/plugin-idp-workloads-common';
import { V1Pod } from '@kubernetes/client-node';
import { eventView, eventsAbout, sortEventsNewestFirst } from '../views/eventSummaries';
import { OwnerLookup, ownerLookup, podsByWorkload, workloadOfPod } from '../views/owners';
import { podRestarts, podView } from '../views/podSummaries';
import { podRequestsAndLimits, sumRequestsAndLimits } from '../views/resources';
import { workloadFromCronJob, workloadFromDeployment, workloadFromJob } from '../views/workloadSummaries';
import { MetricsHistory } from './MetricsHistory';
import { WorkloadCache } from './WorkloadCache';

const MAX_EVENTS = 200;
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** Turns the cache's objects into the compact views the pages show; no API calls. */
export class EnvironmentViews {
  /**
   * The list's lines, each with the cache version it was computed at: the list asks for every
   * environment on every poll, and recomputing thousands of pods' problems each time is what
   * made it slow; a line is recomputed only after something in its namespace changed.
   */
  private readonly summaries = new Map<string, { version: number; summary: EnvironmentStatusSummary }>();

  constructor(private readonly cache: WorkloadCache, private readonly metrics: MetricsHistory, private readonly now: () => number = Date.now) {}

  private objects(namespace: string) {
    const pods = this.cache.pods.list(namespace) as V1Pod[];
    const jobs = [...this.cache.jobs.list(namespace)];
    const owners: OwnerLookup = ownerLookup([...this.cache.replicaSets.list(namespace)], jobs);
    return { pods, jobs, owners, events: [...this.cache.events.list(namespace)] };
  }

  private workloads(namespace: string, { pods, jobs, owners, events }: ReturnType<EnvironmentViews['objects']>): WorkloadView[] {
    const grouped = podsByWorkload(pods, owners);
    const ownJobs = jobs.filter(job => owners.get(`Job/${job.metadata?.name}`)?.kind === 'Job');
    const podsOf = (kind: WorkloadRef['kind'], name: string) => grouped({ kind, name });
    return [
      ...this.cache.deployments.list(namespace).map(d => workloadFromDeployment(d, podsOf('Deployment', d.metadata!.name!), events)),
      ...this.cache.cronJobs.list(namespace).map(c => workloadFromCronJob(c, jobs, podsOf('CronJob', c.metadata!.name!), events)),
      ...ownJobs.map(j => workloadFromJob(j, podsOf('Job', j.metadata!.name!), events)),
    ];
  }

  status(namespace: string): EnvironmentStatus {
    const objects = this.objects(namespace);
    const { pods, owners, events } = objects;
    return { namespace, workloads: this.workloads(namespace, objects).sort(byName), pods: pods.map(pod => podView(pod, owners, events)).sort(byName) };
  }

  summary(namespace: string): EnvironmentStatusSummary {
    const version = this.cache.version(namespace);
    const known = this.summaries.get(namespace);
    if (known && known.version === version) return known.summary;
    const objects = this.objects(namespace);
    // The counts need the workloads' problems, not the pods' views.
    const workloads = this.workloads(namespace, objects);
    const summary = {
      namespace,
      workloads: workloads.length,
      healthy: workloads.filter(w => w.rollout === 'complete').length,
      pods: objects.pods.length,
      restarts: objects.pods.reduce((sum, pod) => sum + podRestarts(pod), 0),
      problems: workloads.reduce((sum, w) => sum + w.problems.length, 0),
    };
    // Lines of deleted environments go when they outnumber the live ones.
    if (this.summaries.size > 2 * this.cache.namespaces.list().length + 64) {
      for (const name of this.summaries.keys()) if (!this.cache.environment(name)) this.summaries.delete(name);
    }
    this.summaries.set(namespace, { version, summary });
    return summary;
  }

  /** Newest first; `object` (`Kind/name`) narrows to one object. */
  events(namespace: string, object?: string): EventView[] {
    const all = sortEventsNewestFirst(this.cache.events.list(namespace).map(eventView));
    return (object ? eventsAbout(all, [object]) : all).slice(0, MAX_EVENTS);
  }

  /** The metrics answer but for `prometheus`, which the router adds. */
  metricsOf(namespace: string): Omit<EnvironmentMetrics, 'prometheus'> {
    const objects = this.objects(namespace);
    const { pods, owners } = objects;
    const now = this.now();
    const podsOf = podsByWorkload(pods, owners);
    return {
      namespace,
      intervalMs: this.metrics.intervalMs,
      windowMs: this.metrics.windowMs,
      workloads: this.workloads(namespace, objects)
        .sort(byName)
        .map(w => {
          const workload = { kind: w.kind, name: w.name };
          const resources = sumRequestsAndLimits(podsOf(workload).map(podRequestsAndLimits));
          return { workload, usage: this.metrics.workloadHistory(namespace, workload, now, resources) };
        }),
      pods: pods.map(pod => {
        const name = pod.metadata?.name ?? '';
        return { pod: name, workload: workloadOfPod(pod, owners), usage: this.metrics.podHistory(namespace, name, now, podRequestsAndLimits(pod)) };
      }),
    };
  }
}
