import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { RolloutState } from '@internal/plugin-idp-workloads-common';

const useStyles = makeStyles(theme => ({
  complete: { borderColor: theme.palette.success.main, color: theme.palette.success.dark },
  progressing: { borderColor: theme.palette.info.main, color: theme.palette.info.dark },
  failed: { borderColor: theme.palette.error.main, color: theme.palette.error.dark },
  paused: { borderColor: theme.palette.warning.main, color: theme.palette.warning.dark },
  suspended: { borderColor: theme.palette.grey[500], color: theme.palette.text.secondary },
}));

/** A workload's rollout state as a coloured chip: complete, progressing, failed, paused, suspended. */
export function RolloutChip({ state }: { state: RolloutState }) {
  const classes = useStyles();
  return <Chip size="small" variant="outlined" label={state} className={classes[state]} />;
}
