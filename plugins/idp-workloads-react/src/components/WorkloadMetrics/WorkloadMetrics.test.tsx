import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { WorkloadsApi, workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, sampleMetrics, sampleRequestMetrics } from '../../testing/fakes';
import { WorkloadMetrics } from './WorkloadMetrics';

const render = (api: WorkloadsApi) => renderInTestApp(<WorkloadMetrics namespace="team-a-dev" />, { apis: [[workloadsApiRef, api]] });

describe('WorkloadMetrics', () => {
  it('charts CPU and memory per workload and pod against request and limit, and says Prometheus is missing', async () => {
    render(fakeWorkloadsApi({ getMetrics: async () => sampleMetrics() }));
    expect(await screen.findByText('all its pods together')).toBeInTheDocument();
    const charts = screen.getAllByRole('img', { name: /over the last 60 minutes/ });
    expect(charts).toHaveLength(4);
    expect(charts[0]).toHaveAccessibleName('CPU over the last 60 minutes: 12m now · request 250m (5%) · limit 500m (2%)');
    expect(charts[1]).toHaveAccessibleName('Memory over the last 60 minutes: 66 MiB now · request 256 MiB (26%) · limit 512 MiB (13%)');
    expect(charts[2]).toHaveAccessibleName(/CPU .*· no limit$/);
    expect(charts[0].querySelectorAll('line')).toHaveLength(2);
    // recharts draws the usage as one path through each sample (M, then L per further sample).
    expect(charts[0].querySelector('.recharts-area-curve')?.getAttribute('d')?.match(/[ML]/g)).toHaveLength(3);
    expect(screen.getByText('web-7d9f8b6c5-x2kqp')).toBeInTheDocument();
    expect(screen.getByText(/set slipway.workloads.prometheus.url in app-config/)).toBeInTheDocument();
  });

  it('says when there is nothing to measure', async () => {
    render(
      fakeWorkloadsApi({
        getMetrics: async () => sampleMetrics({ workloads: [], pods: [], prometheus: { configured: true, url: 'http://prometheus:9090' } }),
        getRequestMetrics: async () => sampleRequestMetrics({ workloads: [] }),
      }),
    );
    expect(await screen.findByText('No workloads to measure yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^http:\/\/prometheus:9090/ })).toBeInTheDocument();
    expect(await screen.findByText('No Deployments serve requests here yet')).toBeInTheDocument();
  });

  it('says when samples have not arrived yet', async () => {
    const metrics = sampleMetrics();
    metrics.workloads[0].usage.points = [];
    render(fakeWorkloadsApi({ getMetrics: async () => ({ ...metrics, pods: [] }) }));
    expect(await screen.findByRole('img', { name: /^CPU .*no samples yet · request 250m · limit 500m$/ })).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    const error = await responseError(403, 'NotAllowedError', 'You may not see the workloads of team-a-dev: it belongs to another team');
    render(fakeWorkloadsApi({ getMetrics: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the metrics of team-a-dev/)).toBeInTheDocument();
  });

  describe('requests, errors and latency from Prometheus', () => {
    const configured = () => sampleMetrics({ prometheus: { configured: true, url: 'http://prometheus:9090' } });

    it('charts each Deployment’s request rate, error percentage and p95 latency', async () => {
      render(fakeWorkloadsApi({ getMetrics: async () => configured(), getRequestMetrics: async () => sampleRequestMetrics() }));
      expect(await screen.findByRole('img', { name: 'Requests over the last 60 minutes: 40 req/s now' })).toBeInTheDocument();
      expect(screen.getByRole('img', { name: 'Errors over the last 60 minutes: 5% now' })).toBeInTheDocument();
      const latency = screen.getByRole('img', { name: 'Latency (p95) over the last 60 minutes: 225 ms now' });
      expect(latency.querySelectorAll('line')).toHaveLength(0);
      expect(latency.querySelector('.recharts-area-curve')?.getAttribute('d')?.match(/[ML]/g)).toHaveLength(3);
    });

    it('says how to get data when Prometheus has none for a Deployment', async () => {
      const red = sampleRequestMetrics();
      red.workloads[0] = { ...red.workloads[0], requestsPerSecond: [], errorPercent: [], latencyP95Ms: [] };
      render(fakeWorkloadsApi({ getMetrics: async () => configured(), getRequestMetrics: async () => red }));
      expect(await screen.findByText(/Prometheus has no requests of Deployment\/web in the last hour.*slipway.workloads.prometheus.queries/)).toBeInTheDocument();
    });

    it('shows why Prometheus could not be read, and keeps the usage charts', async () => {
      const error = await responseError(
        503,
        'ServiceUnavailableError',
        'Prometheus at http://prometheus:9090 could not be reached (ECONNREFUSED); check that it runs and that slipway.workloads.prometheus.url points at it',
      );
      render(fakeWorkloadsApi({ getMetrics: async () => configured(), getRequestMetrics: () => Promise.reject(error) }));
      expect(await screen.findByRole('alert')).toHaveTextContent(/Could not read request metrics: Prometheus at http:\/\/prometheus:9090 could not be reached \(ECONNREFUSED\)/);
      expect(screen.getAllByRole('img', { name: /^CPU over the last 60 minutes/ }).length).toBeGreaterThan(0);
    });
  });
});
