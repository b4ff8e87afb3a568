import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useState } from 'react';
import { errorMessage } from '../../lib/errors';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  label: string;
  busyLabel: string;
  destructive?: boolean;
  /** The action stays disabled, e.g. until a confirmation is ticked. */
  disabled?: boolean;
  /** The action; its failure is shown in the dialog, which stays open. */
  onConfirm: () => Promise<void>;
  /** Told of a failure too, e.g. to ask for a confirmation the server wants. */
  onFailed?: (error: unknown) => void;
  onClose: () => void;
  onDone: () => void;
}

/** Asks before an action and shows the server's refusal in place; open while mounted. */
export function ConfirmDialog({ title, children, label, busyLabel, destructive, disabled, onConfirm, onFailed, onClose, onDone }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onConfirm();
      onDone();
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
      onFailed?.(error);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="secrets-confirm-title">
      <DialogTitle id="secrets-confirm-title">{title}</DialogTitle>
      <DialogContent>
        <Box display="flex" flexDirection="column" gridGap={16}>
          {failure && <WarningPanel severity="error" title={`${label} failed`} message={failure} defaultExpanded />}
          {children}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color={destructive ? 'secondary' : 'primary'} variant="contained" onClick={confirm} disabled={busy || disabled}>
          {busy ? busyLabel : label}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
