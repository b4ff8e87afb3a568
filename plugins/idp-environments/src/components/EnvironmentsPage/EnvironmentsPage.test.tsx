import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { workloadsApiRef } from '@internal/plugin-idp-workloads-react';
import { fakeEnvironmentsApi, fakeWorkloadsApi, sampleEnvironment } from '../../testing/fakes';
import { EnvironmentsPage } from './EnvironmentsPage';

const api = fakeEnvironmentsApi({
  listEnvironments: async () => [sampleEnvironment()],
  getEnvironment: async namespace => ({ ...sampleEnvironment(), namespace, quota: [] }),
});
const apis = [[environmentsApiRef, api], [workloadsApiRef, fakeWorkloadsApi()], mockApis.identity({ ownershipEntityRefs: ['group:default/team-a'] })] as const;

describe('EnvironmentsPage', () => {
  it('lists the environments and keeps the types one tab away', async () => {
    renderInTestApp(<EnvironmentsPage />, { mountPath: '/environments', initialRouteEntries: ['/environments'], apis });
    expect(await screen.findByText('team-a-dev')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Environment types' }));
    expect(await screen.findByText('Environment types', { selector: 'h2' })).toBeInTheDocument();
    expect(screen.getByText('64Gi')).toBeInTheDocument();
  });

  it('opens an environment from the list', async () => {
    renderInTestApp(<EnvironmentsPage />, { mountPath: '/environments', initialRouteEntries: ['/environments'], apis });
    fireEvent.click(await screen.findByRole('link', { name: 'team-a-dev' }));
    expect(await screen.findByText('development environment of team-a')).toBeInTheDocument();
    expect(screen.getByText('This environment has no ResourceQuota.')).toBeInTheDocument();
  });

  it('shows an environment at /environments/:namespace', async () => {
    renderInTestApp(<EnvironmentsPage />, { mountPath: '/environments', initialRouteEntries: ['/environments/team-a-dev'], apis });
    expect(await screen.findByText('development environment of team-a')).toBeInTheDocument();
  });
});
