import { Config } from '@backstage/config';
import { DEFAULT_RED_QUERIES, RedQueryTemplates, redTemplateProblems } from './redQueries';

/** Where Prometheus is, when the platform team has one (`slipway.workloads.prometheus`), and what to ask it. */
export interface PrometheusSettings {
  url: string;
  queries: RedQueryTemplates;
  /** How long one query may take before the panel says Prometheus is too slow. */
  timeoutMs: number;
}

/** Reads and checks the settings at startup, so a typo stops the backend with the fix rather than breaking the panel later. */
export function readPrometheusSettings(config: Config): PrometheusSettings | undefined {
  const url = config.getOptionalString('slipway.workloads.prometheus.url');
  if (!url) return undefined;
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new Error(`slipway.workloads.prometheus.url must be an http(s) address such as http://prometheus.monitoring:9090, got "${url}"`);
  }
  const overrides = (config.getOptionalConfig('slipway.workloads.prometheus.queries')?.get() ?? {}) as Record<string, unknown>;
  const problems = redTemplateProblems(overrides);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const timeoutSeconds = config.getOptionalNumber('slipway.workloads.prometheus.timeoutSeconds') ?? 5;
  if (!(timeoutSeconds > 0)) throw new Error(`slipway.workloads.prometheus.timeoutSeconds must be a positive number of seconds, got ${timeoutSeconds}`);
  return {
    url: url.replace(/\/+$/, ''),
    queries: { ...DEFAULT_RED_QUERIES, ...(overrides as Partial<RedQueryTemplates>) },
    timeoutMs: timeoutSeconds * 1000,
  };
}
