import { EmptyState, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api/EnvironmentsApi';

const days = (value?: number) => (value === undefined ? 'never expires' : `${value} day${value === 1 ? '' : 's'}`);

const columns: TableColumn<EnvironmentTypeDescription>[] = [
  { title: 'Type', field: 'type' },
  { title: 'Default TTL', render: row => days(row.ttlDays) },
  { title: 'Longest TTL for developers', render: row => (row.maxTtlDays === undefined ? '—' : days(row.maxTtlDays)) },
  { title: 'CPU quota', render: row => row.quota.cpu },
  { title: 'Memory quota', render: row => row.quota.memory },
  { title: 'Pods', render: row => row.quota.pods },
];

/** The environment types a team can create, as the platform team configured them (a tab of the environments page). */
export function EnvironmentTypesTable() {
  const environmentsApi = useApi(environmentsApiRef);
  const { value, loading, error } = useAsync(() => environmentsApi.listEnvironmentTypes(), [environmentsApi]);

  if (loading) return <Progress />;
  if (error) {
    return <ResponseErrorPanel error={error} title="Could not load environment types" />;
  }
  if (!value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No environment types"
        description="The platform team has not configured any environment types (slipway.environments.types)."
      />
    );
  }
  return (
    <Table
      title="Environment types"
      subtitle="What each kind of environment gets: how long it lives and how much it may use"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={value}
    />
  );
}
