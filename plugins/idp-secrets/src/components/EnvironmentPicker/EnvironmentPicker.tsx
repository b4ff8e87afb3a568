import { Progress } from '@backstage/core-components';
import TextField from '@material-ui/core/TextField';
import { useEnvironments } from '../../hooks/useEnvironments';

export interface EnvironmentPickerProps {
  /** The namespace shown, if any. */
  namespace?: string;
  onChange: (namespace: string) => void;
}

/** One of the caller's environments, by namespace. */
export function EnvironmentPicker({ namespace, onChange }: EnvironmentPickerProps) {
  const { value, loading, error } = useEnvironments();
  if (loading) return <Progress />;
  const environments = value ?? [];
  let help = 'Secrets belong to one environment; apps there refer to them as secret/<name>/<key>';
  if (error) help = `Could not load your environments (${error.message}); reload the page`;
  else if (environments.length === 0) help = 'You have no environment yet: create one in Environments first';
  return (
    <TextField
      id="secrets-environment"
      select
      SelectProps={{ native: true }}
      // The empty choice shows its own text: the label stays above it.
      InputLabelProps={{ shrink: true }}
      label="Environment"
      value={namespace ?? ''}
      onChange={e => onChange(e.target.value)}
      error={Boolean(error) || environments.length === 0}
      helperText={help}
      style={{ minWidth: 320 }}
    >
      <option value="" disabled>
        Choose an environment
      </option>
      {/* A namespace typed in the address bar stays shown, even when it is not in the list (the page then says why). */}
      {namespace && !environments.some(e => e.namespace === namespace) && <option value={namespace}>{namespace}</option>}
      {environments.map(e => (
        <option key={e.namespace} value={e.namespace}>
          {e.namespace} ({e.type})
        </option>
      ))}
    </TextField>
  );
}
