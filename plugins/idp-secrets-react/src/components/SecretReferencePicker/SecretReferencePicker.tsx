import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { secretsApiRef } from '../../api/SecretsApi';
import { parseSecretReference, secretReference } from '../../lib/format';
import { SecretEditorDialog } from '../SecretEditorDialog';

export interface SecretReferencePickerProps {
  /** The environment whose secrets are offered. */
  namespace: string;
  /** A reference, `secret/<name>/<key>`. */
  value?: string;
  onChange: (reference: string) => void;
  label?: string;
  /** Under the reference field, e.g. a form's own description. */
  helperText?: string;
  /** Problems the form found (shown instead of the help). */
  error?: string;
  required?: boolean;
  id?: string;
}

/**
 * Picks `secret/<name>/<key>` from an environment's secrets (names only: `GET …/secret-keys`), or
 * takes one typed by hand (e.g. a secret created later). "New secret" writes the value straight to
 * the secrets API, never into the form, then picks its key.
 */
export function SecretReferencePicker({ namespace, value, onChange, label = 'Secret reference', helperText, error, required, id = 'secret-reference' }: SecretReferencePickerProps) {
  const secretsApi = useApi(secretsApiRef);
  const keys = useAsyncRetry(() => secretsApi.listSecretKeys(namespace), [secretsApi, namespace]);
  const [creating, setCreating] = useState(false);
  // The secret chosen before its key, while the reference is not whole yet.
  const [chosenSecret, setChosenSecret] = useState<string>();

  const secrets = keys.value?.secrets ?? [];
  const parsed = parseSecretReference(value);
  const secret = chosenSecret ?? parsed?.secret ?? '';
  const known = secrets.find(s => s.name === secret);
  const key = parsed && parsed.secret === secret && known?.keys.includes(parsed.key) ? parsed.key : '';

  let help = helperText ?? `secret/<name>/<key>, from the secrets of ${namespace}; values never enter the form`;
  if (keys.error) help = `Could not load the secrets of ${namespace} (${keys.error.message}); type the reference instead`;
  else if (keys.value && secrets.length === 0) help = `${namespace} has no secret yet: add one with New secret, or type a reference to one you will add`;
  else if (value && !parsed) help = 'Write it as secret/<name>/<key>, e.g. secret/db-credentials/url';
  else if (parsed && keys.value && !known?.keys.includes(parsed.key)) help = `${namespace} has no ${parsed.key} in ${parsed.secret} yet; add it before deploying`;

  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Box display="flex" gridGap={16} alignItems="flex-end">
        <TextField
          id={`${id}-secret`}
          select
          SelectProps={{ native: true }}
          // The empty choice shows its own text: the label stays above it.
          InputLabelProps={{ shrink: true }}
          label="Secret"
          value={known ? secret : ''}
          onChange={e => {
            setChosenSecret(e.target.value);
            const only = secrets.find(s => s.name === e.target.value)?.keys;
            // One key: nothing more to choose.
            if (only?.length === 1) onChange(secretReference(e.target.value, only[0]));
          }}
          disabled={!secrets.length}
          style={{ minWidth: 200 }}
        >
          <option value="" disabled>
            {keys.loading ? 'Loading…' : 'Choose a secret'}
          </option>
          {secrets.map(s => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </TextField>
        <TextField
          id={`${id}-key`}
          select
          SelectProps={{ native: true }}
          // The empty choice shows its own text: the label stays above it.
          InputLabelProps={{ shrink: true }}
          label="Key"
          value={key}
          onChange={e => onChange(secretReference(secret, e.target.value))}
          disabled={!known}
          style={{ minWidth: 200 }}
        >
          <option value="" disabled>
            Choose a key
          </option>
          {(known?.keys ?? []).map(k => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </TextField>
        <Button variant="outlined" size="small" onClick={() => setCreating(true)}>
          New secret
        </Button>
      </Box>
      <TextField
        id={id}
        label={label}
        required={required}
        value={value ?? ''}
        onChange={e => {
          setChosenSecret(undefined);
          onChange(e.target.value);
        }}
        error={Boolean(error) || Boolean(keys.error) || Boolean(value && !parsed)}
        helperText={error ?? help}
        placeholder="secret/db-credentials/url"
        fullWidth
      />
      {creating && (
        <SecretEditorDialog
          namespace={namespace}
          onClose={() => setCreating(false)}
          onSaved={(saved, keysSet) => {
            setCreating(false);
            setChosenSecret(saved.name);
            keys.retry();
            if (keysSet.length) onChange(secretReference(saved.name, keysSet[0]));
          }}
        />
      )}
    </Box>
  );
}
