import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { CloneEnvironmentResponse } from '../../api/types';
import { rootRouteRef } from '../../routes';
import { fakeEnvironmentsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { CloneEnvironmentDialog } from './CloneEnvironmentDialog';

const developer = mockApis.identity({ ownershipEntityRefs: ['user:default/alice', 'group:default/team-a'] });
const source = sampleEnvironment({ name: 'staging', type: 'staging' });

function renderDialog(api: EnvironmentsApi, onCloned = jest.fn()) {
  renderInTestApp(<CloneEnvironmentDialog source={source} onClose={jest.fn()} onCloned={onCloned} />, {
    apis: [[environmentsApiRef, api], developer],
    mountedRoutes: { '/environments': rootRouteRef },
  });
  return onCloned;
}

describe('CloneEnvironmentDialog', () => {
  it('clones and lists what happened to each object', async () => {
    const response: CloneEnvironmentResponse = {
      environment: sampleEnvironment({ name: 'copy' }),
      objects: [
        { kind: 'Deployment', name: 'web', action: 'adjusted', reason: 'replicas 3 → 1' },
        { kind: 'ConfigMap', name: 'web-config', action: 'copied' },
        { kind: 'Secret', name: 'db', action: 'reference', reason: 'values stay in the secret store' },
      ],
    };
    const cloneEnvironment = jest.fn(async () => response);
    const onCloned = renderDialog(fakeEnvironmentsApi({ cloneEnvironment }));

    fireEvent.change(await screen.findByLabelText(/Name of the new environment/), { target: { value: 'copy' } });
    expect(screen.getByText('Namespace: team-a-copy (11/63 characters)')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'development' } });
    expect(screen.getByLabelText('Time to live (days)')).toHaveValue(7);
    fireEvent.click(screen.getByRole('button', { name: 'Clone' }));

    const table = await screen.findByRole('table', { name: 'Cloned objects' });
    expect(cloneEnvironment).toHaveBeenCalledWith('team-a-staging', { name: 'copy', type: 'development', ttlDays: 7 });
    expect(within(table).getByText('replicas 3 → 1')).toBeInTheDocument();
    expect(within(table).getByText('reference')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Set the values of db in team-a-copy' })).toHaveAttribute('href', '/environments/team-a-copy?tab=secrets');
    expect(within(table).getAllByRole('link')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(onCloned).toHaveBeenCalledWith(response));
  });

  it('validates the target name as it is typed', async () => {
    renderDialog(fakeEnvironmentsApi());
    fireEvent.change(await screen.findByLabelText(/Name of the new environment/), { target: { value: '-bad' } });
    expect(screen.getByText(/Use lowercase letters, digits and dashes/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clone' })).toBeDisabled();
  });

  it('shows a conflict from the server and stays open', async () => {
    const error = await responseError(409, 'ConflictError', 'Environment team-a-copy already exists; choose another name or extend that one');
    const onCloned = renderDialog(fakeEnvironmentsApi({ cloneEnvironment: () => Promise.reject(error) }));
    fireEvent.change(await screen.findByLabelText(/Name of the new environment/), { target: { value: 'copy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Clone' }));
    expect(await screen.findByText(/team-a-copy already exists/)).toBeInTheDocument();
    expect(onCloned).not.toHaveBeenCalled();
  });
});
