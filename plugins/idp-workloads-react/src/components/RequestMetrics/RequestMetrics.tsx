import { EmptyState, InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { EnvironmentMetrics, RedPoint, WorkloadRed } from '@internal/plugin-idp-workloads-common';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { DEFAULT_POLL_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import { errorMessage } from '../../lib/errors';
import { formatLatency, formatPercent, formatRequestRate, objectName } from '../../lib/format';
import { UsageChart } from '../UsageChart';

export interface RequestMetricsProps {
  namespace: string;
  prometheus: EnvironmentMetrics['prometheus'];
  pollIntervalMs?: number;
}

const value = (p: RedPoint) => p.value;
const newest = (format: (v: number) => string, none: string) => (current: number | undefined) => (current === undefined ? none : `${format(current)} now`);

function WorkloadRequestCharts({ red, windowMs }: { red: WorkloadRed; windowMs: number }) {
  if (red.requestsPerSecond.length === 0 && red.latencyP95Ms.length === 0) {
    return (
      <Typography variant="body2">
        Prometheus has no requests of {objectName(red.workload)} in the last hour. Its pods must expose http_requests_total and
        http_request_duration_seconds (the client libraries' defaults), labelled with namespace and pod; if your metrics have other
        names, a platform admin sets slipway.workloads.prometheus.queries.
      </Typography>
    );
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={4}>
        <UsageChart title="Requests" points={red.requestsPerSecond} value={value} format={formatRequestRate} windowMs={windowMs} summary={newest(formatRequestRate, 'no requests')} />
      </Grid>
      <Grid item xs={12} sm={4}>
        <UsageChart title="Errors" points={red.errorPercent} value={value} format={formatPercent} windowMs={windowMs} summary={newest(formatPercent, 'no requests to fail')} />
      </Grid>
      <Grid item xs={12} sm={4}>
        <UsageChart title="Latency (p95)" points={red.latencyP95Ms} value={value} format={formatLatency} windowMs={windowMs} summary={newest(formatLatency, 'no latency measured')} />
      </Grid>
    </Grid>
  );
}

function RequestCharts({ namespace, pollIntervalMs }: { namespace: string; pollIntervalMs: number }) {
  const workloadsApi = useApi(workloadsApiRef);
  const { value: red, error, loading } = usePolling(() => workloadsApi.getRequestMetrics(namespace), [workloadsApi, namespace], pollIntervalMs);

  if (loading && !red) return <Progress />;
  if (error && !red) {
    return (
      <Typography color="error" role="alert">
        Could not read request metrics: {errorMessage(error)}
      </Typography>
    );
  }
  if (!red) return null;
  if (red.workloads.length === 0) {
    return <EmptyState missing="data" title="No Deployments serve requests here yet" description="Request rate, errors and latency appear for each Deployment once it runs." />;
  }
  return (
    <Grid container spacing={3}>
      {red.workloads.map(w => (
        <Grid item xs={12} key={objectName(w.workload)}>
          <Typography variant="subtitle1">{objectName(w.workload)}</Typography>
          <WorkloadRequestCharts red={w} windowMs={red.windowMs} />
        </Grid>
      ))}
      {error && (
        <Grid item xs={12}>
          <Typography variant="body2" color="error">
            Could not refresh the request metrics ({errorMessage(error)}): showing the last ones read.
          </Typography>
        </Grid>
      )}
    </Grid>
  );
}

/** Request rate, errors and latency per Deployment from Prometheus, or how to enable them. */
export function RequestMetrics({ namespace, prometheus, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS }: RequestMetricsProps) {
  return (
    <InfoCard
      title="Requests, errors and latency"
      subheader={
        prometheus.configured && prometheus.url ? (
          <>
            From Prometheus at <Link to={prometheus.url}>{prometheus.url}</Link>, over the last hour
          </>
        ) : undefined
      }
    >
      {prometheus.configured ? (
        <RequestCharts namespace={namespace} pollIntervalMs={pollIntervalMs} />
      ) : (
        <Typography>{prometheus.hint ?? 'Request rate, errors and latency need Prometheus, which is not configured.'}</Typography>
      )}
    </InfoCard>
  );
}
