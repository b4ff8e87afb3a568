import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { DeployRequestStatus } from '@internal/plugin-idp-approvals-common';

const useStyles = makeStyles(theme => ({
  waiting: { backgroundColor: theme.palette.warning.light, color: theme.palette.warning.contrastText },
  moving: { backgroundColor: theme.palette.info.light, color: theme.palette.info.contrastText },
  done: { backgroundColor: theme.palette.success.light, color: theme.palette.success.contrastText },
  refused: { backgroundColor: theme.palette.error.light, color: theme.palette.error.contrastText },
  over: {},
}));

const KIND: Record<DeployRequestStatus, 'waiting' | 'moving' | 'done' | 'refused' | 'over'> = {
  pending: 'waiting',
  approved: 'moving',
  applying: 'moving',
  applied: 'done',
  failed: 'refused',
  rejected: 'refused',
  expired: 'over',
  stale: 'over',
};

/** A deploy request's status, coloured by what it means: waiting, on its way, done, refused or over. */
export function DeployRequestStatusChip({ status }: { status: DeployRequestStatus }) {
  const classes = useStyles();
  return <Chip size="small" label={status} className={classes[KIND[status]]} />;
}
