import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { WorkloadsApi, workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, samplePod, sampleStatus, sampleWorkload } from '../../testing/fakes';
import { EnvironmentWorkloads } from './EnvironmentWorkloads';

const render = (api: WorkloadsApi, pollIntervalMs?: number) =>
  renderInTestApp(<EnvironmentWorkloads namespace="team-a-dev" pollIntervalMs={pollIntervalMs} />, { apis: [[workloadsApiRef, api]] });

describe('EnvironmentWorkloads', () => {
  it('shows the workloads: readiness, rollout, images and problems in words', async () => {
    const crashing = sampleWorkload({
      name: 'worker',
      desired: 2,
      ready: 1,
      rollout: 'progressing',
      images: ['registry.example.com/team-a/worker:2.0.0'],
      problems: [{ reason: 'CrashLoopBackOff', object: 'Pod/worker-1', message: 'worker keeps crashing: it exited with code 1 three times; read its previous logs' }],
    });
    const cron = sampleWorkload({ kind: 'CronJob', name: 'report', desired: 0, ready: 0, schedule: '0 * * * *', rollout: 'complete' });
    render(fakeWorkloadsApi({ getEnvironmentStatus: async () => sampleStatus({ workloads: [cron, sampleWorkload(), crashing] }) }));
    const web = await screen.findByTestId('workload-Deployment/web');
    expect(within(web).getByText('3/3')).toBeInTheDocument();
    expect(within(web).getByText('complete')).toBeInTheDocument();
    expect(within(web).getByText('registry.example.com/team-a/web:1.0.0')).toBeInTheDocument();
    const worker = screen.getByTestId('workload-Deployment/worker');
    expect(within(worker).getByText('1/2')).toBeInTheDocument();
    expect(within(worker).getByText('progressing')).toBeInTheDocument();
    expect(within(worker).getByText(/worker keeps crashing/)).toBeInTheDocument();
    const report = screen.getByTestId('workload-CronJob/report');
    expect(within(report).getByText('0 * * * *')).toBeInTheDocument();
    expect(within(report).queryByRole('button', { name: 'Scale report' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Scale web' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Restart web' })).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    render(fakeWorkloadsApi({ getEnvironmentStatus: () => new Promise(() => {}) }));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('invites to deploy when nothing runs yet', async () => {
    render(fakeWorkloadsApi({ getEnvironmentStatus: async () => sampleStatus({ workloads: [], pods: [] }) }));
    expect(await screen.findByText('No workloads yet: deploy one from Create')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create' })).toHaveAttribute('href', '/create');
    fireEvent.click(screen.getByRole('tab', { name: 'Pods' }));
    expect(await screen.findByText('No pods')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Logs' }));
    expect(await screen.findByText('No pods to read logs from')).toBeInTheDocument();
  });

  it('explains a refusal and what to do', async () => {
    const error = await responseError(403, 'NotAllowedError', 'You may not see the workloads of team-a-dev: it belongs to another team');
    render(fakeWorkloadsApi({ getEnvironmentStatus: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the workloads of team-a-dev/)).toBeInTheDocument();
    expect(screen.getByText(/it belongs to another team/)).toBeInTheDocument();
    expect(screen.getByText(/Ask a member of the owning team/)).toBeInTheDocument();
  });

  it('lists pods and opens the logs of one', async () => {
    const pods = [
      samplePod({ name: 'web-1' }),
      samplePod({
        name: 'web-2',
        status: 'CrashLoopBackOff',
        ready: '0/1',
        restarts: 4,
        problems: [{ reason: 'CrashLoopBackOff', object: 'Pod/web-2', container: 'web', message: 'web keeps crashing' }],
      }),
    ];
    const getLogs = jest.fn(async (_ns: string, request: { pod: string }) => ({ pod: request.pod, lines: [{ text: `hello from ${request.pod}` }] }));
    render(fakeWorkloadsApi({ getEnvironmentStatus: async () => sampleStatus({ pods }), getLogs }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Pods' }));
    const crashing = await screen.findByTestId('pod-web-2');
    expect(within(crashing).getByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(within(crashing).getByText('0/1')).toBeInTheDocument();
    expect(within(crashing).getByText('4')).toBeInTheDocument();
    expect(within(crashing).getByText('web keeps crashing')).toBeInTheDocument();
    expect(within(crashing).getByText('kwok-node-0')).toBeInTheDocument();
    expect(within(crashing).getByText('12m')).toBeInTheDocument();
    expect(within(crashing).getByText('Deployment/web')).toBeInTheDocument();

    fireEvent.click(within(crashing).getByRole('button', { name: 'Logs of web-2' }));
    expect(await screen.findByText('hello from web-2')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Logs', selected: true })).toBeInTheDocument();
    expect(getLogs).toHaveBeenCalledWith('team-a-dev', expect.objectContaining({ pod: 'web-2', container: 'web', tailLines: 200 }));
  });

  it('refreshes the status while shown, keeping the last one when a refresh fails', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The cluster is not reachable');
    // The second answer waits until the first has been seen: a busy machine may take longer than one refresh interval to look.
    let releaseSecond: () => void = () => {};
    const second = new Promise<void>(resolve => {
      releaseSecond = resolve;
    }).then(() => sampleStatus());
    const getEnvironmentStatus = jest
      .fn()
      .mockResolvedValueOnce(sampleStatus({ workloads: [sampleWorkload({ ready: 1 })] }))
      .mockReturnValueOnce(second)
      .mockRejectedValue(error);
    render(fakeWorkloadsApi({ getEnvironmentStatus }), 50);
    expect(await screen.findByText('1/3')).toBeInTheDocument();
    releaseSecond();
    expect(await screen.findByText('3/3')).toBeInTheDocument();
    expect(await screen.findByText(/Could not refresh the status/)).toBeInTheDocument();
    expect(screen.getByText('3/3')).toBeInTheDocument();
    await waitFor(() => expect(getEnvironmentStatus.mock.calls.length).toBeGreaterThanOrEqual(3));
  });
});
