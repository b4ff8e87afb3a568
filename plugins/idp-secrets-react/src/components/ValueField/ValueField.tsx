import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Visibility from '@material-ui/icons/Visibility';
import VisibilityOff from '@material-ui/icons/VisibilityOff';
import { ChangeEvent, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { readTextFile } from '../../lib/files';

export interface ValueFieldProps {
  id: string;
  /** The key the value is for, to name the controls ("Value of DB_URL"); empty for a row without a key yet. */
  keyName: string;
  value: string;
  onChange: (value: string) => void;
  multiline: boolean;
  onMultilineChange: (multiline: boolean) => void;
  /** A file was read as text: its name, for a row without a key yet. */
  onFileRead?: (fileName: string) => void;
  helperText?: string;
}

/**
 * A write-only value: masked as it is typed or pasted (a password input; a multi-line text area
 * drawn as discs), with a toggle that shows only what was typed here, and a text file upload.
 */
export function ValueField({ id, keyName, value, onChange, multiline, onMultilineChange, onFileRead, helperText }: ValueFieldProps) {
  const [shown, setShown] = useState(false);
  const [fileProblem, setFileProblem] = useState<string>();
  const name = keyName || 'the new key';

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file can be chosen again after a fix.
    event.target.value = '';
    if (!file) return;
    try {
      const text = await readTextFile(file);
      setFileProblem(undefined);
      onChange(text);
      if (text.includes('\n')) onMultilineChange(true);
      onFileRead?.(file.name);
    } catch (error) {
      setFileProblem(errorMessage(error));
    }
  };

  const toggle = (
    <IconButton size="small" aria-label={shown ? `Hide value of ${name}` : `Show value of ${name}`} onClick={() => setShown(!shown)} edge="end">
      {shown ? <VisibilityOff fontSize="small" /> : <Visibility fontSize="small" />}
    </IconButton>
  );
  return (
    <Box display="flex" flexDirection="column" flexGrow={1}>
      <TextField
        id={id}
        label="Value"
        value={value}
        onChange={e => {
          onChange(e.target.value);
          setFileProblem(undefined);
        }}
        type={multiline || shown ? 'text' : 'password'}
        multiline={multiline}
        minRows={multiline ? 4 : undefined}
        maxRows={multiline ? 16 : undefined}
        fullWidth
        required
        error={Boolean(fileProblem)}
        helperText={fileProblem ?? helperText}
        inputProps={{
          'aria-label': `Value of ${name}`,
          autoComplete: 'new-password',
          spellCheck: false,
          // A text area cannot be a password input; discs hide what it holds in the browsers that draw them.
          style: multiline && !shown ? ({ WebkitTextSecurity: 'disc' } as any) : undefined,
          'data-masked': String(!shown),
        }}
        InputProps={{ endAdornment: <InputAdornment position="end">{toggle}</InputAdornment> }}
      />
      <Box display="flex" alignItems="center" gridGap={8}>
        <FormControlLabel
          control={<Checkbox size="small" checked={multiline} onChange={e => onMultilineChange(e.target.checked)} />}
          label="Multi-line (certificates, JSON)"
        />
        <Button size="small" component="label">
          Upload file
          <input hidden type="file" aria-label={`Upload a file as the value of ${name}`} onChange={upload} />
        </Button>
      </Box>
    </Box>
  );
}
