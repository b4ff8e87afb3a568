import { SecretRotationState, SecretView } from '@internal/plugin-idp-secrets-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { consumerText, formatDate, shortRef } from '../../lib/format';
import { SyncStateChip } from '../SyncStateChip';

export type SecretAction = 'change' | 'rotate' | 'history' | 'delete';

export interface SecretTableProps {
  secrets: SecretView[];
  /** Without it, the table offers no action that writes (history stays). */
  canWrite: boolean;
  onAction: (action: SecretAction, secret: SecretView) => void;
  now?: Date;
}

function RotationCell({ rotation, now }: { rotation?: SecretRotationState; now: Date }) {
  if (!rotation) return <>—</>;
  const keptUntil = rotation.previousUntil && new Date(rotation.previousUntil) > now ? rotation.previousUntil : undefined;
  return (
    <>
      <Typography variant="body2">every {rotation.policy.everyDays === 1 ? 'day' : `${rotation.policy.everyDays} days`}</Typography>
      <Typography variant="caption" display="block">
        next {formatDate(rotation.nextRotationAt)}
      </Typography>
      {keptUntil && (
        <Typography variant="caption" display="block">
          previous value kept until {formatDate(keptUntil)}
        </Typography>
      )}
    </>
  );
}

/** An environment's secrets: names, keys with their versions, who changed them, who reads them, rotation and sync. */
export function SecretTable({ secrets, canWrite, onAction, now = new Date() }: SecretTableProps) {
  return (
    <Table size="small" aria-label="Secrets">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Keys</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Updated</TableCell>
          <TableCell>Used by</TableCell>
          <TableCell>Rotation</TableCell>
          <TableCell>Sync</TableCell>
          <TableCell aria-label="Actions" />
        </TableRow>
      </TableHead>
      <TableBody>
        {secrets.map(secret => (
          <TableRow key={secret.name} data-testid={`secret-${secret.name}`}>
            <TableCell>
              <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
                {secret.name}
              </Typography>
              {secret.generator && (
                <Typography variant="caption" color="textSecondary">
                  generated {secret.generator.kind}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <Box display="flex" flexWrap="wrap" gridGap={4}>
                {secret.keys.map(key => (
                  <Chip key={key.name} size="small" variant="outlined" label={`${key.name} v${key.version}`} title={`Set by ${shortRef(key.updatedBy)} on ${formatDate(key.updatedAt)}`} />
                ))}
              </Box>
            </TableCell>
            <TableCell>{secret.version}</TableCell>
            <TableCell>
              <Typography variant="body2">{shortRef(secret.updatedBy)}</Typography>
              <Typography variant="caption">{formatDate(secret.updatedAt)}</Typography>
            </TableCell>
            <TableCell>
              {secret.consumers.length
                ? secret.consumers.map(consumer => (
                    <Typography key={`${consumer.kind}/${consumer.name}`} variant="body2">
                      {consumerText(consumer)}
                    </Typography>
                  ))
                : 'no workload'}
            </TableCell>
            <TableCell>
              <RotationCell rotation={secret.rotation} now={now} />
            </TableCell>
            <TableCell>
              <SyncStateChip sync={secret.sync} />
            </TableCell>
            <TableCell>
              <Box display="flex" gridGap={4} justifyContent="flex-end">
                {canWrite && (
                  <Button size="small" onClick={() => onAction('change', secret)} aria-label={`Change ${secret.name}`}>
                    Change
                  </Button>
                )}
                {canWrite && secret.generator && (
                  <Button size="small" onClick={() => onAction('rotate', secret)} aria-label={`Rotate ${secret.name} now`}>
                    Rotate now
                  </Button>
                )}
                {(secret.generator || secret.rotation) && (
                  <Button size="small" onClick={() => onAction('history', secret)} aria-label={`Rotation history of ${secret.name}`}>
                    History
                  </Button>
                )}
                {canWrite && (
                  <Button size="small" color="secondary" onClick={() => onAction('delete', secret)} aria-label={`Delete ${secret.name}`}>
                    Delete
                  </Button>
                )}
              </Box>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
