import { useApi } from '@backstage/frontend-plugin-api';
import { SecretView } from '@internal/plugin-idp-secrets-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { secretsApiRef } from '../../api/SecretsApi';
import { SecretsRequestError } from '../../lib/errors';
import { consumerText } from '../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog';

export interface DeleteSecretDialogProps {
  namespace: string;
  secret: SecretView;
  onClose: () => void;
  onDeleted: () => void;
}

/** Asks before deleting a secret; when workloads read it, names them and wants a ticked confirmation. Open while mounted. */
export function DeleteSecretDialog({ namespace, secret, onClose, onDeleted }: DeleteSecretDialogProps) {
  const secretsApi = useApi(secretsApiRef);
  // The server may know of a consumer the page has not seen yet: its 409 asks for the confirmation too.
  const [conflict, setConflict] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const needsConfirm = secret.consumers.length > 0 || conflict;
  return (
    <ConfirmDialog
      title={`Delete ${secret.name}?`}
      label="Delete"
      busyLabel="Deleting…"
      destructive
      disabled={needsConfirm && !confirmed}
      onConfirm={() => secretsApi.deleteSecret(namespace, secret.name, needsConfirm ? { confirm: true } : {})}
      onFailed={error => setConflict(c => c || (error instanceof SecretsRequestError && error.kind === 'ConflictError'))}
      onClose={onClose}
      onDone={onDeleted}
    >
      <Typography variant="body2">
        Its values are gone for good from {namespace}; apps that refer to secret/{secret.name}/… no longer find them.
      </Typography>
      {secret.consumers.length > 0 && (
        <Typography variant="body2">
          {secret.consumers.length === 1 ? 'This workload reads it and fails' : 'These workloads read it and fail'} to start without it:{' '}
          {secret.consumers.map(consumerText).join(', ')}.
        </Typography>
      )}
      {needsConfirm && (
        <FormControlLabel
          control={<Checkbox checked={confirmed} onChange={e => setConfirmed(e.target.checked)} />}
          label="Delete anyway: I will change those workloads"
        />
      )}
    </ConfirmDialog>
  );
}
