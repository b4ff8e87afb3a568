import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { errorMessage, fieldMessage } from '../../lib/errors';

export interface ScaleDialogProps {
  namespace: string;
  deployment: string;
  /** Replicas asked for now: the field's starting value. */
  replicas: number;
  onClose: () => void;
  onScaled: (replicas: number) => void;
}

const parseReplicas = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : undefined);

/** Sets a Deployment's replicas; the server's refusal (quota, autoscaler, production) shows under the field. */
export function ScaleDialog({ namespace, deployment, replicas, onClose, onScaled }: ScaleDialogProps) {
  const workloadsApi = useApi(workloadsApiRef);
  const [text, setText] = useState(String(replicas));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const value = parseReplicas(text);

  const submit = async () => {
    if (value === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await workloadsApi.scaleDeployment(namespace, deployment, value);
      onScaled(value);
    } catch (error) {
      const message = errorMessage(error);
      setFailure(error instanceof ResponseError && error.statusCode === 400 ? fieldMessage(message, 'replicas') : message);
      setBusy(false);
    }
  };

  const helperText = failure ?? (value === undefined ? 'Give a whole number, 0 or more' : `Now ${replicas}`);
  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby="scale-dialog-title">
      <DialogTitle id="scale-dialog-title">Scale {deployment}</DialogTitle>
      <DialogContent>
        <DialogContentText>How many pods of {deployment} should run?</DialogContentText>
        <TextField
          id="scale-replicas"
          label="Replicas"
          type="number"
          inputProps={{ min: 0, step: 1 }}
          value={text}
          onChange={e => {
            setText(e.target.value);
            setFailure(undefined);
          }}
          onKeyDown={e => {
            if (e.key === 'Enter') submit();
          }}
          error={Boolean(failure) || value === undefined}
          helperText={helperText}
          fullWidth
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color="primary" variant="contained" onClick={submit} disabled={busy || value === undefined}>
          {busy ? 'Scaling…' : 'Scale'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
