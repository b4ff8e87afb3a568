import { renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { AuditEntryFilters, AuditEntryView } from '@internal/plugin-idp-approvals-common';
import { fireEvent, screen } from '@testing-library/react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { fakeApprovalsApi, fakeSignalApi, responseError } from '../../testing/fakes';
import { ApprovalsPage } from '../ApprovalsPage';

const render = (api: ReturnType<typeof fakeApprovalsApi>, path = '/approvals/audit') =>
  renderInTestApp(<ApprovalsPage />, {
    mountPath: '/approvals',
    initialRouteEntries: [path],
    apis: [[approvalsApiRef, api], [signalApiRef, fakeSignalApi().api]],
  });

jest.setTimeout(30_000);

const entry = (overrides: Partial<AuditEntryView> = {}): AuditEntryView => ({
  id: '1',
  at: '2025-01-10T12:00:00.000Z',
  plugin: 'idp-approvals',
  eventId: 'deploy-request-decide',
  severity: 'high',
  actor: 'user:default/bob',
  status: 'succeeded',
  team: 'team-a',
  namespace: 'team-a-prod',
  environment: 'prod',
  app: 'web',
  meta: {},
  ...overrides,
});

describe('the audit log tab', () => {
  it('lists who did what where with the outcome, and loads the next page', async () => {
    const listAuditEntries = jest.fn(async (filters: AuditEntryFilters) =>
      filters.before
        ? { items: [entry({ id: '3', eventId: 'environment-create', actor: 'user:default/alice', namespace: 'team-a-dev', app: undefined })] }
        : { items: [entry(), entry({ id: '2', status: 'refused', actor: 'user:default/carol', error: 'NotAllowedError: You may not deploy to team-a-prod' })], next: 'cursor-1' },
    );
    render(fakeApprovalsApi({ listAuditEntries }));
    expect(await screen.findByText('bob')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Audit log' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getAllByText('deploy-request-decide')).toHaveLength(2);
    expect(screen.getAllByText('team-a-prod')).toHaveLength(2);
    expect(screen.getByText('refused')).toBeInTheDocument();
    expect(screen.getByText('NotAllowedError: You may not deploy to team-a-prod')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('environment-create')).toBeInTheDocument();
    expect(screen.getByText('bob')).toBeInTheDocument();
    expect(listAuditEntries).toHaveBeenLastCalledWith({ before: 'cursor-1', namespace: undefined, actor: undefined, action: undefined });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('filters by environment, user and action, and says what an empty result means', async () => {
    const listAuditEntries = jest.fn(async () => ({ items: [] }));
    render(fakeApprovalsApi({ listAuditEntries }));
    expect(await screen.findByText('No audit entries')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'team-a-prod' } });
    fireEvent.change(screen.getByLabelText('User'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'app-deploy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await screen.findByText('No audit entries');
    expect(listAuditEntries).toHaveBeenLastCalledWith({ namespace: 'team-a-prod', actor: 'user:default/alice', action: 'app-deploy', before: undefined });
  });

  it('shows a failure with the backend’s reason', async () => {
    const error = await responseError(400, 'InputError', 'The request is not valid: action: Give an action (event id), e.g. deploy-request-decide');
    render(fakeApprovalsApi({ listAuditEntries: async () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the audit log/)).toBeInTheDocument();
  });

  it('is a tab of the approvals page that the other tabs lead back from', async () => {
    const listRequests = jest.fn(async () => []);
    render(fakeApprovalsApi({ listRequests, listAuditEntries: async () => ({ items: [] }) }), '/approvals');
    await screen.findByText('Nothing waiting for your approval');
    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    expect(await screen.findByText('No audit entries')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Mine' }));
    await screen.findByText('You have not requested a production deploy');
    expect(listRequests).toHaveBeenLastCalledWith('mine');
  });
});
