import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { LogFollowEnd, LogLine, LogRequest } from '@internal/plugin-idp-workloads-common';
import { WorkloadsApi, workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, samplePod } from '../../testing/fakes';
import { PodLogs } from './PodLogs';

const pods = [
  samplePod({ name: 'web-1' }),
  samplePod({
    name: 'web-2',
    containers: [
      { ...samplePod().containers[0], name: 'web' },
      { ...samplePod().containers[0], name: 'proxy' },
    ],
  }),
];

function Harness({ initial }: { initial?: string }) {
  return <PodLogs namespace="team-a-dev" pods={pods} pod={initial} />;
}

const render = (api: WorkloadsApi, pod?: string) => renderInTestApp(<Harness initial={pod} />, { apis: [[workloadsApiRef, api]] });

/** A followLogs fake: the test pushes lines; records aborts. */
function followable() {
  let push: ((line: LogLine) => void) | undefined;
  const aborted = jest.fn();
  const followLogs = jest.fn((_ns: string, _request: LogRequest, options: { onLine: (l: LogLine) => void; signal: AbortSignal }) => {
    push = options.onLine;
    return new Promise<LogFollowEnd | undefined>(resolve =>
      options.signal.addEventListener('abort', () => {
        aborted();
        resolve(undefined);
      }),
    );
  });
  return { followLogs, aborted, push: (text: string) => act(() => push!({ time: '2025-03-01T10:00:00Z', text })) };
}

describe('PodLogs', () => {
  it('shows the last lines of the first container, in monospace, with a line count', async () => {
    const getLogs = jest.fn(async (_ns: string, request: LogRequest) => ({ pod: request.pod, lines: [{ text: 'started' }, { time: '2025-03-01T10:00:01Z', text: 'listening on :8080' }] }));
    render(fakeWorkloadsApi({ getLogs }));
    const log = await screen.findByRole('log', { name: 'Log of web-1' });
    expect(await within(log).findByText('listening on :8080')).toBeInTheDocument();
    expect(screen.getByText('2 lines')).toBeInTheDocument();
    expect(getLogs).toHaveBeenCalledWith('team-a-dev', { pod: 'web-1', container: 'web', tailLines: 200, previous: false, search: undefined });
  });

  it('asks again for another container, tail, previous run and a search', async () => {
    const getLogs = jest.fn(async (_ns: string, request: LogRequest) => ({ pod: request.pod, lines: [] }));
    render(fakeWorkloadsApi({ getLogs }), 'web-2');
    await waitFor(() => expect(getLogs).toHaveBeenCalled());
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Container/ }));
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'proxy' }));
    await waitFor(() => expect(getLogs).toHaveBeenLastCalledWith('team-a-dev', expect.objectContaining({ pod: 'web-2', container: 'proxy' })));
    fireEvent.change(screen.getByLabelText('Tail lines'), { target: { value: '50' } });
    await waitFor(() => expect(getLogs).toHaveBeenLastCalledWith('team-a-dev', expect.objectContaining({ tailLines: 50 })));
    fireEvent.click(screen.getByLabelText('Previous run'));
    await waitFor(() => expect(getLogs).toHaveBeenLastCalledWith('team-a-dev', expect.objectContaining({ previous: true })));
    expect(screen.getByLabelText('Follow')).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'error' } });
    await waitFor(() => expect(getLogs).toHaveBeenLastCalledWith('team-a-dev', expect.objectContaining({ search: 'error' })));
    expect(await screen.findByText('0 lines matching "error"')).toBeInTheDocument();
  });

  it('shows why logs cannot be read', async () => {
    const error = await responseError(400, 'InputError', 'Reading the logs of web-1: previous terminated container "web" in pod "web-1" not found');
    render(fakeWorkloadsApi({ getLogs: () => Promise.reject(error) }));
    expect(await screen.findByText(/previous terminated container "web" in pod "web-1" not found/)).toBeInTheDocument();
  });

  it('follows: new lines stream in until Follow is turned off', async () => {
    const { followLogs, aborted, push } = followable();
    render(fakeWorkloadsApi({ getLogs: async () => ({ pod: 'web-1', lines: [{ text: 'old' }] }), followLogs }));
    expect(await screen.findByText('old')).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(followLogs).toHaveBeenCalledWith('team-a-dev', expect.objectContaining({ pod: 'web-1', tailLines: 200 }), expect.anything()));
    push('tick 1');
    push('tick 2');
    expect(await screen.findByText('tick 2')).toBeInTheDocument();
    expect(screen.getByText('2 lines · following')).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(aborted).toHaveBeenCalled());
  });

  it('stops following when it goes away', async () => {
    const { followLogs, aborted } = followable();
    const { unmount } = await render(fakeWorkloadsApi({ getLogs: async () => ({ pod: 'web-1', lines: [] }), followLogs }));
    fireEvent.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(followLogs).toHaveBeenCalled());
    unmount();
    expect(aborted).toHaveBeenCalled();
  });

  it('follows again from the last line when the backend ends a follow for its time limit', async () => {
    const requests: LogRequest[] = [];
    const followLogs = jest.fn(async (_ns: string, request: LogRequest, { onLine, signal }: { onLine: (l: LogLine) => void; signal: AbortSignal }): Promise<LogFollowEnd | undefined> => {
      requests.push(request);
      if (requests.length === 1) {
        onLine({ time: '2025-03-01T10:00:00Z', text: 'one' });
        onLine({ time: '2025-03-01T10:00:01Z', text: 'two' });
        return { end: 'max-duration' };
      }
      // The same last line again (sinceTime is inclusive), then a new one; then it stays open.
      onLine({ time: '2025-03-01T10:00:01Z', text: 'two' });
      onLine({ time: '2025-03-01T10:00:02Z', text: 'three' });
      return new Promise(resolve => signal.addEventListener('abort', () => resolve(undefined)));
    });
    render(fakeWorkloadsApi({ getLogs: async () => ({ pod: 'web-1', lines: [] }), followLogs }));
    fireEvent.click(await screen.findByLabelText('Follow'));
    expect(await screen.findByText('three')).toBeInTheDocument();
    expect(requests[1]).toMatchObject({ pod: 'web-1', sinceTime: '2025-03-01T10:00:01Z' });
    expect(screen.getAllByText('two')).toHaveLength(1);
    expect(screen.getByText('3 lines · following')).toBeInTheDocument();
  });

  it('says when the stream ends', async () => {
    render(
      fakeWorkloadsApi({
        getLogs: async () => ({ pod: 'web-1', lines: [] }),
        followLogs: async (_ns, _r, { onLine }) => {
          onLine({ text: 'bye' });
          return { end: 'stream-ended' };
        },
      }),
    );
    fireEvent.click(await screen.findByLabelText('Follow'));
    expect(await screen.findByText(/the stream ended/)).toBeInTheDocument();
    expect(screen.getByText('bye')).toBeInTheDocument();
    expect(screen.getByLabelText('Follow')).not.toBeChecked();
  });
});
