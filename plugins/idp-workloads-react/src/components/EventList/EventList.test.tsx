import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { WorkloadsApi, workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, sampleEvent } from '../../testing/fakes';
import { EventList } from './EventList';

const render = (api: WorkloadsApi) =>
  renderInTestApp(<EventList namespace="team-a-dev" objects={['Deployment/web', 'Pod/web-1']} />, { apis: [[workloadsApiRef, api]] });

describe('EventList', () => {
  it('lists events and filters them by object', async () => {
    const backOff = sampleEvent({ id: 'e2', type: 'Warning', reason: 'BackOff', object: 'Pod/web-1', message: 'Back-off restarting failed container', count: 7 });
    const listEvents = jest.fn(async (_ns: string, options?: { object?: string }) =>
      options?.object === 'Pod/web-1' ? [backOff] : [backOff, sampleEvent()],
    );
    render(fakeWorkloadsApi({ listEvents }));
    const table = await screen.findByRole('table', { name: 'Events' });
    expect(within(table).getByText('ScalingReplicaSet')).toBeInTheDocument();
    expect(within(table).getByText('Back-off restarting failed container')).toBeInTheDocument();
    expect(within(table).getByText('7')).toBeInTheDocument();
    expect(within(table).getAllByText('5m ago')).toHaveLength(2);

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Object/ }));
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'Pod/web-1' }));
    await waitFor(() => expect(screen.queryByText('ScalingReplicaSet')).not.toBeInTheDocument());
    expect(listEvents).toHaveBeenLastCalledWith('team-a-dev', { object: 'Pod/web-1' });
    expect(screen.getByText('Back-off restarting failed container')).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    render(fakeWorkloadsApi({ listEvents: async () => [] }));
    expect(await screen.findByText('No events')).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The cluster is not reachable');
    render(fakeWorkloadsApi({ listEvents: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the events of team-a-dev/)).toBeInTheDocument();
  });
});
