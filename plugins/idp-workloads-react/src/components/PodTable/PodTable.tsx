import { StatusError, StatusOK, StatusPending } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { PodView } from '@internal/plugin-idp-workloads-common';
import { useState } from 'react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { age, objectName } from '../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog';
import { ProblemList } from '../ProblemList';

export interface PodTableProps {
  namespace: string;
  pods: PodView[];
  /** Opens the logs of a pod. */
  onLogs?: (pod: PodView) => void;
  /** Called after a pod was deleted, to refresh the status. */
  onChanged?: () => void;
}

function PodStatus({ pod }: { pod: PodView }) {
  const allReady = /^(\d+)\/\1$/.test(pod.ready);
  if (pod.problems.length > 0 || pod.phase === 'Failed') return <StatusError>{pod.status}</StatusError>;
  if ((pod.phase === 'Running' && allReady) || pod.phase === 'Succeeded') return <StatusOK>{pod.status}</StatusOK>;
  return <StatusPending>{pod.status}</StatusPending>;
}

/** An environment's pods as `kubectl get pods` shows them, with their problems; logs and delete. */
export function PodTable({ namespace, pods, onLogs, onChanged }: PodTableProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const [deleting, setDeleting] = useState<PodView>();
  const now = Date.now();

  return (
    <>
      <Table size="small" aria-label="Pods">
        <TableHead style={{ whiteSpace: 'nowrap' }}>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Workload</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Ready</TableCell>
            <TableCell>Restarts</TableCell>
            <TableCell>Node</TableCell>
            <TableCell>Age</TableCell>
            <TableCell>Problems</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {pods.map(pod => (
            <TableRow key={pod.name} data-testid={`pod-${pod.name}`}>
              <TableCell>
                <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
                  {pod.name}
                </Typography>
              </TableCell>
              <TableCell>{pod.workload ? objectName(pod.workload) : '—'}</TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                <PodStatus pod={pod} />
              </TableCell>
              <TableCell>{pod.ready}</TableCell>
              <TableCell>{pod.restarts}</TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{pod.node ?? '—'}</TableCell>
              <TableCell>{age(pod.createdAt, now)}</TableCell>
              <TableCell>
                <ProblemList problems={pod.problems} />
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                <Box display="flex" gridGap={4}>
                  {onLogs && (
                    <Button size="small" variant="outlined" aria-label={`Logs of ${pod.name}`} onClick={() => onLogs(pod)}>
                      Logs
                    </Button>
                  )}
                  <Button size="small" variant="outlined" color="secondary" aria-label={`Delete ${pod.name}`} onClick={() => setDeleting(pod)}>
                    Delete
                  </Button>
                </Box>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {deleting && (
        <ConfirmDialog
          title={`Delete pod ${deleting.name}`}
          label="Delete"
          busyLabel="Deleting…"
          destructive
          onConfirm={() => workloadsApi.deletePod(namespace, deleting.name)}
          onClose={() => setDeleting(undefined)}
          onDone={() => {
            setDeleting(undefined);
            onChanged?.();
          }}
        >
          <Typography>
            {deleting.workload
              ? `${objectName(deleting.workload)} starts a new pod in its place: deleting a pod is how to get a fresh start for one that is stuck.`
              : 'This pod belongs to no workload: nothing starts it again.'}
          </Typography>
        </ConfirmDialog>
      )}
    </>
  );
}
