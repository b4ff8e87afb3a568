import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { isLeadOf } from '@internal/plugin-idp-environments-common';
import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { Environment } from '../../api/types';
import { useCaller } from '../../hooks/useCaller';
import { useTtlField } from '../../hooks/useTtlField';
import { ServerProblem, describeServerError } from '../../lib/errors';
import { addDays, expiryText, formatDate, parseDays } from '../../lib/format';
import { ttlHint, ttlLimit, ttlProblem } from '../../lib/validation';
import { DialogButtons } from '../DialogButtons';

export interface ExtendEnvironmentDialogProps {
  environment: Environment;
  onClose: () => void;
  onExtended: (environment: Environment) => void;
}

/** Sets a new TTL, counted from now; open while mounted. */
export function ExtendEnvironmentDialog({ environment, onClose, onExtended }: ExtendEnvironmentDialogProps) {
  const environmentsApi = useApi(environmentsApiRef);
  const caller = useCaller();
  const types = useAsync(() => environmentsApi.listEnvironmentTypes(), [environmentsApi]);
  const typeDescription = types.value?.find(t => t.type === environment.type);
  const lead = caller.value ? isLeadOf(caller.value, environment.team) : false;

  const [ttl, setTtl] = useTtlField(environment.type, typeDescription);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ServerProblem>();

  const days = parseDays(ttl);
  const ttlError = ttlProblem(ttl, typeDescription, caller.value, environment.team) ?? problem?.fields.ttlDays;

  const submit = async () => {
    if (days === undefined) return;
    setSubmitting(true);
    setProblem(undefined);
    try {
      onExtended(await environmentsApi.extendEnvironment(environment.namespace, days));
    } catch (error) {
      setProblem(describeServerError(error));
      setSubmitting(false);
    }
  };

  const loading = caller.loading || types.loading;
  const loadError = caller.error ?? types.error;
  const neverExpires = typeDescription && typeDescription.ttlDays === undefined;

  return (
    <Dialog open onClose={submitting ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby="extend-environment-title">
      <DialogTitle id="extend-environment-title">Extend {environment.namespace}</DialogTitle>
      <DialogContent>
        {loading && <Progress />}
        {loadError && <WarningPanel severity="error" title="Could not load the form" message={loadError.message} />}
        {!loading && !loadError && (
          <Box display="flex" flexDirection="column" gridGap={16}>
            {problem && <WarningPanel severity="error" title={problem.title} message={problem.message} defaultExpanded />}
            <Typography variant="body2">
              Now: {expiryText(environment.expiresAt)}
              {environment.expiresAt ? ` (${formatDate(environment.expiresAt)})` : ''}
            </Typography>
            {neverExpires ? (
              <Typography>{environment.type} environments never expire; there is nothing to extend.</Typography>
            ) : (
              <>
                <TextField
                  id="extend-environment-ttl"
                  label="New time to live (days from now)"
                  type="number"
                  value={ttl}
                  onChange={e => {
                    setTtl(e.target.value);
                    setProblem(undefined);
                  }}
                  inputProps={{ min: 1, max: ttlLimit(typeDescription, lead) }}
                  error={Boolean(ttlError)}
                  helperText={ttlError ?? ttlHint(typeDescription, lead)}
                />
                {days !== undefined && !ttlError && (
                  <Typography variant="body2">New expiry: {formatDate(addDays(days).toISOString())}</Typography>
                )}
              </>
            )}
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        onConfirm={submit}
        label="Extend"
        busyLabel="Extending…"
        busy={submitting}
        disabled={loading || Boolean(neverExpires) || days === undefined || Boolean(ttlError)}
      />
    </Dialog>
  );
}
