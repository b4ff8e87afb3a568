import { Progress } from '@backstage/core-components';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect, useMemo } from 'react';
import { useCaller } from '../hooks/useCaller';

/** `ui:field: SlipwayTeamPicker`: one of the signed-in user's teams (not tier groups). */
export function TeamPickerField(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, required, schema } = props;
  const { value, loading, error } = useCaller();
  const teams = useMemo(() => value?.teams ?? [], [value]);
  // One team: nothing to choose.
  useEffect(() => {
    if (!formData && teams.length === 1) onChange(teams[0]);
  }, [formData, teams, onChange]);
  if (loading) return <Progress />;
  return (
    <TextField
      id={props.idSchema?.$id}
      select
      fullWidth
      margin="normal"
      label={schema.title ?? 'Team'}
      required={required}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value)}
      error={Boolean(error) || Boolean(rawErrors?.length) || teams.length === 0}
      helperText={
        error?.message ??
        (teams.length === 0 ? 'You are not a member of any team; ask a tech lead to add you to one' : schema.description ?? 'The team that owns the app')
      }
    >
      {teams.map(team => (
        <MenuItem key={team} value={team}>
          {team}
        </MenuItem>
      ))}
    </TextField>
  );
}
