import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { EnvironmentDetail } from '../../api/types';
import { SecretsApi, secretsApiRef } from '@internal/plugin-idp-secrets-react';
import { WorkloadsApi, workloadsApiRef } from '@internal/plugin-idp-workloads-react';
import { fakeEnvironmentsApi, fakeSecretsApi, fakeWorkloadsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { EnvironmentDetailPage } from './EnvironmentDetailPage';

const detail: EnvironmentDetail = {
  ...sampleEnvironment({ name: 'copy', clonedFrom: 'team-a-staging', protected: true }),
  quota: [
    { resource: 'requests.cpu', used: '250m', hard: '4' },
    { resource: 'pods', used: '3', hard: '20' },
  ],
};

const render = (api: EnvironmentsApi, workloadsApi: WorkloadsApi = fakeWorkloadsApi(), groups = ['group:default/team-a'], options: { path?: string; secretsApi?: SecretsApi } = {}) =>
  renderInTestApp(<EnvironmentDetailPage />, {
    mountPath: '/environments/:namespace',
    initialRouteEntries: [options.path ?? '/environments/team-a-copy'],
    apis: [[environmentsApiRef, api], [workloadsApiRef, workloadsApi], [secretsApiRef, options.secretsApi ?? fakeSecretsApi()], mockApis.identity({ ownershipEntityRefs: groups })],
  });

describe('EnvironmentDetailPage', () => {
  it('shows the environment and its quota usage', async () => {
    const getEnvironment = jest.fn(async () => detail);
    render(fakeEnvironmentsApi({ getEnvironment }));
    expect(await screen.findByText('development environment of team-a')).toBeInTheDocument();
    expect(getEnvironment).toHaveBeenCalledWith('team-a-copy');
    expect(screen.getByText('alice')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a-staging' })).toBeInTheDocument();
    expect(screen.getByText('yes: never removed automatically')).toBeInTheDocument();
    expect(screen.getByText('250m / 4')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'pods usage' })).toHaveAttribute('aria-valuenow', '15');
    expect(screen.getByRole('button', { name: 'Extend' })).toBeEnabled();
  });

  it('shows the workloads of the environment under its details', async () => {
    const getEnvironmentStatus = jest.fn(async (namespace: string) => ({ namespace, workloads: [], pods: [] }));
    render(fakeEnvironmentsApi({ getEnvironment: async () => detail }), fakeWorkloadsApi({ getEnvironmentStatus }));
    expect(await screen.findByText('No workloads yet: deploy one from Create')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Logs' })).toBeInTheDocument();
    expect(getEnvironmentStatus).toHaveBeenCalledWith('team-a-copy');
  });

  it('shows the secrets of the environment in its Secrets tab', async () => {
    const getEnvironmentSecrets = jest.fn(async (namespace: string) => ({ ...(await fakeSecretsApi().getEnvironmentSecrets(namespace)), missing: [{ name: 'db', keys: ['url'], consumers: [] }] }));
    render(fakeEnvironmentsApi({ getEnvironment: async () => detail }), fakeWorkloadsApi(), undefined, { secretsApi: fakeSecretsApi({ getEnvironmentSecrets }) });
    fireEvent.click(await screen.findByRole('tab', { name: 'Secrets' }));
    expect(await screen.findByText('Needed by workloads')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Set values of db' })).toBeInTheDocument();
    expect(getEnvironmentSecrets).toHaveBeenCalledWith('team-a-copy');
    expect(screen.queryByText('yes: never removed automatically')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(await screen.findByText('yes: never removed automatically')).toBeInTheDocument();
  });

  it('opens the Secrets tab from a link (?tab=secrets), as the clone report does', async () => {
    render(fakeEnvironmentsApi({ getEnvironment: async () => detail }), fakeWorkloadsApi(), undefined, { path: '/environments/team-a-copy?tab=secrets' });
    expect(await screen.findByText('No secrets yet — add one; apps refer to keys as secret/<name>/<key>')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Secrets', selected: true })).toBeInTheDocument();
  });

  it('lets a tech lead edit the quota, and reloads the environment after', async () => {
    const getEnvironment = jest.fn(async () => detail);
    const changeQuota = jest.fn(async () => ({ ...detail, quotaOverride: { cpu: '6', memory: '8Gi', pods: 20 } }));
    render(fakeEnvironmentsApi({ getEnvironment, changeQuota }), fakeWorkloadsApi(), ['group:default/team-a', 'group:default/team-a-leads']);
    expect(await screen.findByText('the development default')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Edit quota' }));
    fireEvent.change(await screen.findByLabelText('CPU (cores, e.g. 8 or 1500m)'), { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quota' }));
    await waitFor(() => expect(getEnvironment).toHaveBeenCalledTimes(2));
    expect(changeQuota).toHaveBeenCalledWith('team-a-copy', { cpu: '6' });
  });

  it('disables Edit quota for developers, saying who may', async () => {
    render(fakeEnvironmentsApi({ getEnvironment: async () => ({ ...detail, quotaOverride: { cpu: '6', memory: '8Gi', pods: 30 } }) }));
    expect(await screen.findByText('set by a tech lead: 6 CPU, 8Gi memory, 30 pods')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit quota' })).toHaveAccessibleDescription('Only tech leads of team-a and platform admins can change its quota'));
    expect(screen.getByRole('button', { name: 'Edit quota' })).toBeDisabled();
  });

  it('shows progress while loading', async () => {
    render(fakeEnvironmentsApi({ getEnvironment: () => new Promise(() => {}) }));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('says when the environment does not exist', async () => {
    const error = await responseError(404, 'NotFoundError', 'No environment team-a-copy');
    render(fakeEnvironmentsApi({ getEnvironment: () => Promise.reject(error) }));
    expect(await screen.findByText('No environment team-a-copy')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All environments' })).toBeInTheDocument();
  });

  it('explains other failures', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The cluster is not reachable');
    render(fakeEnvironmentsApi({ getEnvironment: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load environment team-a-copy/)).toBeInTheDocument();
  });
});
