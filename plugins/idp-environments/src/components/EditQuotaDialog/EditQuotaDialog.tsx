import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EnvironmentQuota,
  QUOTA_FIELDS,
  QuotaChangeRequest,
  QuotaField,
  currentQuota,
  maxQuotaOf,
  quotaChangeProblems,
} from '@internal/plugin-idp-environments-common';
import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { Environment, EnvironmentDetail } from '../../api/types';
import { ServerProblem, describeServerError } from '../../lib/errors';
import { DialogButtons } from '../DialogButtons';

export interface EditQuotaDialogProps {
  environment: Environment;
  onClose: () => void;
  onChanged: (environment: EnvironmentDetail) => void;
}

const LABELS: Record<QuotaField, string> = { cpu: 'CPU (cores, e.g. 8 or 1500m)', memory: 'Memory (e.g. 16Gi)', pods: 'Pods' };

type Values = Record<QuotaField, string>;

const valuesOf = (quota: EnvironmentQuota): Values => ({ cpu: quota.cpu, memory: quota.memory, pods: String(quota.pods) });

/** The fields the user changed, as the backend takes them; pods as a number when it is one. */
function changes(values: Values, current: Values): QuotaChangeRequest {
  const request: QuotaChangeRequest = {};
  if (values.cpu.trim() !== current.cpu) request.cpu = values.cpu.trim();
  if (values.memory.trim() !== current.memory) request.memory = values.memory.trim();
  if (values.pods.trim() !== current.pods) request.pods = values.pods.trim() === '' ? NaN : Number(values.pods);
  return request;
}

/** A tech lead sets the team's own quota of one environment, up to its type's maximum; open while mounted. */
export function EditQuotaDialog({ environment, onClose, onChanged }: EditQuotaDialogProps) {
  const environmentsApi = useApi(environmentsApiRef);
  const types = useAsync(() => environmentsApi.listEnvironmentTypes(), [environmentsApi]);
  const settings = types.value?.find(t => t.type === environment.type);

  const [values, setValues] = useState<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ServerProblem>();

  const currentValues = settings ? valuesOf(currentQuota(environment, settings)) : undefined;
  useEffect(() => {
    if (settings) setValues(valuesOf(currentQuota(environment, settings)));
  }, [settings, environment]);

  const request = values && currentValues ? changes(values, currentValues) : {};
  // The same rule the backend applies, as the user types.
  const live = settings ? Object.fromEntries(quotaChangeProblems(request, settings).map(p => [p.field, p.message])) : {};
  const fieldError = (field: QuotaField): string | undefined => live[field] ?? problem?.fields[field];
  const unchanged = Object.keys(request).length === 0;

  const submit = async () => {
    setSubmitting(true);
    setProblem(undefined);
    try {
      onChanged(await environmentsApi.changeQuota(environment.namespace, request));
    } catch (error) {
      setProblem(describeServerError(error));
      setSubmitting(false);
    }
  };

  const max = settings ? maxQuotaOf(settings) : undefined;
  return (
    <Dialog open onClose={submitting ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby="edit-quota-title">
      <DialogTitle id="edit-quota-title">Quota of {environment.namespace}</DialogTitle>
      <DialogContent>
        {types.loading && <Progress />}
        {types.error && <WarningPanel severity="error" title="Could not load the form" message={types.error.message} />}
        {settings && !types.error && values && max && (
          <Box display="flex" flexDirection="column" gridGap={16}>
            {problem && <WarningPanel severity="error" title={problem.title} message={problem.message} defaultExpanded />}
            <Typography variant="body2">
              Requests and limits of all pods together stay within these amounts. Lowering them keeps running pods; new ones must fit.
            </Typography>
            {QUOTA_FIELDS.map(field => (
              <TextField
                key={field}
                id={`edit-quota-${field}`}
                label={LABELS[field]}
                value={values[field]}
                onChange={e => {
                  setValues({ ...values, [field]: e.target.value });
                  setProblem(undefined);
                }}
                error={Boolean(fieldError(field))}
                helperText={fieldError(field) ?? `At most ${max[field]} for a ${environment.type} environment (type default ${settings.quota[field]})`}
              />
            ))}
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        onConfirm={submit}
        label="Save quota"
        busyLabel="Saving…"
        busy={submitting}
        disabled={!settings || unchanged || Object.keys(live).length > 0}
      />
    </Dialog>
  );
}
