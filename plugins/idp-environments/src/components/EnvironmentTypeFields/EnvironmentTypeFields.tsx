import { ENVIRONMENT_TYPES, EnvironmentType, EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';
import TextField from '@material-ui/core/TextField';
import { ttlHint, ttlLimit } from '../../lib/validation';

/**
 * The type select and, for types that expire, the TTL field: shared by the create and clone
 * dialogs. Production is offered only to tech leads of the team and platform admins.
 */
export function EnvironmentTypeFields(props: {
  idPrefix: string;
  team: string;
  lead: boolean;
  types: EnvironmentTypeDescription[];
  type: EnvironmentType;
  onTypeChange: (type: EnvironmentType) => void;
  ttl: string;
  onTtlChange: (ttl: string) => void;
  typeError?: string;
  ttlError?: string;
}) {
  const { idPrefix, team, lead, types, type, onTypeChange, ttl, onTtlChange, typeError, ttlError } = props;
  const description = types.find(t => t.type === type);
  return (
    <>
      <TextField
        id={`${idPrefix}-type`}
        select
        SelectProps={{ native: true }}
        label="Type"
        value={type}
        onChange={e => onTypeChange(e.target.value as EnvironmentType)}
        error={Boolean(typeError)}
        helperText={typeError ?? (lead ? 'Production never expires' : `Production needs a tech lead of ${team || 'the team'} or a platform admin`)}
      >
        {ENVIRONMENT_TYPES.filter(t => types.some(d => d.type === t)).map(t => (
          <option key={t} value={t} disabled={t === 'production' && !lead}>
            {t}
          </option>
        ))}
      </TextField>
      {description?.ttlDays !== undefined && (
        <TextField
          id={`${idPrefix}-ttl`}
          label="Time to live (days)"
          type="number"
          value={ttl}
          onChange={e => onTtlChange(e.target.value)}
          inputProps={{ min: 1, max: ttlLimit(description, lead) }}
          error={Boolean(ttlError)}
          helperText={ttlError ?? ttlHint(description, lead)}
        />
      )}
    </>
  );
}
