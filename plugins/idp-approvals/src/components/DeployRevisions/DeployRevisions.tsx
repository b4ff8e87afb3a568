import { EmptyState, Link, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import type { DeployRevision } from '@internal/plugin-idp-approvals-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { formatDate, shortRef } from '../../lib/format';
import { requestRouteRef } from '../../routes';
import { RollbackForm } from '../RollbackForm';

type Row = DeployRevision & { running: boolean };

/**
 * An app's production revisions (its applied deploy requests), newest first, each with a button
 * that rolls back to it through a new request. The newest of each environment is what runs now.
 */
export function DeployRevisions({ team, app }: { team: string; app: string }) {
  const approvalsApi = useApi(approvalsApiRef);
  const requestLink = useRouteRef(requestRouteRef);
  const { value, loading, error } = useAsync(() => approvalsApi.listRevisions(team, app), [approvalsApi, team, app]);
  const [chosen, setChosen] = useState<DeployRevision>();

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} title={`Could not load the production revisions of ${app}`} />;
  if (!value?.length) {
    return <EmptyState missing="content" title="No production revision yet: production deploys appear here once approved and applied" />;
  }

  const seen = new Set<string>();
  const rows: Row[] = value.map(revision => {
    const running = !seen.has(revision.namespace);
    seen.add(revision.namespace);
    return { ...revision, running };
  });
  const linkTo = (id: string) => requestLink?.({ id }) ?? `/approvals/requests/${encodeURIComponent(id)}`;
  const columns: TableColumn<Row>[] = [
    { title: 'Applied', field: 'appliedAt', render: row => <Link to={linkTo(row.id)}>{formatDate(row.appliedAt)}</Link> },
    { title: 'Environment', field: 'environment' },
    { title: 'Images', field: 'images', render: row => row.images.map(image => <code key={image} style={{ display: 'block' }}>{image}</code>) },
    { title: 'Requester', field: 'requester', render: row => shortRef(row.requester) },
    { title: 'Approved by', field: 'approvers', render: row => row.approvers.map(shortRef).join(', ') || '—' },
    { title: 'Reason', field: 'reason', render: row => (row.rollbackOf ? <>{row.reason} (a rollback)</> : row.reason) },
    { title: 'Digest', field: 'digest', render: row => <code title={row.digest}>{row.digest.slice(0, 12)}</code> },
    {
      title: '',
      field: 'id',
      render: row =>
        row.running ? (
          <Chip size="small" label="Running now" />
        ) : (
          <Button size="small" variant="outlined" color="primary" onClick={() => setChosen(row)} aria-label={`Roll back to the revision of ${formatDate(row.appliedAt)}`}>
            Roll back to this
          </Button>
        ),
    },
  ];

  return (
    <>
      <Table title={`Production revisions of ${app}`} options={{ paging: rows.length > 20, pageSize: 20, search: false, padding: 'dense' }} columns={columns} data={rows} />
      <Dialog open={!!chosen} onClose={() => setChosen(undefined)} fullWidth maxWidth="sm">
        {chosen && (
          <>
            <DialogTitle>
              Roll back {app} in {chosen.environment} to the revision of {formatDate(chosen.appliedAt)}
            </DialogTitle>
            <DialogContent>
              <RollbackForm revisionId={chosen.id} />
            </DialogContent>
          </>
        )}
      </Dialog>
    </>
  );
}
