import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { Environment } from '../../api/types';
import { fakeEnvironmentsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { EditQuotaDialog } from './EditQuotaDialog';

const lead = mockApis.identity({ ownershipEntityRefs: ['user:default/bob', 'group:default/team-a', 'group:default/team-a-leads'] });

function renderDialog(api: EnvironmentsApi, environment: Environment = sampleEnvironment(), onChanged = jest.fn()) {
  renderInTestApp(<EditQuotaDialog environment={environment} onClose={jest.fn()} onChanged={onChanged} />, { apis: [[environmentsApiRef, api], lead] });
  return onChanged;
}

const save = () => screen.getByRole('button', { name: 'Save quota' });

describe('EditQuotaDialog', () => {
  it('starts from the current quota, shows the type’s maximum and sends only what changed', async () => {
    const changed = sampleEnvironment({ quotaOverride: { cpu: '8', memory: '8Gi', pods: 40 } });
    const changeQuota = jest.fn(async () => changed);
    const onChanged = renderDialog(fakeEnvironmentsApi({ changeQuota }));
    const cpu = await screen.findByLabelText('CPU (cores, e.g. 8 or 1500m)');
    expect(cpu).toHaveValue('4');
    expect(screen.getByLabelText('Pods')).toHaveValue('20');
    // sampleTypes configure no maxQuota: 4× the development quota.
    expect(screen.getByText('At most 16 for a development environment (type default 4)')).toBeInTheDocument();
    expect(screen.getByText('At most 32Gi for a development environment (type default 8Gi)')).toBeInTheDocument();
    expect(save()).toBeDisabled();

    fireEvent.change(cpu, { target: { value: '8' } });
    fireEvent.change(screen.getByLabelText('Pods'), { target: { value: '40' } });
    fireEvent.click(save());
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(changed));
    expect(changeQuota).toHaveBeenCalledWith('team-a-dev', { cpu: '8', pods: 40 });
  });

  it('starts from the team’s own quota when one is set', async () => {
    renderDialog(fakeEnvironmentsApi(), sampleEnvironment({ quotaOverride: { cpu: '12', memory: '24Gi', pods: 60 } }));
    expect(await screen.findByLabelText('Memory (e.g. 16Gi)')).toHaveValue('24Gi');
  });

  it('checks each field as the user types, with the backend’s rule', async () => {
    renderDialog(fakeEnvironmentsApi());
    fireEvent.change(await screen.findByLabelText('CPU (cores, e.g. 8 or 1500m)'), { target: { value: '17' } });
    fireEvent.change(screen.getByLabelText('Memory (e.g. 16Gi)'), { target: { value: 'lots' } });
    expect(screen.getByText('Use at most 16 for cpu (the maximum the platform team set for this environment type), or ask a platform admin to raise it')).toBeInTheDocument();
    expect(screen.getByText('Give memory as a Kubernetes quantity above 0, e.g. 16Gi or 512Mi')).toBeInTheDocument();
    expect(save()).toBeDisabled();
  });

  it('shows the backend’s field errors at their field and stays open', async () => {
    const error = await responseError(400, 'InputError', 'pods: Use at most 50 for pods (the maximum the platform team set for this environment type), or ask a platform admin to raise it');
    const onChanged = renderDialog(fakeEnvironmentsApi({ changeQuota: () => Promise.reject(error) }));
    fireEvent.change(await screen.findByLabelText('Pods'), { target: { value: '60' } });
    fireEvent.click(save());
    expect(await screen.findByText('Use at most 50 for pods (the maximum the platform team set for this environment type), or ask a platform admin to raise it')).toBeInTheDocument();
    expect(screen.getByLabelText('Pods')).toHaveAttribute('aria-invalid', 'true');
    expect(onChanged).not.toHaveBeenCalled();
  });
});
