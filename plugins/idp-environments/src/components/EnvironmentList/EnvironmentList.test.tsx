import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { WorkloadsApi, workloadsApiRef } from '@internal/plugin-idp-workloads-react';
import { fakeEnvironmentsApi, fakeWorkloadsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { EnvironmentList } from './EnvironmentList';

const developer = mockApis.identity({ ownershipEntityRefs: ['user:default/alice', 'group:default/team-a'] });
const statuses = async () => [{ namespace: 'team-a-dev', workloads: 2, healthy: 2, pods: 5, restarts: 0, problems: 0 }];
const render = (api: EnvironmentsApi, workloads: WorkloadsApi = fakeWorkloadsApi({ listEnvironmentStatuses: statuses })) =>
  renderInTestApp(<EnvironmentList />, { apis: [[environmentsApiRef, api], [workloadsApiRef, workloads], developer] });

// A whole table in the test app; on 2 shared cores the first render alone can take several seconds.
jest.setTimeout(30_000);

/** The Monthly run-rate cell of an environment's row. */
function runRateOf(namespace: string): HTMLElement {
  const column = screen.getAllByRole('columnheader').findIndex(header => header.textContent === 'Monthly run-rate');
  const row = screen.getByRole('link', { name: namespace }).closest('tr')!;
  return within(row).getAllByRole('cell')[column];
}

describe('EnvironmentList', () => {
  it('lists environments with type, owner, status and TTL', async () => {
    render(
      fakeEnvironmentsApi({
        listEnvironments: async () => [
          sampleEnvironment(),
          sampleEnvironment({ name: 'prod', type: 'production', expiresAt: undefined, protected: true, owner: 'user:default/bob' }),
          sampleEnvironment({ name: 'old', expiresAt: '2020-01-01T00:00:00Z', phase: 'Terminating' }),
        ],
      }),
    );
    expect(await screen.findByText('team-a-dev')).toBeInTheDocument();
    expect(screen.getByText('expires in 3 days')).toBeInTheDocument();
    expect(screen.getByText('never')).toBeInTheDocument();
    expect(screen.getByText('expired')).toBeInTheDocument();
    expect(screen.getByText('protected')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('bob')).toBeInTheDocument();
    expect(screen.getByText('Terminating')).toBeInTheDocument();
    expect(await screen.findByText('2/2 healthy · 5 pods')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a-dev' })).toHaveAttribute('href', '/team-a-dev');
    expect(screen.getByRole('button', { name: 'Extend team-a-prod' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete team-a-old' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete team-a-dev' })).toBeEnabled();
  });

  it("shows each environment's monthly run-rate from the costs backend", async () => {
    const getRunRates = async () => ({ currency: 'EUR', items: [{ namespace: 'team-a-dev', monthlyRunRate: 12.4 }] });
    render(fakeEnvironmentsApi({ listEnvironments: async () => [sampleEnvironment(), sampleEnvironment({ name: 'new' })], getRunRates }));
    expect(await screen.findByText('EUR 12.40')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Monthly run-rate' })).toBeInTheDocument();
    expect(runRateOf('team-a-dev')).toHaveTextContent('EUR 12.40');
    expect(runRateOf('team-a-new')).toHaveTextContent(/^—$/);
  });

  it('shows the list with — for run-rates when the costs backend does not answer', async () => {
    const getRunRates = jest.fn(() => Promise.reject(new Error('connection refused')));
    render(fakeEnvironmentsApi({ listEnvironments: async () => [sampleEnvironment()], getRunRates }));
    expect(await screen.findByText('team-a-dev')).toBeInTheDocument();
    await waitFor(() => expect(getRunRates).toHaveBeenCalled());
    expect(runRateOf('team-a-dev')).toHaveTextContent(/^—$/);
  });

  it('shows progress while loading', async () => {
    render(fakeEnvironmentsApi({ listEnvironments: () => new Promise(() => {}) }));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('invites to create the first environment', async () => {
    render(fakeEnvironmentsApi({ listEnvironments: async () => [] }));
    expect(await screen.findByText('No environments yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Create environment' })).toHaveLength(2);
  });

  it('explains a failed request', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The cluster is not reachable');
    render(fakeEnvironmentsApi({ listEnvironments: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load your environments/)).toBeInTheDocument();
  });

  it('refreshes the list after creating an environment', async () => {
    const created = sampleEnvironment({ name: 'feature' });
    const listEnvironments = jest.fn().mockResolvedValueOnce([]).mockResolvedValueOnce([created]);
    render(fakeEnvironmentsApi({ listEnvironments, createEnvironment: async () => created }));
    fireEvent.click((await screen.findAllByRole('button', { name: 'Create environment' }))[0]);
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(await within(dialog).findByLabelText(/Name/), { target: { value: 'feature' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('team-a-feature')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(listEnvironments).toHaveBeenCalledTimes(2);
  });

  it('deletes after confirmation and refreshes', async () => {
    const environment = sampleEnvironment();
    const listEnvironments = jest.fn().mockResolvedValueOnce([environment]).mockResolvedValueOnce([]);
    const deleteEnvironment = jest.fn(async () => undefined);
    render(fakeEnvironmentsApi({ listEnvironments, deleteEnvironment }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete team-a-dev' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Type team-a-dev to confirm'), { target: { value: 'team-a-dev' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('No environments yet')).toBeInTheDocument();
    expect(deleteEnvironment).toHaveBeenCalledWith('team-a-dev', 'team-a-dev');
  });
});
