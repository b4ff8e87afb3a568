import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { WorkloadsApi, workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, sampleWorkload } from '../../testing/fakes';
import { WorkloadTable } from '../WorkloadTable';

const render = (api: WorkloadsApi, onChanged = jest.fn()) =>
  renderInTestApp(<WorkloadTable namespace="team-a-dev" workloads={[sampleWorkload()]} onChanged={onChanged} />, { apis: [[workloadsApiRef, api]] });

async function openScale() {
  fireEvent.click(await screen.findByRole('button', { name: 'Scale web' }));
  const dialog = await screen.findByRole('dialog');
  return { dialog, field: within(dialog).getByLabelText('Replicas') };
}

describe('ScaleDialog', () => {
  it('scales a Deployment and refreshes', async () => {
    const scaleDeployment = jest.fn(async () => undefined);
    const onChanged = jest.fn();
    render(fakeWorkloadsApi({ scaleDeployment }), onChanged);
    const { dialog, field } = await openScale();
    expect(field).toHaveValue(3);
    fireEvent.change(field, { target: { value: '5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Scale' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(scaleDeployment).toHaveBeenCalledWith('team-a-dev', 'web', 5);
    expect(onChanged).toHaveBeenCalled();
  });

  it('shows the server refusal under the field and stays open', async () => {
    const error = await responseError(400, 'InputError', 'replicas: A development environment holds at most 20 pods and its other workloads run 3; use at most 17 replicas');
    const onChanged = jest.fn();
    render(fakeWorkloadsApi({ scaleDeployment: () => Promise.reject(error) }), onChanged);
    const { dialog, field } = await openScale();
    fireEvent.change(field, { target: { value: '50' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Scale' }));
    expect(await within(dialog).findByText(/A development environment holds at most 20 pods.*use at most 17 replicas/)).toBeInTheDocument();
    expect(within(dialog).queryByText(/^replicas:/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Scale' })).toBeEnabled();
    expect(onChanged).not.toHaveBeenCalled();
    // Typing again clears it.
    fireEvent.change(field, { target: { value: '10' } });
    expect(within(dialog).queryByText(/use at most 17 replicas/)).not.toBeInTheDocument();
  });

  it('shows a permission refusal in place', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Production workloads keep at least 3 replicas; only tech leads of team-a can scale web below that, so ask one');
    render(fakeWorkloadsApi({ scaleDeployment: () => Promise.reject(error) }));
    const { dialog, field } = await openScale();
    fireEvent.change(field, { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Scale' }));
    expect(await within(dialog).findByText(/only tech leads of team-a can scale web/)).toBeInTheDocument();
  });

  it('refuses what is not a whole number before asking', async () => {
    const scaleDeployment = jest.fn();
    render(fakeWorkloadsApi({ scaleDeployment }));
    const { dialog, field } = await openScale();
    fireEvent.change(field, { target: { value: '-1' } });
    expect(within(dialog).getByText('Give a whole number, 0 or more')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Scale' })).toBeDisabled();
    expect(scaleDeployment).not.toHaveBeenCalled();
  });
});
