import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { Environment } from '../../api/types';
import { ServerProblem, describeServerError } from '../../lib/errors';
import { DialogButtons } from '../DialogButtons';

export interface DeleteEnvironmentDialogProps {
  environment: Environment;
  onClose: () => void;
  onDeleted: () => void;
}

/** Deletes an environment once its namespace is typed; open while mounted. */
export function DeleteEnvironmentDialog({ environment, onClose, onDeleted }: DeleteEnvironmentDialogProps) {
  const environmentsApi = useApi(environmentsApiRef);
  const [confirm, setConfirm] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ServerProblem>();
  const matches = confirm === environment.namespace;

  const submit = async () => {
    setSubmitting(true);
    setProblem(undefined);
    try {
      await environmentsApi.deleteEnvironment(environment.namespace, confirm);
      onDeleted();
    } catch (error) {
      setProblem(describeServerError(error));
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={submitting ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="delete-environment-title">
      <DialogTitle id="delete-environment-title">Delete {environment.namespace}</DialogTitle>
      <DialogContent>
        <Box display="flex" flexDirection="column" gridGap={16}>
          {problem && <WarningPanel severity="error" title={problem.title} message={problem.message} defaultExpanded />}
          <Typography>
            This removes the namespace <strong>{environment.namespace}</strong> and everything in it: workloads, configuration and
            secrets. It cannot be undone.
          </Typography>
          {(environment.type === 'production' || environment.protected) && (
            <WarningPanel
              severity="warning"
              title={environment.type === 'production' ? 'This is a production environment' : 'This environment is protected'}
              message="Make sure nothing depends on it any more."
            />
          )}
          <TextField
            id="delete-environment-confirm"
            label={`Type ${environment.namespace} to confirm`}
            value={confirm}
            onChange={e => setConfirm(e.target.value)}
            autoComplete="off"
            error={Boolean(problem?.fields.confirm)}
            helperText={problem?.fields.confirm}
          />
        </Box>
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        onConfirm={submit}
        label="Delete"
        busyLabel="Deleting…"
        busy={submitting}
        disabled={!matches}
        destructive
      />
    </Dialog>
  );
}
