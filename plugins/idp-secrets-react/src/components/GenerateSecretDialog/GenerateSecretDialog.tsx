import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { KEY_PAIR_ALGORITHMS, PASSWORD_ALPHABETS, SecretView, generatedKeys } from '@internal/plugin-idp-secrets-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';
import { secretsApiRef } from '../../api/SecretsApi';
import { errorMessage } from '../../lib/errors';
import { GenerateDraft, INITIAL_GENERATE_DRAFT, generateProblems, generateRequestOf } from './generateDraft';

export interface GenerateSecretDialogProps {
  namespace: string;
  /** Names already taken in the environment. */
  existingNames: string[];
  onClose: () => void;
  onGenerated: (secret: SecretView) => void;
}

const KINDS = { password: 'Password', token: 'Random token', 'key-pair': 'Key pair' } as const;
const ALPHABETS: Record<string, string> = {
  'letters-digits': 'Letters and digits',
  'letters-digits-symbols': 'Letters, digits and symbols',
  hex: 'Hexadecimal',
};

/** Slipway makes a password, token or key pair (and, with a rotation policy, new ones on schedule); nobody types or sees it. Open while mounted. */
export function GenerateSecretDialog({ namespace, existingNames, onClose, onGenerated }: GenerateSecretDialogProps) {
  const secretsApi = useApi(secretsApiRef);
  const [draft, setDraft] = useState<GenerateDraft>(INITIAL_GENERATE_DRAFT);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const problems = generateProblems(draft, existingNames);
  const valid = Boolean(draft.name) && Object.keys(problems).length === 0;
  const set = (change: Partial<GenerateDraft>) => {
    setDraft(d => ({ ...d, ...change }));
    setFailure(undefined);
  };

  const generate = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      onGenerated(await secretsApi.generateSecret(namespace, draft.name, generateRequestOf(draft)));
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };

  const field = (id: keyof GenerateDraft, label: string, help: string, options: { type?: string; select?: Record<string, string>; disabled?: boolean } = {}): ReactNode => {
    const problem = problems[{ length: 'generator.length', bytes: 'generator.bytes', everyDays: 'rotation.everyDays', graceHours: 'rotation.graceHours' }[id as string] ?? id];
    return (
      <TextField
        id={`generate-secret-${id}`}
        label={label}
        type={options.type}
        select={Boolean(options.select)}
        SelectProps={options.select ? { native: true } : undefined}
        value={draft[id] as string}
        onChange={e => set({ [id]: e.target.value } as Partial<GenerateDraft>)}
        error={Boolean(problem)}
        helperText={problem ?? help}
        disabled={options.disabled}
        fullWidth
      >
        {options.select &&
          Object.entries(options.select).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
      </TextField>
    );
  };

  const keys = draft.kind === 'key-pair' ? generatedKeys(draft) : generatedKeys(draft, draft.key || undefined);
  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="generate-secret-title">
      <DialogTitle id="generate-secret-title">Generate a secret</DialogTitle>
      {busy && <LinearProgress aria-label="Generating" />}
      <DialogContent>
        <Box display="flex" flexDirection="column" gridGap={16}>
          {failure && <WarningPanel severity="error" title="Could not generate" message={failure} defaultExpanded />}
          {field('name', 'Name', `Apps read it as ${keys.map(k => `secret/${draft.name || '<name>'}/${k}`).join(' and ')}`)}
          {field('kind', 'Kind', 'Nobody types or sees the value: Slipway makes it', { select: KINDS })}
          {draft.kind === 'password' && (
            <Box display="flex" gridGap={16}>
              {field('length', 'Length', '12 to 128 characters', { type: 'number' })}
              {field('alphabet', 'Characters', 'Symbols make it stronger where the app accepts them', {
                select: Object.fromEntries(PASSWORD_ALPHABETS.map(a => [a, ALPHABETS[a]])),
              })}
            </Box>
          )}
          {draft.kind === 'token' && (
            <Box display="flex" gridGap={16}>
              {field('bytes', 'Random bytes', '16 to 128 bytes', { type: 'number' })}
              {field('encoding', 'Encoding', 'How the bytes are written as text', { select: { base64url: 'base64url', hex: 'hex' } })}
            </Box>
          )}
          {draft.kind === 'key-pair' && field('algorithm', 'Algorithm', 'Stored as private-key.pem and public-key.pem', { select: Object.fromEntries(KEY_PAIR_ALGORITHMS.map(a => [a, a])) })}
          {draft.kind !== 'key-pair' && field('key', 'Key', `Default: ${draft.kind}`)}
          <FormControlLabel control={<Checkbox checked={draft.rotate} onChange={e => set({ rotate: e.target.checked })} />} label="Rotate automatically" />
          {draft.rotate && (
            <Box display="flex" gridGap={16}>
              {field('everyDays', 'Every (days)', '1 to 365 days', { type: 'number' })}
              {field('graceHours', 'Keep the previous value (hours)', `Readable as ${keys[0]}.previous while workloads restart`, { type: 'number' })}
            </Box>
          )}
          {problems.form && (
            <Typography variant="body2" color="error">
              {problems.form}
            </Typography>
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color="primary" variant="contained" onClick={generate} disabled={busy || !valid}>
          {busy ? 'Generating…' : 'Generate'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
