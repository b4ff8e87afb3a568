import { Link, Progress, WarningPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EnvironmentType, environmentNameProblem, isLeadOf } from '@internal/plugin-idp-environments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { CloneEnvironmentResponse, Environment } from '../../api/types';
import { useCaller } from '../../hooks/useCaller';
import { useTtlField } from '../../hooks/useTtlField';
import { ServerProblem, describeServerError } from '../../lib/errors';
import { parseDays } from '../../lib/format';
import { namespacePreview, ttlProblem } from '../../lib/validation';
import { rootRouteRef } from '../../routes';
import { DialogButtons } from '../DialogButtons';
import { EnvironmentTypeFields } from '../EnvironmentTypeFields';

export interface CloneEnvironmentDialogProps {
  source: Environment;
  onClose: () => void;
  /** Called when the user closes the report of a finished clone. */
  onCloned: (result: CloneEnvironmentResponse) => void;
}

const RESULT_HELP: Record<string, string> = {
  copied: 'copied as it is',
  adjusted: 'copied with changes for the target type',
  reference: 'secret referenced by name; values are never copied',
  skipped: 'not copied',
};

/** The report of a finished clone; secrets it only referenced link to the new environment's Secrets tab, where their values are set. */
function CloneReport({ result, onLeave }: { result: CloneEnvironmentResponse; onLeave: () => void }) {
  const root = useRouteRef(rootRouteRef);
  const secretsTab = `${root?.() ?? '/environments'}/${encodeURIComponent(result.environment.namespace)}?tab=secrets`;
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Typography>
        Created <strong>{result.environment.namespace}</strong>. What happened to each object of the source:
      </Typography>
      {result.objects.length === 0 ? (
        <Typography variant="body2">The source had nothing to clone.</Typography>
      ) : (
        <MuiTable size="small" aria-label="Cloned objects">
          <TableHead>
            <TableRow>
              <TableCell>Kind</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Result</TableCell>
              <TableCell>Note</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.objects.map(o => (
              <TableRow key={`${o.kind}/${o.name}`}>
                <TableCell>{o.kind}</TableCell>
                <TableCell>{o.name}</TableCell>
                <TableCell>
                  <Chip size="small" label={o.action} title={RESULT_HELP[o.action]} variant={o.action === 'copied' ? 'outlined' : 'default'} />
                </TableCell>
                <TableCell>
                  {o.reason ?? ''}
                  {o.action === 'reference' && (
                    <>
                      {' '}
                      <Link to={secretsTab} onClick={onLeave} aria-label={`Set the values of ${o.name} in ${result.environment.namespace}`}>
                        Set its values
                      </Link>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </MuiTable>
      )}
    </Box>
  );
}

/** Clones an environment's workloads and configuration into a new one of the same team; open while mounted. */
export function CloneEnvironmentDialog({ source, onClose, onCloned }: CloneEnvironmentDialogProps) {
  const environmentsApi = useApi(environmentsApiRef);
  const caller = useCaller();
  const types = useAsync(() => environmentsApi.listEnvironmentTypes(), [environmentsApi]);
  const lead = caller.value ? isLeadOf(caller.value, source.team) : false;

  const [name, setName] = useState('');
  const [type, setType] = useState<EnvironmentType>(source.type === 'production' ? 'staging' : source.type);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ServerProblem>();
  const [result, setResult] = useState<CloneEnvironmentResponse>();

  const typeDescription = types.value?.find(t => t.type === type);
  const [ttl, setTtl] = useTtlField(type, typeDescription);

  const nameError = (name ? environmentNameProblem(source.team, name) : undefined) ?? problem?.fields.name;
  const ttlError = ttlProblem(ttl, typeDescription, caller.value, source.team) ?? problem?.fields.ttlDays;
  const valid = Boolean(name) && !nameError && !ttlError && Boolean(typeDescription);

  const submit = async () => {
    setSubmitting(true);
    setProblem(undefined);
    try {
      const hasTtl = typeDescription?.ttlDays !== undefined;
      setResult(await environmentsApi.cloneEnvironment(source.namespace, { name, type, ...(hasTtl ? { ttlDays: parseDays(ttl) } : {}) }));
    } catch (error) {
      setProblem(describeServerError(error));
    } finally {
      setSubmitting(false);
    }
  };

  const loading = caller.loading || types.loading;
  const loadError = caller.error ?? types.error;

  if (result) {
    return (
      <Dialog open onClose={() => onCloned(result)} fullWidth maxWidth="md" aria-labelledby="clone-environment-title">
        <DialogTitle id="clone-environment-title">Cloned {source.namespace}</DialogTitle>
        <DialogContent>
          <CloneReport result={result} onLeave={() => onCloned(result)} />
        </DialogContent>
        <DialogActions>
          <Button color="primary" variant="contained" onClick={() => onCloned(result)}>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <Dialog open onClose={submitting ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="clone-environment-title">
      <DialogTitle id="clone-environment-title">Clone {source.namespace}</DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {loadError && <WarningPanel severity="error" title="Could not load the form" message={loadError.message} />}
        {!loading && !loadError && (
          <Box display="flex" flexDirection="column" gridGap={16}>
            {problem && <WarningPanel severity="error" title={problem.title} message={problem.message} defaultExpanded />}
            <Typography variant="body2">
              Workloads and configuration are copied into a new environment of {source.team}; secrets are referenced, never copied.
            </Typography>
            <TextField
              id="clone-environment-name"
              label="Name of the new environment"
              required
              value={name}
              onChange={e => {
                setName(e.target.value);
                setProblem(undefined);
              }}
              error={Boolean(nameError)}
              helperText={nameError ?? namespacePreview(source.team, name)}
            />
            <EnvironmentTypeFields
              idPrefix="clone-environment"
              team={source.team}
              lead={lead}
              types={types.value ?? []}
              type={type}
              onTypeChange={setType}
              ttl={ttl}
              onTtlChange={setTtl}
              typeError={problem?.fields.type}
              ttlError={ttlError}
            />
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        onConfirm={submit}
        label="Clone"
        busyLabel="Cloning…"
        busy={submitting}
        disabled={!valid}
      />
    </Dialog>
  );
}
