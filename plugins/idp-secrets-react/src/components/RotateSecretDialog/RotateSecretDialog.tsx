import { useApi } from '@backstage/frontend-plugin-api';
import { SecretView, generatedKeys } from '@internal/plugin-idp-secrets-common';
import Typography from '@material-ui/core/Typography';
import { secretsApiRef } from '../../api/SecretsApi';
import { consumerText } from '../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog';

export interface RotateSecretDialogProps {
  namespace: string;
  secret: SecretView;
  onClose: () => void;
  onRotated: () => void;
}

/** Asks before a generated secret gets a new value now: its consumers restart once to read it. Open while mounted. */
export function RotateSecretDialog({ namespace, secret, onClose, onRotated }: RotateSecretDialogProps) {
  const secretsApi = useApi(secretsApiRef);
  const graceHours = secret.rotation?.policy.graceHours ?? 0;
  const keys = secret.generator ? generatedKeys(secret.generator, secret.generator.kind === 'key-pair' ? undefined : secret.keys[0]?.name) : [];
  return (
    <ConfirmDialog
      title={`Rotate ${secret.name} now?`}
      label="Rotate now"
      busyLabel="Rotating…"
      onConfirm={async () => {
        await secretsApi.rotateSecret(namespace, secret.name);
      }}
      onClose={onClose}
      onDone={onRotated}
    >
      <Typography variant="body2">
        Slipway generates a new value now.{' '}
        {secret.consumers.length
          ? `Consumers restart once to read it: ${secret.consumers.map(consumerText).join(', ')}.`
          : 'No workload reads it, so nothing restarts.'}
      </Typography>
      {graceHours > 0 && (
        <Typography variant="body2">
          The previous value stays readable as {keys.map(k => `${k}.previous`).join(' and ')} for {graceHours} hours.
        </Typography>
      )}
    </ConfirmDialog>
  );
}
