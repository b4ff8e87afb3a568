import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { fakeEnvironmentsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { ExtendEnvironmentDialog } from './ExtendEnvironmentDialog';

const developer = mockApis.identity({ ownershipEntityRefs: ['user:default/alice', 'group:default/team-a'] });

function renderDialog(api: EnvironmentsApi, environment = sampleEnvironment(), onExtended = jest.fn()) {
  renderInTestApp(<ExtendEnvironmentDialog environment={environment} onClose={jest.fn()} onExtended={onExtended} />, {
    apis: [[environmentsApiRef, api], developer],
  });
  return onExtended;
}

describe('ExtendEnvironmentDialog', () => {
  it('shows the current and the resulting expiry and extends', async () => {
    const extended = sampleEnvironment({ expiresAt: '2099-01-01T00:00:00Z' });
    const extendEnvironment = jest.fn(async () => extended);
    const onExtended = renderDialog(fakeEnvironmentsApi({ extendEnvironment }));
    const ttl = await screen.findByLabelText('New time to live (days from now)');
    expect(ttl).toHaveValue(7);
    expect(screen.getByText(/Now: expires in 3 days/)).toBeInTheDocument();
    expect(screen.getByText(/New expiry:/)).toBeInTheDocument();
    fireEvent.change(ttl, { target: { value: '14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Extend' }));
    await waitFor(() => expect(onExtended).toHaveBeenCalledWith(extended));
    expect(extendEnvironment).toHaveBeenCalledWith('team-a-dev', 14);
  });

  it('refuses a TTL past the longest a developer may set', async () => {
    renderDialog(fakeEnvironmentsApi());
    fireEvent.change(await screen.findByLabelText('New time to live (days from now)'), { target: { value: '45' } });
    expect(screen.getByText('Use at most 30 days for a development environment, or ask a tech lead of team-a to extend it further')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Extend' })).toBeDisabled();
  });

  it('shows a refusal from the server and stays open', async () => {
    const error = await responseError(403, 'NotAllowedError', 'You may not update environment team-a-dev');
    const onExtended = renderDialog(fakeEnvironmentsApi({ extendEnvironment: () => Promise.reject(error) }));
    await screen.findByLabelText('New time to live (days from now)');
    fireEvent.click(screen.getByRole('button', { name: 'Extend' }));
    expect(await screen.findByText('You may not update environment team-a-dev')).toBeInTheDocument();
    expect(onExtended).not.toHaveBeenCalled();
  });

  it('has nothing to extend for production', async () => {
    renderDialog(fakeEnvironmentsApi(), sampleEnvironment({ name: 'prod', type: 'production', expiresAt: undefined }));
    expect(await screen.findByText(/production environments never expire/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Extend' })).toBeDisabled();
  });
});
