import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';

/** Cancel and the dialog's action, which shows its progress label while the request runs. */
export function DialogButtons(props: {
  onCancel: () => void;
  onConfirm: () => void;
  label: string;
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  destructive?: boolean;
}) {
  const { onCancel, onConfirm, label, busyLabel, busy, disabled, destructive } = props;
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={busy}>
        Cancel
      </Button>
      <Button color={destructive ? 'secondary' : 'primary'} variant="contained" onClick={onConfirm} disabled={disabled || busy}>
        {busy ? busyLabel : label}
      </Button>
    </DialogActions>
  );
}
