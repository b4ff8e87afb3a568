import { renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fireEvent, screen } from '@testing-library/react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { fakeApprovalsApi, fakeSignalApi, responseError, sampleRequest, sampleSummary } from '../../testing/fakes';
import { ApprovalsPage } from './ApprovalsPage';

const render = (api: ReturnType<typeof fakeApprovalsApi>, path = '/approvals') =>
  renderInTestApp(<ApprovalsPage />, {
    mountPath: '/approvals',
    initialRouteEntries: [path],
    apis: [[approvalsApiRef, api], [signalApiRef, fakeSignalApi().api]],
  });

// A whole page in the test app; on 2 shared cores the first render alone can take several seconds.
jest.setTimeout(30_000);

describe('ApprovalsPage', () => {
  it('lists the inbox with each column, and opens a request from it', async () => {
    const listRequests = jest.fn(async () => [sampleSummary({ approvals: 1, quorum: 2 })]);
    render(fakeApprovalsApi({ listRequests, getRequest: async id => sampleRequest({ id }) }));

    expect(await screen.findByText('Waiting for your approval')).toBeInTheDocument();
    expect(listRequests).toHaveBeenCalledWith('inbox');
    expect(screen.getByText('alice')).toBeInTheDocument();
    expect(screen.getByText('Release 1.4: faster checkout')).toBeInTheDocument();
    expect(screen.getByText('pending')).toBeInTheDocument();
    expect(screen.getByText('1/2')).toBeInTheDocument();
    expect(screen.getByText('2 hours ago')).toBeInTheDocument();
    expect(screen.getByText('in 3 days 1 hour')).toBeInTheDocument();

    const link = screen.getByRole('link', { name: 'web' });
    expect(link).toHaveAttribute('href', '/approvals/requests/req-1');
    fireEvent.click(link);
    expect(await screen.findByText('web → prod')).toBeInTheDocument();
  });

  it('says what an empty inbox means', async () => {
    render(fakeApprovalsApi({ listRequests: async () => [] }));
    expect(await screen.findByText('Nothing waiting for your approval')).toBeInTheDocument();
    expect(screen.getByText(/another tech lead approves those/)).toBeInTheDocument();
  });

  it('shows the caller’s own requests on the Mine tab', async () => {
    const listRequests = jest.fn(async (view: string) => (view === 'mine' ? [sampleSummary({ app: 'api', status: 'applied' })] : []));
    render(fakeApprovalsApi({ listRequests }));
    await screen.findByText('Nothing waiting for your approval');
    fireEvent.click(screen.getByRole('tab', { name: 'Mine' }));
    expect(await screen.findByRole('link', { name: 'api' })).toBeInTheDocument();
    expect(screen.getByText('applied')).toBeInTheDocument();
    expect(listRequests).toHaveBeenLastCalledWith('mine');
  });

  it('opens the tab named in the URL, and shows a failure', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The database is not reachable');
    const listRequests = jest.fn(async () => Promise.reject(error));
    render(fakeApprovalsApi({ listRequests }), '/approvals?view=team');
    expect(await screen.findByText(/Could not load the deploy requests/)).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Team' })).toHaveAttribute('aria-selected', 'true');
    expect(listRequests).toHaveBeenCalledWith('team');
  });
});
