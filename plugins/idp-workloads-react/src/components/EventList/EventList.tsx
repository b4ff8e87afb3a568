import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { usePolling } from '../../hooks/usePolling';
import { age } from '../../lib/format';

export interface EventListProps {
  namespace: string;
  /** Objects to filter by (`Kind/name`), e.g. the environment's workloads and pods. */
  objects?: string[];
  pollIntervalMs?: number;
}

const ALL = '';

/** An environment's Kubernetes events, newest first, optionally about one object; refreshed while shown. */
export function EventList({ namespace, objects = [], pollIntervalMs }: EventListProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const [object, setObject] = useState(ALL);
  const { value, error, loading } = usePolling(
    () => workloadsApi.listEvents(namespace, object ? { object } : {}),
    [workloadsApi, namespace, object],
    pollIntervalMs,
  );
  const options = [...new Set([...objects, ...(value ?? []).map(e => e.object)])].sort();
  const now = Date.now();

  let body: JSX.Element;
  if (loading && !value) body = <Progress />;
  else if (error && !value) body = <ResponseErrorPanel error={error} title={`Could not load the events of ${namespace}`} />;
  else if (!value?.length) {
    body = (
      <EmptyState
        missing="data"
        title={object ? `No events about ${object}` : 'No events'}
        description="Kubernetes keeps events for an hour; a quiet environment has none."
      />
    );
  } else {
    body = (
      <Table size="small" aria-label="Events">
        <TableHead style={{ whiteSpace: 'nowrap' }}>
          <TableRow>
            <TableCell>Type</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Object</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Count</TableCell>
            <TableCell>Last seen</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.map(e => (
            <TableRow key={e.id}>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                <Typography variant="body2" color={e.type === 'Warning' ? 'error' : 'textPrimary'}>
                  {e.type}
                </Typography>
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{e.reason}</TableCell>
              <TableCell style={{ fontFamily: 'monospace' }}>{e.object}</TableCell>
              <TableCell>{e.message}</TableCell>
              <TableCell>{e.count}</TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{e.lastSeen ? `${age(e.lastSeen, now)} ago` : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <TextField
        select
        id="events-object"
        label="Object"
        variant="outlined"
        size="small"
        value={object}
        onChange={e => setObject(e.target.value)}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        style={{ minWidth: 320, alignSelf: 'flex-start' }}
      >
        <MenuItem value={ALL}>All objects</MenuItem>
        {options.map(o => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </TextField>
      {error && value && (
        <Typography variant="body2" color="error">
          Could not refresh the events: showing the last ones read.
        </Typography>
      )}
      {body}
    </Box>
  );
}
