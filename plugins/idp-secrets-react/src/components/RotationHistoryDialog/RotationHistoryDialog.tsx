import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { RotationRecord, SecretView } from '@internal/plugin-idp-secrets-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { secretsApiRef } from '../../api/SecretsApi';
import { formatDate, shortRef } from '../../lib/format';

export interface RotationHistoryDialogProps {
  namespace: string;
  secret: SecretView;
  onClose: () => void;
}

const OUTCOMES: Record<RotationRecord['outcome'], string> = { rotated: 'rotated', failed: 'failed', 'grace-ended': 'previous value dropped' };

/** When a secret was rotated, by whom (the schedule or a person), how it went and which workloads restarted. Open while mounted. */
export function RotationHistoryDialog({ namespace, secret, onClose }: RotationHistoryDialogProps) {
  const secretsApi = useApi(secretsApiRef);
  const { value, loading, error } = useAsync(() => secretsApi.listRotations(namespace, secret.name), [secretsApi, namespace, secret.name]);

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <WarningPanel severity="error" title="Could not load the rotation history" message={error.message} defaultExpanded />;
  else if (!value?.length) {
    body = (
      <Typography variant="body2">
        Not rotated yet.{secret.rotation ? ` The next rotation is due ${formatDate(secret.rotation.nextRotationAt)}.` : ''}
      </Typography>
    );
  } else {
    body = (
      <Table size="small" aria-label={`Rotations of ${secret.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Restarted</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.map((record, index) => (
            <TableRow key={`${record.at}-${index}`}>
              <TableCell>{formatDate(record.at)}</TableCell>
              <TableCell>{record.by === 'schedule' ? 'schedule' : shortRef(record.by)}</TableCell>
              <TableCell>
                <Chip size="small" label={OUTCOMES[record.outcome]} color={record.outcome === 'failed' ? 'secondary' : 'default'} />
                {record.message && (
                  <Typography variant="caption" display="block">
                    {record.message}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{record.version ?? '—'}</TableCell>
              <TableCell>{record.restarted.length ? record.restarted.join(', ') : 'none'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="rotation-history-title">
      <DialogTitle id="rotation-history-title">Rotation history of {secret.name}</DialogTitle>
      <DialogContent>{body}</DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
