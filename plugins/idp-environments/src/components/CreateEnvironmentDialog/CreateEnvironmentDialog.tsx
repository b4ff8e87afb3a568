import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EnvironmentType, environmentNameProblem, isLeadOf } from '@internal/plugin-idp-environments-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { Environment } from '../../api/types';
import { useCaller } from '../../hooks/useCaller';
import { useTtlField } from '../../hooks/useTtlField';
import { ServerProblem, describeServerError } from '../../lib/errors';
import { parseDays } from '../../lib/format';
import { namespacePreview, ttlProblem } from '../../lib/validation';
import { DialogButtons } from '../DialogButtons';
import { EnvironmentTypeFields } from '../EnvironmentTypeFields';

export interface CreateEnvironmentDialogProps {
  onClose: () => void;
  onCreated: (environment: Environment) => void;
}

/** Creates an environment for one of the caller's teams; open while mounted. */
export function CreateEnvironmentDialog({ onClose, onCreated }: CreateEnvironmentDialogProps) {
  const environmentsApi = useApi(environmentsApiRef);
  const caller = useCaller();
  const types = useAsync(() => environmentsApi.listEnvironmentTypes(), [environmentsApi]);

  // The caller's first team until they choose: derived while rendering, so the field never shows empty first.
  const [chosenTeam, setTeam] = useState<string>();
  const team = chosenTeam ?? caller.value?.teams[0] ?? '';
  const [name, setName] = useState('');
  const [type, setType] = useState<EnvironmentType>('development');
  const [protect, setProtect] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ServerProblem>();

  const typeDescription = types.value?.find(t => t.type === type);
  const [ttl, setTtl] = useTtlField(type, typeDescription);

  const lead = caller.value ? isLeadOf(caller.value, team) : false;
  useEffect(() => {
    if (type === 'production' && !lead) setType('development');
  }, [lead, type]);

  const nameError = name ? environmentNameProblem(team, name) : undefined;
  const ttlError = ttlProblem(ttl, typeDescription, caller.value, team);
  const serverError = (field: string) => problem?.fields[field];
  const valid = Boolean(team) && Boolean(name) && !nameError && !ttlError && Boolean(typeDescription);

  const edit = (field: string, apply: () => void) => {
    apply();
    if (problem?.fields[field]) {
      const { [field]: _, ...rest } = problem.fields;
      setProblem({ ...problem, fields: rest });
    }
  };

  const submit = async () => {
    setSubmitting(true);
    setProblem(undefined);
    try {
      const hasTtl = typeDescription?.ttlDays !== undefined;
      const environment = await environmentsApi.createEnvironment({
        team,
        name,
        type,
        ...(hasTtl ? { ttlDays: parseDays(ttl) } : {}),
        ...(protect ? { protected: true } : {}),
      });
      onCreated(environment);
    } catch (error) {
      setProblem(describeServerError(error));
      setSubmitting(false);
    }
  };

  const loading = caller.loading || types.loading;
  const loadError = caller.error ?? types.error;
  const noTeams = caller.value && caller.value.teams.length === 0;

  return (
    <Dialog open onClose={submitting ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="create-environment-title">
      <DialogTitle id="create-environment-title">Create environment</DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {loadError && <WarningPanel severity="error" title="Could not load the form" message={loadError.message} />}
        {noTeams && (
          <Typography>You are not a member of any team, so you cannot create an environment. Ask a tech lead to add you to one.</Typography>
        )}
        {!loading && !loadError && !noTeams && (
          <Box display="flex" flexDirection="column" gridGap={16}>
            {problem && <WarningPanel severity="error" title={problem.title} message={problem.message} defaultExpanded />}
            <TextField
              id="create-environment-team"
              select
              SelectProps={{ native: true }}
              label="Team"
              value={team}
              onChange={e => edit('team', () => setTeam(e.target.value))}
              error={Boolean(serverError('team'))}
              helperText={serverError('team') ?? 'Environments belong to a team; its members get access'}
            >
              {caller.value?.teams.map(t => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </TextField>
            <TextField
              id="create-environment-name"
              label="Name"
              required
              value={name}
              onChange={e => edit('name', () => setName(e.target.value))}
              error={Boolean(nameError ?? serverError('name'))}
              helperText={nameError ?? serverError('name') ?? namespacePreview(team, name)}
            />
            <EnvironmentTypeFields
              idPrefix="create-environment"
              team={team}
              lead={lead}
              types={types.value ?? []}
              type={type}
              onTypeChange={value => edit('type', () => setType(value))}
              ttl={ttl}
              onTtlChange={value => edit('ttlDays', () => setTtl(value))}
              typeError={serverError('type')}
              ttlError={ttlError ?? serverError('ttlDays')}
            />
            {lead && (
              <FormControlLabel
                control={<Checkbox checked={protect} onChange={e => setProtect(e.target.checked)} />}
                label="Protected: never removed automatically, even after its TTL"
              />
            )}
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        onConfirm={submit}
        label="Create"
        busyLabel="Creating…"
        busy={submitting}
        disabled={!valid}
      />
    </Dialog>
  );
}
