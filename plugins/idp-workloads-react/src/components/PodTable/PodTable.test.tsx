import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, samplePod } from '../../testing/fakes';
import { PodTable } from './PodTable';

describe('PodTable', () => {
  it('deletes a pod after confirmation, saying its workload replaces it', async () => {
    const deletePod = jest.fn(async () => undefined);
    const onChanged = jest.fn();
    await renderInTestApp(<PodTable namespace="team-a-dev" pods={[samplePod({ name: 'web-1' })]} onChanged={onChanged} />, {
      apis: [[workloadsApiRef, fakeWorkloadsApi({ deletePod })]],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delete web-1' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Deployment\/web starts a new pod in its place/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deletePod).toHaveBeenCalledWith('team-a-dev', 'web-1');
    expect(onChanged).toHaveBeenCalled();
  });

  it('keeps the dialog open with the reason when deleting fails', async () => {
    const error = await responseError(404, 'NotFoundError', 'No pod web-1 in team-a-dev; it may have been replaced already');
    await renderInTestApp(<PodTable namespace="team-a-dev" pods={[samplePod({ name: 'web-1' })]} />, {
      apis: [[workloadsApiRef, fakeWorkloadsApi({ deletePod: () => Promise.reject(error) })]],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delete web-1' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText(/it may have been replaced already/)).toBeInTheDocument();
  });
});
