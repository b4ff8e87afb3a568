import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { SecretConsumer, SecretView } from '@internal/plugin-idp-secrets-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { useRef, useState } from 'react';
import { secretsApiRef } from '../../api/SecretsApi';
import { SecretsRequestError, errorMessage } from '../../lib/errors';
import { ValueRow, draftProblems, writeRequestOf } from '../../lib/editorProblems';
import { keyOfFileName } from '../../lib/files';
import { consumerText } from '../../lib/format';
import { ValueField } from '../ValueField';
import { ExistingKeyList } from './ExistingKeyList';

export interface SecretEditorDialogProps {
  namespace: string;
  /** The secret to change; without it the dialog creates one. */
  secret?: SecretView;
  /** Creating: the name and keys to start with, e.g. a secret the workloads need. */
  initialName?: string;
  initialKeys?: string[];
  onClose: () => void;
  /**
   * After a save, with the keys given values. The dialog then shows the saved secret with every
   * value cleared, until closed (or unmounted by the caller).
   */
  onSaved: (secret: SecretView, keysSet: string[]) => void;
}

interface Row extends ValueRow {
  id: number;
  multiline: boolean;
}

/** Workloads that read one of the keys being removed (or every key). */
const readersOf = (consumers: SecretConsumer[], removing: string[]) =>
  removing.length ? consumers.filter(c => c.keys === 'all' || c.keys.some(k => removing.includes(k))) : [];

/** Creates a secret, or sets, replaces and removes keys of one; values go to the API once and are never shown back. Open while mounted. */
export function SecretEditorDialog({ namespace, secret, initialName, initialKeys, onClose, onSaved }: SecretEditorDialogProps) {
  const secretsApi = useApi(secretsApiRef);
  const nextId = useRef(0);
  const newRow = (key = '', replacing = false): Row => ({ id: nextId.current++, key, value: '', replacing, multiline: false });

  const [saved, setSaved] = useState<SecretView>();
  const current = saved ?? secret;
  const creating = !current;
  const [name, setName] = useState(initialName ?? '');
  const [rows, setRows] = useState<Row[]>(() => (secret ? [] : (initialKeys?.length ? initialKeys : ['']).map(key => newRow(key))));
  const [remove, setRemove] = useState<string[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const draft = { creating, name, rows, remove, existingKeys: current?.keys.map(k => k.name) ?? [] };
  const problems = draftProblems(draft);
  const conflict = failure instanceof SecretsRequestError && failure.kind === 'ConflictError';
  const readers = readersOf(current?.consumers ?? [], remove);
  const needsConfirm = readers.length > 0 || (conflict && remove.length > 0);

  const edit = (id: number, change: Partial<Row>) => setRows(all => all.map(row => (row.id === id ? { ...row, ...change } : row)));
  const touched = () => setFailure(undefined);

  const save = async () => {
    const secretName = current?.name ?? name;
    setBusy(true);
    setFailure(undefined);
    try {
      const written = await secretsApi.writeSecret(namespace, secretName, { ...writeRequestOf(draft), ...(needsConfirm ? { confirm: true } : {}) });
      const keysSet = rows.map(row => row.key);
      // Write-only: nothing typed, pasted or uploaded outlives the request.
      setRows([]);
      setRemove([]);
      setConfirmed(false);
      setSaved(written);
      setBusy(false);
      onSaved(written, keysSet);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  const title = creating ? 'Add a secret' : `Change ${current.name}`;
  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="md" aria-labelledby="secret-editor-title">
      <DialogTitle id="secret-editor-title">{title}</DialogTitle>
      {busy && <LinearProgress aria-label="Saving" />}
      <DialogContent>
        <Box display="flex" flexDirection="column" gridGap={16}>
          {failure !== undefined && <WarningPanel severity="error" title="Could not save" message={errorMessage(failure)} defaultExpanded />}
          {saved && (
            <Typography role="status" variant="body2">
              Saved {saved.name}, version {saved.version}. Values are write-only: Slipway never shows them again.
            </Typography>
          )}
          {creating ? (
            <TextField
              id="secret-editor-name"
              label="Name"
              required
              value={name}
              onChange={e => {
                setName(e.target.value);
                touched();
              }}
              error={Boolean(problems.name)}
              helperText={problems.name ?? `Apps refer to its keys as secret/${name || '<name>'}/<key>`}
            />
          ) : (
            <ExistingKeyList
              secret={current}
              replacing={rows.filter(r => r.replacing).map(r => r.key)}
              removing={remove}
              onReplace={key => setRows(all => [...all, newRow(key, true)])}
              onRemove={key => {
                setRemove(all => [...all, key]);
                setRows(all => all.filter(row => !(row.replacing && row.key === key)));
                touched();
              }}
              onUndoRemove={key => setRemove(all => all.filter(k => k !== key))}
            />
          )}
          {rows.map((row, index) => (
            <Box key={row.id} display="flex" alignItems="flex-start" gridGap={16} data-testid={`value-row-${index}`}>
              <TextField
                id={`secret-editor-key-${row.id}`}
                label="Key"
                required
                value={row.key}
                disabled={row.replacing}
                onChange={e => {
                  edit(row.id, { key: e.target.value });
                  touched();
                }}
                error={Boolean(problems.keys[index])}
                helperText={problems.keys[index] ?? (row.replacing ? 'New value for this key' : 'e.g. DATABASE_URL')}
                style={{ minWidth: 220 }}
              />
              <ValueField
                id={`secret-editor-value-${row.id}`}
                keyName={row.key}
                value={row.value}
                onChange={value => {
                  edit(row.id, { value });
                  touched();
                }}
                multiline={row.multiline}
                onMultilineChange={multiline => edit(row.id, { multiline })}
                onFileRead={fileName => {
                  const key = keyOfFileName(fileName);
                  if (!row.key && key) edit(row.id, { key });
                }}
              />
              <IconButton aria-label={`Drop the row of ${row.key || 'the new key'}`} onClick={() => setRows(all => all.filter(r => r.id !== row.id))}>
                <DeleteIcon />
              </IconButton>
            </Box>
          ))}
          <Box>
            <Button size="small" onClick={() => setRows(all => [...all, newRow()])}>
              Add key
            </Button>
          </Box>
          {problems.form && (
            <Typography variant="body2" color="error">
              {problems.form}
            </Typography>
          )}
          {needsConfirm && (
            <Box>
              {readers.length > 0 && (
                <Typography variant="body2">
                  {readers.length === 1 ? 'This workload reads a key you remove and fails' : 'These workloads read a key you remove and fail'} to start without it: {readers.map(consumerText).join(', ')}.
                </Typography>
              )}
              <FormControlLabel
                control={<Checkbox checked={confirmed} onChange={e => setConfirmed(e.target.checked)} />}
                label="Remove anyway: I will change those workloads"
              />
            </Box>
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {saved ? 'Close' : 'Cancel'}
        </Button>
        <Button color="primary" variant="contained" onClick={save} disabled={busy || problems.blocked || (needsConfirm && !confirmed)}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
