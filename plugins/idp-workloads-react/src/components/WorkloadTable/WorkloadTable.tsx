import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { WorkloadView } from '@internal/plugin-idp-workloads-common';
import { useState } from 'react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { ConfirmDialog } from '../ConfirmDialog';
import { ProblemList } from '../ProblemList';
import { RolloutChip } from '../RolloutChip';
import { ScaleDialog } from '../ScaleDialog';

type Action = { kind: 'scale' | 'restart'; workload: WorkloadView };

export interface WorkloadTableProps {
  namespace: string;
  workloads: WorkloadView[];
  /** Called after a scale or restart was accepted, to refresh the status. */
  onChanged?: () => void;
  /** Without actions: a read-only view, e.g. on a component's page. */
  readOnly?: boolean;
}

function ReadyCount({ workload }: { workload: WorkloadView }) {
  const short = workload.ready < workload.desired;
  return (
    <Typography variant="body2" color={short ? 'error' : 'textPrimary'} aria-label={`${workload.ready} of ${workload.desired} ready`}>
      {workload.ready}/{workload.desired}
    </Typography>
  );
}

/** An environment's Deployments, CronJobs and Jobs: readiness, rollout, images and problems; scale and restart. */
export function WorkloadTable({ namespace, workloads, onChanged, readOnly }: WorkloadTableProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const [action, setAction] = useState<Action>();
  const done = () => {
    setAction(undefined);
    onChanged?.();
  };

  return (
    <>
      <Table size="small" aria-label="Workloads">
        <TableHead style={{ whiteSpace: 'nowrap' }}>
          <TableRow>
            <TableCell>Kind</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Ready</TableCell>
            <TableCell>Rollout</TableCell>
            <TableCell>Images</TableCell>
            <TableCell>Problems</TableCell>
            {!readOnly && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {workloads.map(w => (
            <TableRow key={`${w.kind}/${w.name}`} data-testid={`workload-${w.kind}/${w.name}`}>
              <TableCell>{w.kind}</TableCell>
              <TableCell>
                <Typography variant="body2">{w.name}</Typography>
                {w.schedule && (
                  <Typography variant="caption" color="textSecondary" display="block">
                    {w.schedule}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <ReadyCount workload={w} />
              </TableCell>
              <TableCell>
                <RolloutChip state={w.rollout} />
              </TableCell>
              <TableCell>
                {w.images.map(image => (
                  <Typography key={image} variant="body2" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                    {image}
                  </Typography>
                ))}
              </TableCell>
              <TableCell>
                <ProblemList problems={w.problems} />
              </TableCell>
              {!readOnly && (
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {w.kind === 'Deployment' && (
                    <Box display="flex" gridGap={4}>
                      <Button size="small" variant="outlined" aria-label={`Scale ${w.name}`} onClick={() => setAction({ kind: 'scale', workload: w })}>
                        Scale
                      </Button>
                      <Button size="small" variant="outlined" aria-label={`Restart ${w.name}`} onClick={() => setAction({ kind: 'restart', workload: w })}>
                        Restart
                      </Button>
                    </Box>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {action?.kind === 'scale' && (
        <ScaleDialog
          namespace={namespace}
          deployment={action.workload.name}
          replicas={action.workload.desired}
          onClose={() => setAction(undefined)}
          onScaled={done}
        />
      )}
      {action?.kind === 'restart' && (
        <ConfirmDialog
          title={`Restart ${action.workload.name}`}
          label="Restart"
          busyLabel="Restarting…"
          onConfirm={() => workloadsApi.restartDeployment(namespace, action.workload.name)}
          onClose={() => setAction(undefined)}
          onDone={done}
        >
          <Typography>
            New pods of <strong>{action.workload.name}</strong> replace the running ones one by one, so it keeps serving; they start
            with its current image and configuration.
          </Typography>
        </ConfirmDialog>
      )}
    </>
  );
}
