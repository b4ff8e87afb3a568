import { ConfigReader } from '@backstage/config';
import { readPrometheusSettings } from './prometheus';
import { DEFAULT_RED_QUERIES } from './redQueries';

const read = (prometheus: Record<string, any>) => readPrometheusSettings(new ConfigReader({ slipway: { workloads: { prometheus } } }));

describe('readPrometheusSettings', () => {
  it('is absent when no address is configured', () => {
    expect(readPrometheusSettings(new ConfigReader({}))).toBeUndefined();
  });

  it('takes the address, the default queries and a 5 s timeout', () => {
    expect(read({ url: 'http://prometheus.monitoring:9090/' })).toEqual({ url: 'http://prometheus.monitoring:9090', queries: DEFAULT_RED_QUERIES, timeoutMs: 5000 });
  });

  it('replaces only the queries given', () => {
    const settings = read({ url: 'https://p.example.com', timeoutSeconds: 2, queries: { requestRate: 'sum(rate(requests{app="{{workload}}"}[1m]))' } });
    expect(settings?.queries).toEqual({ ...DEFAULT_RED_QUERIES, requestRate: 'sum(rate(requests{app="{{workload}}"}[1m]))' });
    expect(settings?.timeoutMs).toBe(2000);
  });

  it('stops the backend with the fix for a bad address, query or timeout', () => {
    expect(() => read({ url: 'prometheus:9090' })).toThrow(/must be an http\(s\) address such as http:\/\/prometheus.monitoring:9090, got "prometheus:9090"/);
    expect(() => read({ url: 'http://p', queries: { latency: 'x' } })).toThrow(/queries.latency is not a known query; use requestRate, errorRate, latencyP95Seconds/);
    expect(() => read({ url: 'http://p', queries: { errorRate: 'rate(x{app="{{app}}"}[1m])' } })).toThrow(/uses \{\{app\}\}/);
    expect(() => read({ url: 'http://p', timeoutSeconds: 0 })).toThrow(/timeoutSeconds must be a positive number/);
  });
});
