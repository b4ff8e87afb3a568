import { ContainerUsage, usageKey } from './observe';
import { UsageSource } from './UsageSource';

/** cAdvisor's series, per container (the pause container and pod-level series left out). */
export const PROMETHEUS_USAGE_QUERIES = {
  cpu: 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="",container!="POD"}[5m]))',
  memory: 'sum by (namespace, pod, container) (container_memory_working_set_bytes{container!="",container!="POD"})',
};

interface VectorResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

/** Prometheus (`slipway.costs.prometheus.url`): two instant queries per run, at the sample's time. */
export class PrometheusUsage implements UsageSource {
  constructor(private readonly options: { url: string; timeoutMs?: number }) {}

  private async vector(query: string, now: Date) {
    const url = `${this.options.url.replace(/\/+$/, '')}/api/v1/query?${new URLSearchParams({ query, time: String(now.getTime() / 1000) })}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    const body = (await res.json().catch(() => ({}))) as VectorResponse;
    if (!res.ok || body.status !== 'success' || body.data?.resultType !== 'vector') {
      throw new Error(`Prometheus at ${this.options.url} refused the usage query (${res.status} ${body.error ?? res.statusText}); check slipway.costs.prometheus.url`);
    }
    return body.data.result;
  }

  async containerUsage(now: Date): Promise<ContainerUsage> {
    const [cpu, memory] = await Promise.all([this.vector(PROMETHEUS_USAGE_QUERIES.cpu, now), this.vector(PROMETHEUS_USAGE_QUERIES.memory, now)]);
    const usage: ContainerUsage = new Map();
    const entry = (metric: Record<string, string>) => {
      const key = usageKey(metric.namespace, metric.pod, metric.container);
      if (!usage.has(key)) usage.set(key, { cpuCores: 0, ramBytes: 0 });
      return usage.get(key)!;
    };
    for (const sample of cpu) entry(sample.metric).cpuCores = Number(sample.value[1]) || 0;
    for (const sample of memory) entry(sample.metric).ramBytes = Number(sample.value[1]) || 0;
    return usage;
  }
}
