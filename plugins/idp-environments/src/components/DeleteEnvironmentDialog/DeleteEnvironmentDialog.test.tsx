import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { fakeEnvironmentsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { DeleteEnvironmentDialog } from './DeleteEnvironmentDialog';

function renderDialog(api: EnvironmentsApi, environment = sampleEnvironment(), onDeleted = jest.fn()) {
  renderInTestApp(<DeleteEnvironmentDialog environment={environment} onClose={jest.fn()} onDeleted={onDeleted} />, {
    apis: [[environmentsApiRef, api]],
  });
  return onDeleted;
}

describe('DeleteEnvironmentDialog', () => {
  it('keeps Delete disabled until the namespace is typed', async () => {
    const deleteEnvironment = jest.fn(async () => undefined);
    const onDeleted = renderDialog(fakeEnvironmentsApi({ deleteEnvironment }));
    const confirm = await screen.findByLabelText('Type team-a-dev to confirm');
    const button = screen.getByRole('button', { name: 'Delete' });
    expect(button).toBeDisabled();
    fireEvent.change(confirm, { target: { value: 'team-a-de' } });
    expect(button).toBeDisabled();
    fireEvent.change(confirm, { target: { value: 'team-a-dev' } });
    expect(button).toBeEnabled();
    fireEvent.click(button);
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(deleteEnvironment).toHaveBeenCalledWith('team-a-dev', 'team-a-dev');
  });

  it('warns before deleting production', async () => {
    renderDialog(fakeEnvironmentsApi(), sampleEnvironment({ name: 'prod', type: 'production' }));
    expect(await screen.findByText(/This is a production environment/)).toBeInTheDocument();
  });

  it('shows a refusal from the server', async () => {
    const error = await responseError(403, 'NotAllowedError', 'You may not delete environment team-a-dev');
    const onDeleted = renderDialog(fakeEnvironmentsApi({ deleteEnvironment: () => Promise.reject(error) }));
    fireEvent.change(await screen.findByLabelText('Type team-a-dev to confirm'), { target: { value: 'team-a-dev' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('You may not delete environment team-a-dev')).toBeInTheDocument();
    expect(onDeleted).not.toHaveBeenCalled();
  });
});
