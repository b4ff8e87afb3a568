import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { WorkloadsApi, workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, samplePod, sampleWorkload } from '../../testing/fakes';
import { AppWorkloads } from './AppWorkloads';

const render = (api: WorkloadsApi) => renderInTestApp(<AppWorkloads team="team-a" app="web" />, { apis: [[workloadsApiRef, api]] });

describe('AppWorkloads', () => {
  it('shows the app in each environment with status, problems and a link', async () => {
    const getAppWorkloads = jest.fn(async () => [
      { environment: { namespace: 'team-a-dev', name: 'dev', type: 'development' }, workloads: [sampleWorkload()], pods: [samplePod(), samplePod({ name: 'web-2', restarts: 2 })] },
      {
        environment: { namespace: 'team-a-staging', name: 'staging', type: 'staging' },
        workloads: [sampleWorkload({ namespace: 'team-a-staging', ready: 0, rollout: 'failed', problems: [{ reason: 'ImagePullBackOff', object: 'Pod/web-3', message: 'The image cannot be pulled' }] })],
        pods: [],
      },
    ]);
    render(fakeWorkloadsApi({ getAppWorkloads }));
    expect(await screen.findByText('team-a-dev · 2 pods, 2 restarts')).toBeInTheDocument();
    expect(screen.getByText('team-a-staging · 0 pods · 1 problem')).toBeInTheDocument();
    expect(screen.getByText('The image cannot be pulled')).toBeInTheDocument();
    expect(screen.getByText('failed')).toBeInTheDocument();
    expect(screen.getByText('3/3')).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: 'Open environment' });
    expect(links.map(l => l.getAttribute('href'))).toEqual(['/environments/team-a-dev', '/environments/team-a-staging']);
    expect(within(screen.getAllByRole('table')[0]).queryByRole('button', { name: /Scale/ })).not.toBeInTheDocument();
    expect(getAppWorkloads).toHaveBeenCalledWith('team-a', 'web');
  });

  it('says when the app runs nowhere the user can see', async () => {
    render(fakeWorkloadsApi({ getAppWorkloads: async () => [] }));
    expect(await screen.findByText("web runs in none of team-a's environments you can see")).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The cluster is not reachable');
    render(fakeWorkloadsApi({ getAppWorkloads: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load where web runs/)).toBeInTheDocument();
  });
});
