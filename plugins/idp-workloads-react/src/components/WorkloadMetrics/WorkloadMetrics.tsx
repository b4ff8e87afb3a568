import { EmptyState, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { UsageHistory } from '@internal/plugin-idp-workloads-common';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { DEFAULT_POLL_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import { formatBytes, formatMillicores, objectName } from '../../lib/format';
import { RequestMetrics } from '../RequestMetrics';
import { UsageChart } from '../UsageChart';

export interface WorkloadMetricsProps {
  namespace: string;
  pollIntervalMs?: number;
}

function UsageCharts({ usage }: { usage: UsageHistory }) {
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={6}>
        <UsageChart
          title="CPU"
          points={usage.points}
          value={p => p.cpuMillicores}
          request={usage.requests?.cpuMillicores}
          limit={usage.limits?.cpuMillicores}
          format={formatMillicores}
          windowMs={usage.windowMs}
        />
      </Grid>
      <Grid item xs={12} sm={6}>
        <UsageChart
          title="Memory"
          points={usage.points}
          value={p => p.memoryBytes}
          request={usage.requests?.memoryBytes}
          limit={usage.limits?.memoryBytes}
          format={formatBytes}
          windowMs={usage.windowMs}
        />
      </Grid>
    </Grid>
  );
}

/** CPU and memory over the last hour per workload and per pod, against requests and limits; refreshed while shown. */
export function WorkloadMetrics({ namespace, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS }: WorkloadMetricsProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const { value, error, loading } = usePolling(() => workloadsApi.getMetrics(namespace), [workloadsApi, namespace], pollIntervalMs);

  if (loading && !value) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} title={`Could not load the metrics of ${namespace}`} />;
  if (!value) return null;

  const seconds = Math.round(value.intervalMs / 1000);
  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      <Typography variant="body2" color="textSecondary">
        Usage from metrics-server, sampled every {seconds} s by the portal and kept for {Math.round(value.windowMs / 60_000)} minutes.
        Dashed: the request (what the scheduler reserves); dotted: the limit (more CPU is throttled, more memory is killed).
      </Typography>
      {value.workloads.length === 0 ? (
        <EmptyState missing="data" title="No workloads to measure yet" description="Deploy one from Create; its usage appears here within a minute." />
      ) : (
        <Grid container spacing={3}>
          {value.workloads.map(w => (
            <Grid item xs={12} md={6} key={objectName(w.workload)}>
              <InfoCard title={objectName(w.workload)} subheader={`all its pods together${w.usage.points.length ? '' : ' · no samples yet'}`}>
                <UsageCharts usage={w.usage} />
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      )}
      {value.pods.length > 0 && (
        <>
          <Typography variant="h6">Pods</Typography>
          <Grid container spacing={3}>
            {value.pods.map(p => (
              <Grid item xs={12} md={6} lg={4} key={p.pod}>
                <InfoCard title={p.pod} subheader={p.workload ? objectName(p.workload) : 'no workload'}>
                  <UsageCharts usage={p.usage} />
                </InfoCard>
              </Grid>
            ))}
          </Grid>
        </>
      )}
      {error && (
        <Typography variant="body2" color="error">
          Could not refresh the metrics: showing the last ones read.
        </Typography>
      )}
      <RequestMetrics namespace={namespace} prometheus={value.prometheus} pollIntervalMs={pollIntervalMs} />
    </Box>
  );
}
