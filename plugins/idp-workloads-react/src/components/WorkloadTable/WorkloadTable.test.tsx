import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi, responseError, sampleWorkload } from '../../testing/fakes';
import { WorkloadTable } from './WorkloadTable';

describe('WorkloadTable', () => {
  it('restarts a Deployment after confirmation', async () => {
    const restartDeployment = jest.fn(async () => undefined);
    const onChanged = jest.fn();
    await renderInTestApp(<WorkloadTable namespace="team-a-dev" workloads={[sampleWorkload()]} onChanged={onChanged} />, {
      apis: [[workloadsApiRef, fakeWorkloadsApi({ restartDeployment })]],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Restart web' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/replace the running ones one by one/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restart' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(restartDeployment).toHaveBeenCalledWith('team-a-dev', 'web');
    expect(onChanged).toHaveBeenCalled();
  });

  it('shows a failed restart in the dialog', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Kubernetes RBAC does not let alice patch deployments in team-a-dev');
    await renderInTestApp(<WorkloadTable namespace="team-a-dev" workloads={[sampleWorkload()]} />, {
      apis: [[workloadsApiRef, fakeWorkloadsApi({ restartDeployment: () => Promise.reject(error) })]],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Restart web' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restart' }));
    expect(await within(dialog).findByText(/Kubernetes RBAC does not let alice/)).toBeInTheDocument();
  });

  it('has no actions when read-only', async () => {
    await renderInTestApp(<WorkloadTable namespace="team-a-dev" workloads={[sampleWorkload()]} readOnly />, {
      apis: [[workloadsApiRef, fakeWorkloadsApi()]],
    });
    expect(screen.getByText('3/3')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Scale web' })).not.toBeInTheDocument();
  });
});
