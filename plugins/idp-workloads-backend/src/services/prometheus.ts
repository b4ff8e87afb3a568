import { Config } from '@backstage/config';

/** Where Prometheus is, when the platform team has one (`slipway.workloads.prometheus`). */
export interface PrometheusSettings {
  url: string;
}

export function readPrometheusSettings(config: Config): PrometheusSettings | undefined {
  const url = config.getOptionalString('slipway.workloads.prometheus.url');
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url)) throw new Error(`slipway.workloads.prometheus.url must be an http(s) address, got "${url}"`);
  return { url: url.replace(/\/+$/, '') };
}
