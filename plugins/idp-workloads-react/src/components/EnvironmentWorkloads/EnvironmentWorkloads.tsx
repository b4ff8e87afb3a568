import { EmptyState, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { DEFAULT_POLL_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import { objectName } from '../../lib/format';
import { EventList } from '../EventList';
import { PodLogs } from '../PodLogs';
import { PodTable } from '../PodTable';
import { WorkloadMetrics } from '../WorkloadMetrics';
import { WorkloadTable } from '../WorkloadTable';

export interface EnvironmentWorkloadsProps {
  namespace: string;
  /** How often the status refreshes while the page is visible; 10 s unless set. */
  pollIntervalMs?: number;
}

const TABS = ['Workloads', 'Pods', 'Events', 'Logs', 'Metrics'] as const;
type TabName = (typeof TABS)[number];

/** What to do about a failed status request, beyond the server's message. */
function advice(error: Error): string {
  if (error instanceof ResponseError) {
    if (error.statusCode === 403) return 'Ask a member of the owning team, or a platform admin, if you need to see them.';
    if (error.statusCode === 404) return 'The environment may have just been created (try again in a few seconds) or deleted.';
    if (error.statusCode >= 500) return 'The portal could not reach the cluster; it retries every 10 seconds.';
  }
  return 'Check your connection; the page retries every 10 seconds.';
}

/** An environment's workloads, pods, events, logs and metrics, in tabs; status refreshed every 10 s while visible. */
export function EnvironmentWorkloads({ namespace, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS }: EnvironmentWorkloadsProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const [tab, setTab] = useState<TabName>('Workloads');
  const [logPod, setLogPod] = useState<string>();
  const status = usePolling(() => workloadsApi.getEnvironmentStatus(namespace), [workloadsApi, namespace], pollIntervalMs);
  const { value, error, loading, refresh } = status;

  let body: JSX.Element | null = null;
  if (loading && !value) {
    body = <Progress />;
  } else if (error && !value) {
    body = (
      <>
        <ResponseErrorPanel error={error} title={`Could not load the workloads of ${namespace}`} />
        <Typography variant="body2" style={{ marginTop: 8 }}>
          {advice(error)}
        </Typography>
      </>
    );
  } else if (value) {
    const objects = [...value.workloads.map(objectName), ...value.pods.map(p => `Pod/${p.name}`)];
    switch (tab) {
      case 'Workloads':
        body =
          value.workloads.length === 0 ? (
            <EmptyState
              missing="content"
              title="No workloads yet: deploy one from Create"
              description={`Golden-path templates deploy web apps, workers and cron jobs into ${namespace}.`}
              action={
                <Button variant="contained" color="primary" component={RouterLink} to="/create">
                  Create
                </Button>
              }
            />
          ) : (
            <WorkloadTable namespace={namespace} workloads={value.workloads} onChanged={refresh} />
          );
        break;
      case 'Pods':
        body =
          value.pods.length === 0 ? (
            <EmptyState missing="data" title="No pods" description="Pods appear here once a workload runs them." />
          ) : (
            <PodTable
              namespace={namespace}
              pods={value.pods}
              onChanged={refresh}
              onLogs={pod => {
                setLogPod(pod.name);
                setTab('Logs');
              }}
            />
          );
        break;
      case 'Events':
        body = <EventList namespace={namespace} objects={objects} pollIntervalMs={pollIntervalMs} />;
        break;
      case 'Logs':
        body = <PodLogs namespace={namespace} pods={value.pods} pod={logPod} onPodChange={setLogPod} />;
        break;
      default:
        body = <WorkloadMetrics namespace={namespace} pollIntervalMs={pollIntervalMs} />;
    }
  }

  const index = TABS.indexOf(tab);
  return (
    <InfoCard title="Workloads" subheader={`What runs in ${namespace}, refreshed every ${Math.round(pollIntervalMs / 1000)} seconds`} noPadding>
      <Tabs
        value={index}
        onChange={(_, i: number) => setTab(TABS[i])}
        indicatorColor="primary"
        variant="scrollable"
        aria-label={`Workloads of ${namespace}`}
      >
        {TABS.map((name, i) => (
          <Tab key={name} label={name} id={`workloads-tab-${i}`} aria-controls={`workloads-tabpanel-${i}`} />
        ))}
      </Tabs>
      <Box p={2} role="tabpanel" id={`workloads-tabpanel-${index}`} aria-labelledby={`workloads-tab-${index}`}>
        {error && value && (
          <Typography variant="body2" color="error" paragraph>
            Could not refresh the status ({error.message}); showing the last one read.
          </Typography>
        )}
        {body}
      </Box>
    </InfoCard>
  );
}
