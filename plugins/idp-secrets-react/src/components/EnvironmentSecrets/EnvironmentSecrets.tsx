import { EmptyState, InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { SecretView } from '@internal/plugin-idp-secrets-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { secretsApiRef } from '../../api/SecretsApi';
import { STORE_NAMES } from '../../lib/format';
import { DeleteSecretDialog } from '../DeleteSecretDialog';
import { GenerateSecretDialog } from '../GenerateSecretDialog';
import { MissingSecrets } from '../MissingSecrets';
import { RotateSecretDialog } from '../RotateSecretDialog';
import { RotationHistoryDialog } from '../RotationHistoryDialog';
import { SecretEditorDialog } from '../SecretEditorDialog';
import { SecretAction, SecretTable } from '../SecretTable';

export interface EnvironmentSecretsProps {
  namespace: string;
}

/** The dialog open on the page, if any. */
type OpenDialog =
  | { kind: 'create'; name?: string; keys?: string[] }
  | { kind: 'generate' }
  | { kind: SecretAction; secret: SecretView };

/**
 * An environment's secrets: names, keys and versions, consumers, rotation and sync; adding,
 * changing (write-only), generating, rotating and deleting them for those who may; and the
 * secrets its workloads need that have no value yet.
 */
export function EnvironmentSecrets({ namespace }: EnvironmentSecretsProps) {
  const secretsApi = useApi(secretsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(() => secretsApi.getEnvironmentSecrets(namespace), [secretsApi, namespace]);
  const [dialog, setDialog] = useState<OpenDialog>();
  const close = () => setDialog(undefined);
  const done = () => {
    setDialog(undefined);
    retry();
  };

  let body;
  if (loading && !value) body = <Progress />;
  else if (error && !value) body = <ResponseErrorPanel error={error} title={`Could not load the secrets of ${namespace}`} />;
  else if (value) {
    const addButton = (
      <Button variant="contained" color="primary" onClick={() => setDialog({ kind: 'create' })}>
        Add secret
      </Button>
    );
    body = (
      <>
        {error && (
          <Typography variant="body2" color="error" paragraph>
            Could not refresh the secrets ({error.message}); showing the last ones read.
          </Typography>
        )}
        {!value.canWrite && (
          <Box mb={2}>
            <WarningPanel severity="info" title="Read only" message={value.readOnlyReason ?? `You may not change the secrets of ${namespace}`} />
          </Box>
        )}
        {value.canWrite && (
          <Box display="flex" gridGap={8} mb={2}>
            {addButton}
            <Button variant="outlined" onClick={() => setDialog({ kind: 'generate' })}>
              Generate secret
            </Button>
          </Box>
        )}
        {value.missing.length > 0 && (
          <MissingSecrets missing={value.missing} canWrite={value.canWrite} onSetValues={(name, keys) => setDialog({ kind: 'create', name, keys })} />
        )}
        {value.secrets.length === 0 ? (
          <EmptyState missing="data" title="No secrets yet — add one; apps refer to keys as secret/<name>/<key>" description="Values are write-only: Slipway never shows them back." />
        ) : (
          <SecretTable secrets={value.secrets} canWrite={value.canWrite} onAction={(kind, secret) => setDialog({ kind, secret })} />
        )}
      </>
    );
  }

  return (
    <InfoCard title="Secrets" subheader={value ? `Write-only values of ${namespace}, kept in ${STORE_NAMES[value.store] ?? value.store}` : `Write-only values of ${namespace}`}>
      {body}
      {dialog?.kind === 'create' && (
        <SecretEditorDialog namespace={namespace} initialName={dialog.name} initialKeys={dialog.keys} onClose={close} onSaved={retry} />
      )}
      {dialog?.kind === 'change' && <SecretEditorDialog namespace={namespace} secret={dialog.secret} onClose={close} onSaved={retry} />}
      {dialog?.kind === 'generate' && (
        <GenerateSecretDialog namespace={namespace} existingNames={value?.secrets.map(s => s.name) ?? []} onClose={close} onGenerated={done} />
      )}
      {dialog?.kind === 'rotate' && <RotateSecretDialog namespace={namespace} secret={dialog.secret} onClose={close} onRotated={done} />}
      {dialog?.kind === 'history' && <RotationHistoryDialog namespace={namespace} secret={dialog.secret} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteSecretDialog namespace={namespace} secret={dialog.secret} onClose={close} onDeleted={done} />}
    </InfoCard>
  );
}
