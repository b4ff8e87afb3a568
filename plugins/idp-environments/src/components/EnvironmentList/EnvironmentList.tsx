import { EmptyState, Link, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import OpenInNewIcon from '@material-ui/icons/Launch';
import TimerIcon from '@material-ui/icons/Timer';
import { WorkloadHealth, useEnvironmentStatuses } from '@internal/plugin-idp-workloads-react';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ClusterNotReady } from '../ClusterProgressBanner';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { EnvironmentDetail } from '../../api/types';
import { useRunRates } from '../../hooks/useRunRates';
import { formatDate, shortRef } from '../../lib/format';
import { CreateEnvironmentDialog } from '../CreateEnvironmentDialog';
import { EnvironmentAction, EnvironmentActionDialogs } from '../EnvironmentActionDialogs';
import { EnvironmentExpiry } from '../EnvironmentExpiry';
import { EnvironmentPhase } from '../EnvironmentPhase';
import { EnvironmentTypeChip } from '../EnvironmentTypeChip';
import { QuotaSummary } from '../QuotaSummary';

function rowActions(row: EnvironmentDetail, act: (action: EnvironmentAction) => void) {
  const terminating = row.phase === 'Terminating';
  // Still being created: only deleting it makes sense until it is ready.
  const unready = terminating || row.phase === 'Provisioning';
  const action = (kind: EnvironmentAction['kind'], label: string, icon: JSX.Element, disabled: boolean) => (
    <Tooltip title={label}>
      <span>
        <IconButton size="small" aria-label={`${label} ${row.namespace}`} disabled={disabled} onClick={() => act({ kind, environment: row })}>
          {icon}
        </IconButton>
      </span>
    </Tooltip>
  );
  return (
    <Box display="flex" whiteSpace="nowrap">
      <Tooltip title="Open">
        <IconButton size="small" aria-label={`Open ${row.namespace}`} component={RouterLink} to={row.namespace}>
          <OpenInNewIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      {action('extend', 'Extend', <TimerIcon fontSize="small" />, unready || !row.expiresAt)}
      {action('clone', 'Clone', <FileCopyIcon fontSize="small" />, unready)}
      {action('delete', 'Delete', <DeleteIcon fontSize="small" />, terminating)}
    </Box>
  );
}

/** The caller's environments with their state and actions; the main tab of the environments page. */
export function EnvironmentList() {
  const environmentsApi = useApi(environmentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(() => environmentsApi.listEnvironments(), [environmentsApi]);
  const workloads = useEnvironmentStatuses();
  const runRate = useRunRates();
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<EnvironmentAction>();

  const createButton = (
    <Button variant="contained" color="primary" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
      Create environment
    </Button>
  );

  const columns: TableColumn<EnvironmentDetail>[] = [
    {
      title: 'Environment',
      field: 'namespace',
      highlight: true,
      render: row => (
        <>
          <Link to={row.namespace}>{row.namespace}</Link>
          {row.preview && (
            <Typography variant="caption" display="block">
              {row.preview.repository} #{row.preview.pullRequest}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Team', field: 'team' },
    { title: 'Type', field: 'type', render: row => <EnvironmentTypeChip type={row.type} /> },
    { title: 'Owner', field: 'owner', render: row => shortRef(row.owner) },
    { title: 'Status', field: 'phase', render: row => <EnvironmentPhase phase={row.phase} /> },
    { title: 'Workloads', sorting: false, render: row => <WorkloadHealth summary={workloads.statuses?.get(row.namespace)} error={workloads.error} /> },
    { title: 'Expires', field: 'expiresAt', render: row => <EnvironmentExpiry environment={row} /> },
    { title: 'Quota', sorting: false, render: row => <QuotaSummary quota={row.quota ?? []} /> },
    { title: 'Monthly run-rate', sorting: false, render: row => runRate(row.namespace) },
    { title: 'Created', field: 'createdAt', render: row => formatDate(row.createdAt) },
    { title: 'Actions', sorting: false, render: row => rowActions(row, setAction) },
  ];

  let body: JSX.Element;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ClusterNotReady>
        <ResponseErrorPanel error={error} title="Could not load your environments" />
      </ClusterNotReady>
    );
  } else if (!value?.length) {
    body = (
      <EmptyState
        missing="content"
        title="No environments yet"
        description="Create an environment for one of your teams: a namespace with quotas, network policies and access for the team."
        action={createButton}
      />
    );
  } else {
    body = (
      <Table
        title="Your environments"
        subtitle="Environments of your teams"
        options={{ paging: value.length > 20, pageSize: 20, search: true, padding: 'dense', actionsColumnIndex: -1 }}
        columns={columns}
        data={value}
      />
    );
  }

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        {createButton}
      </Box>
      {body}
      {creating && (
        <CreateEnvironmentDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            retry();
          }}
        />
      )}
      <EnvironmentActionDialogs
        action={action}
        onClose={() => setAction(undefined)}
        onDone={() => {
          setAction(undefined);
          retry();
        }}
      />
    </>
  );
}
