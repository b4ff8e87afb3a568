import { EmptyState, InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { AppEnvironmentWorkloads } from '@internal/plugin-idp-workloads-common';
import { Link as RouterLink } from 'react-router-dom';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { DEFAULT_POLL_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import { WorkloadTable } from '../WorkloadTable';

export interface AppWorkloadsProps {
  team: string;
  app: string;
  pollIntervalMs?: number;
}

function podSummary(item: AppEnvironmentWorkloads): string {
  const restarts = item.pods.reduce((sum, p) => sum + p.restarts, 0);
  const pods = item.pods.length === 1 ? '1 pod' : `${item.pods.length} pods`;
  return restarts ? `${pods}, ${restarts} restart${restarts === 1 ? '' : 's'}` : pods;
}

/** One app's workloads in every environment of its team that runs it, with links to the environments. For a component page. */
export function AppWorkloads({ team, app, pollIntervalMs = DEFAULT_POLL_INTERVAL_MS }: AppWorkloadsProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const { value, error, loading } = usePolling(() => workloadsApi.getAppWorkloads(team, app), [workloadsApi, team, app], pollIntervalMs);

  if (loading && !value) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} title={`Could not load where ${app} runs`} />;
  if (!value?.length) {
    return (
      <EmptyState
        missing="content"
        title={`${app} runs in none of ${team}'s environments you can see`}
        description="Deploy it from Create into one of the team's environments."
        action={
          <Button variant="contained" color="primary" component={RouterLink} to="/create">
            Create
          </Button>
        }
      />
    );
  }

  return (
    <Grid container spacing={3}>
      {value.map(item => {
        const { environment } = item;
        const problems = item.workloads.reduce((sum, w) => sum + w.problems.length, 0);
        return (
          <Grid item xs={12} key={environment.namespace}>
            <InfoCard
              title={
                <Box display="flex" alignItems="center" gridGap={8}>
                  {environment.name}
                  <Chip size="small" label={environment.type} />
                </Box>
              }
              subheader={`${environment.namespace} · ${podSummary(item)}${problems ? ` · ${problems} problem${problems === 1 ? '' : 's'}` : ''}`}
              action={<Link to={`/environments/${environment.namespace}`}>Open environment</Link>}
            >
              <WorkloadTable namespace={environment.namespace} workloads={item.workloads} readOnly />
            </InfoCard>
          </Grid>
        );
      })}
      {error && (
        <Grid item xs={12}>
          <Typography variant="body2" color="error">
            Could not refresh: showing the last status read.
          </Typography>
        </Grid>
      )}
    </Grid>
  );
}
