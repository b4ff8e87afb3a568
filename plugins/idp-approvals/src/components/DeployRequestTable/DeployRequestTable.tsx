import { EmptyState, Link, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { DeployRequestSummary } from '@internal/plugin-idp-approvals-common';
import useAsync from 'react-use/esm/useAsync';
import { approvalsApiRef, DeployRequestListView } from '../../api/ApprovalsApi';
import { ageText, expiresInText, shortRef } from '../../lib/format';
import { DeployRequestStatusChip } from '../DeployRequestStatusChip';

const TITLES: Record<DeployRequestListView, string> = {
  inbox: 'Waiting for your approval',
  mine: 'Your deploy requests',
  team: "Your teams' deploy requests",
};

/** What an empty list means and what to do about it. */
const EMPTY: Record<DeployRequestListView, { title: string; description: string }> = {
  inbox: {
    title: 'Nothing waiting for your approval',
    description:
      "Production deploy requests of the teams you lead appear here, except your own: another tech lead approves those. You get a notification when one arrives.",
  },
  mine: {
    title: 'You have not requested a production deploy',
    description: 'Choose a production environment in a template, or redeploy an app to production from its page: a tech lead of its team then approves it here.',
  },
  team: {
    title: 'No deploy requests in your teams',
    description: 'Production deploys of your teams, requested by anyone, appear here with their status.',
  },
};

const columns: TableColumn<DeployRequestSummary>[] = [
  { title: 'App', field: 'app', highlight: true, render: row => <Link to={`requests/${encodeURIComponent(row.id)}`}>{row.app}</Link> },
  { title: 'Team', field: 'team' },
  { title: 'Environment', field: 'environment' },
  { title: 'Requester', field: 'requester', render: row => shortRef(row.requester) },
  { title: 'Reason', field: 'reason' },
  { title: 'Status', field: 'status', render: row => <DeployRequestStatusChip status={row.status} /> },
  { title: 'Age', field: 'createdAt', render: row => ageText(row.createdAt) },
  { title: 'Approvals', field: 'approvals', render: row => `${row.approvals}/${row.quorum}` },
  { title: 'Expires', field: 'expiresAt', render: row => (row.status === 'pending' ? expiresInText(row.expiresAt) : '—') },
];

/** One view of the deploy requests the caller may see, each linking to its request page. */
export function DeployRequestTable({ view }: { view: DeployRequestListView }) {
  const approvalsApi = useApi(approvalsApiRef);
  const { value, loading, error } = useAsync(() => approvalsApi.listRequests(view), [approvalsApi, view]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} title="Could not load the deploy requests" />;
  if (!value?.length) return <EmptyState missing="content" {...EMPTY[view]} />;
  return (
    <Table
      title={TITLES[view]}
      options={{ paging: value.length > 20, pageSize: 20, search: true, padding: 'dense' }}
      columns={columns}
      data={value}
    />
  );
}
