import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { ApprovalsApi, approvalsApiRef } from '../../api/ApprovalsApi';
import { rootRouteRef } from '../../routes';
import { fakeApprovalsApi, responseError, sampleRequest, sampleRevision } from '../../testing/fakes';
import { DeployRevisions } from './DeployRevisions';

function Where() {
  return <span data-testid="location">{useLocation().pathname}</span>;
}

function render(api: ApprovalsApi) {
  return renderInTestApp(
    <>
      <DeployRevisions team="team-a" app="web" />
      <Where />
    </>,
    { apis: [[approvalsApiRef, api]], mountedRoutes: { '/approvals': rootRouteRef } },
  );
}

jest.setTimeout(30_000);

const revisions = [
  sampleRevision({ id: 'rev-3', appliedAt: '2025-03-12T09:00:00Z', images: ['registry.example.com/team-a/web:1.5.0'], reason: 'Release 1.5' }),
  sampleRevision({ id: 'rev-2', environment: 'prod-eu', namespace: 'team-a-prod-eu', appliedAt: '2025-03-11T09:00:00Z' }),
  sampleRevision({ id: 'rev-1', appliedAt: '2025-03-10T12:05:00Z', approvers: ['user:default/bob', 'user:default/erin'] }),
];

describe('DeployRevisions', () => {
  it('lists the app’s revisions, the newest of each environment running now, the others a rollback away', async () => {
    const listRevisions = jest.fn(async () => revisions);
    await render(fakeApprovalsApi({ listRevisions }));

    expect(await screen.findByText('Production revisions of web')).toBeInTheDocument();
    expect(listRevisions).toHaveBeenCalledWith('team-a', 'web');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('registry.example.com/team-a/web:1.5.0')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Running now')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Running now')).toBeInTheDocument(); // the only one of prod-eu
    expect(within(rows[2]).getByText('bob, erin')).toBeInTheDocument();
    expect(within(rows[2]).getByText('registry.example.com/team-a/web:1.4.2')).toBeInTheDocument();
    expect(within(rows[2]).getByRole('button', { name: /^Roll back to the revision of/ })).toHaveTextContent('Roll back to this');
    expect(within(rows[0]).queryByRole('button')).not.toBeInTheDocument();
    expect(within(rows[2]).getByRole('link')).toHaveAttribute('href', '/approvals/requests/rev-1');
  });

  it('rolls back to a revision with a reason and opens the new request', async () => {
    const rollback = jest.fn(async () => sampleRequest({ id: 'req-9', rollbackOf: 'rev-1' }));
    await render(fakeApprovalsApi({ listRevisions: async () => revisions, rollback }));

    fireEvent.click(await screen.findByRole('button', { name: /^Roll back to the revision of/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/^Roll back web in prod to the revision of/)).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: '1.5 breaks checkout' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back to this revision' }));

    expect(await screen.findByText('/approvals/requests/req-9')).toBeInTheDocument();
    expect(rollback).toHaveBeenCalledWith('rev-1', { reason: '1.5 breaks checkout' });
  });

  it('says when there is no production revision yet', async () => {
    await render(fakeApprovalsApi({ listRevisions: async () => [] }));
    expect(await screen.findByText('No production revision yet: production deploys appear here once approved and applied')).toBeInTheDocument();
  });

  it('shows why the revisions could not be loaded', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    await render(fakeApprovalsApi({ listRevisions: async () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the production revisions of web/)).toBeInTheDocument();
    expect(screen.getAllByText(/database is down/).length).toBeGreaterThan(0);
  });
});
