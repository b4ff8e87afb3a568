import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../api/EnvironmentsApi';
import { describeClusterProgress } from '@internal/plugin-idp-environments-common';
import { useClusterProgress } from '../hooks/useClusterProgress';

/** How a production environment is marked: choosing it files a deploy request instead of deploying. */
export const PRODUCTION_MARK = "production: needs a tech lead's approval";

/**
 * `ui:field: SlipwayEnvironmentPicker`: one of the chosen team's active environments; production
 * is offered marked, since deploying there becomes a request a tech lead of the team approves.
 * The value is the environment's name, e.g. staging.
 * `ui:options.teamField` names the form field that holds the team (default `team`).
 */
export function EnvironmentPickerField(props: FieldExtensionComponentProps<string, { teamField?: string }>) {
  const { formData, onChange, rawErrors, required, schema, uiSchema, formContext } = props;
  const teamField = uiSchema?.['ui:options']?.teamField ?? 'team';
  const team = (formContext as { formData?: Record<string, unknown> } | undefined)?.formData?.[teamField] as string | undefined;
  const environmentsApi = useApi(environmentsApiRef);
  const { value, loading, error } = useAsync(() => environmentsApi.listEnvironments(), [environmentsApi]);
  // While scripts/dev.sh still prepares the local cluster, say so rather than show a connection error.
  const progress = useClusterProgress();
  const notReady = progress && describeClusterProgress(progress);
  if (loading) return <Progress />;

  const options = (value ?? []).filter(e => e.phase === 'Active' && (!team || e.team === team));
  let help = schema.description ?? 'Where the app runs; production deploys need an approval';
  if (!team) help = 'Choose the team first';
  else if (options.length === 0) help = `${team} has no environment yet; create one in Environments first`;
  return (
    <TextField
      id={props.idSchema?.$id}
      select
      fullWidth
      margin="normal"
      label={schema.title ?? 'Environment'}
      required={required}
      value={options.some(o => o.name === formData) ? formData : ''}
      onChange={e => onChange(e.target.value)}
      disabled={!team}
      error={Boolean(error) || Boolean(rawErrors?.length) || (Boolean(team) && options.length === 0)}
      helperText={error ? (notReady ?? `Could not load environments: ${error.message}`) : help}
    >
      {options.map(e => (
        <MenuItem key={e.namespace} value={e.name}>
          {e.name} ({e.type === 'production' ? PRODUCTION_MARK : e.type}, namespace {e.namespace})
        </MenuItem>
      ))}
    </TextField>
  );
}
