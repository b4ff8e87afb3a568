import {
  DEFAULT_RED_QUERIES,
  deploymentPodsPattern,
  errorPercentOf,
  pointsFromRangeResponse,
  redQueriesFor,
  redTemplateProblems,
  toMilliseconds,
} from './redQueries';

const web = { kind: 'Deployment' as const, name: 'user-service' };

describe('redQueriesFor', () => {
  it('fills the default queries with the namespace and a pattern that matches only this deployment’s pods', () => {
    const queries = redQueriesFor(DEFAULT_RED_QUERIES, 'team-a-dev', web);
    expect(queries.requestRate).toBe('sum(rate(http_requests_total{namespace="team-a-dev",pod=~"user-service-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}"}[2m]))');
    expect(queries.errorRate).toContain('code=~"5.."');
    expect(queries.latencyP95Seconds).toMatch(/^histogram_quantile\(0\.95, sum by \(le\)/);
    const pods = new RegExp(`^${deploymentPodsPattern('user-service')}$`);
    expect(pods.test('user-service-5d8f7c9b6d-x7k2p')).toBe(true);
    expect(pods.test('user-service-v2-5d8f7c9b6d-x7k2p')).toBe(false);
    expect(pods.test('user-service-canary-x7k2p')).toBe(false);
  });

  it('fills custom templates, including the workload name', () => {
    const queries = redQueriesFor({ ...DEFAULT_RED_QUERIES, requestRate: 'sum(rate(requests{ns="{{ namespace }}",app="{{workload}}"}[1m]))' }, 'ns', web);
    expect(queries.requestRate).toBe('sum(rate(requests{ns="ns",app="user-service"}[1m]))');
  });

  it('escapes dots so a dotted name matches itself only, as PromQL string escaping expects', () => {
    expect(deploymentPodsPattern('api.v1')).toMatch(/^api\\\\\.v1-\[/);
  });

  it('refuses names that are not Kubernetes names, so nothing else reaches PromQL', () => {
    expect(() => redQueriesFor(DEFAULT_RED_QUERIES, 'ns"}) or vector(1', web)).toThrow(/not a Kubernetes namespace name/);
    expect(() => redQueriesFor(DEFAULT_RED_QUERIES, 'ns', { kind: 'Deployment', name: 'A"' })).toThrow(/not a Kubernetes workload name/);
  });
});

describe('redTemplateProblems', () => {
  it('accepts the defaults and names every problem of a bad configuration', () => {
    expect(redTemplateProblems(DEFAULT_RED_QUERIES)).toEqual([]);
    expect(redTemplateProblems({ requestRate: '', latency: 'x', errorRate: 'rate(x{app="{{app}}"}[1m])' })).toEqual([
      'slipway.workloads.prometheus.queries.requestRate must be a PromQL query',
      'slipway.workloads.prometheus.queries.latency is not a known query; use requestRate, errorRate, latencyP95Seconds',
      'slipway.workloads.prometheus.queries.errorRate uses {{app}}; the placeholders are {{namespace}}, {{workload}} and {{pods}}',
    ]);
  });
});

describe('pointsFromRangeResponse', () => {
  const matrix = (...series: Array<Array<[number, string]>>) => ({ status: 'success', data: { resultType: 'matrix', result: series.map(values => ({ metric: {}, values })) } });

  it('turns a matrix into time-ordered points and leaves NaN out as a gap', () => {
    expect(pointsFromRangeResponse(matrix([[1700000060, '2.5'], [1700000000, '1'], [1700000120, 'NaN']]), 'sum')).toEqual([
      { time: '2023-11-14T22:13:20.000Z', value: 1 },
      { time: '2023-11-14T22:14:20.000Z', value: 2.5 },
    ]);
  });

  it('adds several series up for rates and takes the worst for latency', () => {
    const body = matrix([[1700000000, '1'], [1700000060, '0.2']], [[1700000000, '3'], [1700000060, '0.1']]);
    expect(pointsFromRangeResponse(body, 'sum').map(p => p.value)).toEqual([4, 0.30000000000000004]);
    expect(pointsFromRangeResponse(body, 'max').map(p => p.value)).toEqual([3, 0.2]);
  });

  it('is empty when nothing matched', () => {
    expect(pointsFromRangeResponse(matrix(), 'sum')).toEqual([]);
  });

  it('says what was wrong with an answer that is not a range result', () => {
    expect(() => pointsFromRangeResponse({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }, 'sum')).toThrow(
      'Prometheus answered: parse error at char 5',
    );
    expect(() => pointsFromRangeResponse({ status: 'success', data: { resultType: 'vector', result: [] } }, 'sum')).toThrow(/vector result where a range/);
    expect(() => pointsFromRangeResponse('<html>', 'sum')).toThrow('Prometheus did not answer with a query result');
  });
});

describe('errorPercentOf and toMilliseconds', () => {
  it('gives errors as a share of requests where there were requests, capped at 100', () => {
    const requests = [{ time: 't1', value: 10 }, { time: 't2', value: 0 }, { time: 't3', value: 4 }, { time: 't4', value: 1 }];
    const errors = [{ time: 't1', value: 0.5 }, { time: 't3', value: 0 }, { time: 't4', value: 1.2 }];
    expect(errorPercentOf(requests, errors)).toEqual([{ time: 't1', value: 5 }, { time: 't3', value: 0 }, { time: 't4', value: 100 }]);
  });

  it('converts seconds to milliseconds', () => {
    expect(toMilliseconds([{ time: 't', value: 0.125 }])).toEqual([{ time: 't', value: 125 }]);
  });
});
