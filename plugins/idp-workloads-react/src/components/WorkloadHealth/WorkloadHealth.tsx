import { useApi } from '@backstage/frontend-plugin-api';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { EnvironmentStatusSummary } from '@internal/plugin-idp-workloads-common';
import { useMemo } from 'react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { DEFAULT_POLL_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import { errorMessage } from '../../lib/errors';

/** Every readable environment's workload counts by namespace, refreshed while shown (one request for the whole list). */
export function useEnvironmentStatuses(pollIntervalMs: number = DEFAULT_POLL_INTERVAL_MS): { statuses?: Map<string, EnvironmentStatusSummary>; error?: Error } {
  const workloadsApi = useApi(workloadsApiRef);
  const { value, error } = usePolling(() => workloadsApi.listEnvironmentStatuses(), [workloadsApi], pollIntervalMs);
  const statuses = useMemo(() => value && new Map(value.map(s => [s.namespace, s])), [value]);
  return { statuses, error };
}

export interface WorkloadHealthProps {
  summary?: EnvironmentStatusSummary;
  /** Why the counts could not be read, shown on hover. */
  error?: Error;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** One environment's workloads in a few words for a list: `2/3 healthy · 7 pods · 1 problem`. */
export function WorkloadHealth({ summary, error }: WorkloadHealthProps) {
  if (!summary) {
    return (
      <Tooltip title={error ? `Could not read workload status: ${errorMessage(error)}` : 'No workload status yet'}>
        <Typography variant="body2" color="textSecondary">
          —
        </Typography>
      </Tooltip>
    );
  }
  if (summary.workloads === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        no workloads
      </Typography>
    );
  }
  const parts = [`${summary.healthy}/${summary.workloads} healthy`, plural(summary.pods, 'pod')];
  if (summary.restarts > 0) parts.push(plural(summary.restarts, 'restart'));
  return (
    <Typography variant="body2" color={summary.problems > 0 ? 'error' : 'textPrimary'}>
      {parts.join(' · ')}
      {summary.problems > 0 && ` · ${plural(summary.problems, 'problem')}`}
    </Typography>
  );
}
