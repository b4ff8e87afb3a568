import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { fakeEnvironmentsApi, responseError, sampleEnvironment } from '../../testing/fakes';
import { CreateEnvironmentDialog } from './CreateEnvironmentDialog';

const developer = mockApis.identity({
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-a', 'group:default/team-b', 'group:default/team-b-leads'],
});

function renderDialog(api: EnvironmentsApi, handlers: { onClose?: () => void; onCreated?: () => void } = {}) {
  return renderInTestApp(
    <CreateEnvironmentDialog onClose={handlers.onClose ?? jest.fn()} onCreated={handlers.onCreated ?? jest.fn()} />,
    { apis: [[environmentsApiRef, api], developer] },
  );
}

const createButton = () => screen.getByRole('button', { name: 'Create' });

describe('CreateEnvironmentDialog', () => {
  it('offers the caller’s teams without tier groups and previews the namespace', async () => {
    renderDialog(fakeEnvironmentsApi());
    const team = await screen.findByLabelText('Team');
    const options = Array.from((team as HTMLSelectElement).options).map(o => o.value);
    expect(options).toEqual(['team-a', 'team-b']);
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'staging' } });
    expect(screen.getByText('Namespace: team-a-staging (14/63 characters)')).toBeInTheDocument();
    expect(screen.getByLabelText('Time to live (days)')).toHaveValue(7);
    expect(screen.getByText('Default 7 days, at most 30')).toBeInTheDocument();
  });

  it('validates the name as it is typed', async () => {
    renderDialog(fakeEnvironmentsApi());
    const name = await screen.findByLabelText(/Name/);
    expect(createButton()).toBeDisabled();
    fireEvent.change(name, { target: { value: 'Bad_Name' } });
    expect(screen.getByText(/Use lowercase letters, digits and dashes/)).toBeInTheDocument();
    expect(createButton()).toBeDisabled();
    fireEvent.change(name, { target: { value: 'a'.repeat(40) } });
    expect(screen.queryByText(/Use lowercase letters/)).not.toBeInTheDocument();
    expect(createButton()).toBeEnabled();
    fireEvent.change(name, { target: { value: 'a'.repeat(41) } });
    expect(screen.getByText('Use at most 40 characters')).toBeInTheDocument();
  });

  it('keeps production for tech leads and checks the TTL against the longest allowed', async () => {
    renderDialog(fakeEnvironmentsApi());
    const type = (await screen.findByLabelText('Type')) as HTMLSelectElement;
    const production = () => Array.from(type.options).find(o => o.value === 'production')!;
    expect(production().disabled).toBe(true);
    expect(screen.getByText('Production needs a tech lead of team-a or a platform admin')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Time to live (days)'), { target: { value: '31' } });
    expect(screen.getByText('Use at most 30 days for a development environment, or ask a tech lead of team-a to extend it further')).toBeInTheDocument();
    expect(createButton()).toBeDisabled();

    fireEvent.change(screen.getByLabelText('Team'), { target: { value: 'team-b' } });
    expect(production().disabled).toBe(false);
    expect(screen.queryByText(/Use at most 30 days/)).not.toBeInTheDocument();
    fireEvent.change(type, { target: { value: 'production' } });
    expect(screen.queryByLabelText('Time to live (days)')).not.toBeInTheDocument();
  });

  it('sends the request and reports the created environment', async () => {
    const created = sampleEnvironment({ name: 'feature-x' });
    const createEnvironment = jest.fn(async () => created);
    const onCreated = jest.fn();
    renderDialog(fakeEnvironmentsApi({ createEnvironment }), { onCreated });
    fireEvent.change(await screen.findByLabelText(/Name/), { target: { value: 'feature-x' } });
    fireEvent.change(screen.getByLabelText('Time to live (days)'), { target: { value: '10' } });
    fireEvent.click(createButton());
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect(createEnvironment).toHaveBeenCalledWith({ team: 'team-a', name: 'feature-x', type: 'development', ttlDays: 10 });
  });

  it('shows field problems from the server and stays open', async () => {
    const error = await responseError(400, 'InputError', 'name: is reserved; ttlDays: too long for this team');
    const onCreated = jest.fn();
    renderDialog(fakeEnvironmentsApi({ createEnvironment: () => Promise.reject(error) }), { onCreated });
    fireEvent.change(await screen.findByLabelText(/Name/), { target: { value: 'admin' } });
    fireEvent.click(createButton());
    expect(await screen.findByText('is reserved')).toBeInTheDocument();
    expect(screen.getByText('too long for this team')).toBeInTheDocument();
    expect(screen.getByText('Error: Check the form')).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'admin2' } });
    expect(screen.queryByText('is reserved')).not.toBeInTheDocument();
  });

  it.each([
    [403, 'NotAllowedError', 'Only tech leads of team-a may create production environments', 'Not allowed'],
    [409, 'ConflictError', 'Environment team-a-dev already exists; choose another name or extend that one', 'Already exists'],
  ])('shows a %s from the server in the dialog', async (status, name, message, title) => {
    const error = await responseError(status, name, message);
    renderDialog(fakeEnvironmentsApi({ createEnvironment: () => Promise.reject(error) }));
    fireEvent.change(await screen.findByLabelText(/Name/), { target: { value: 'dev' } });
    fireEvent.click(createButton());
    expect(await screen.findByText(`Error: ${title}`)).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(createButton()).toBeEnabled();
  });

  it('explains when the caller has no team', async () => {
    renderInTestApp(<CreateEnvironmentDialog onClose={jest.fn()} onCreated={jest.fn()} />, {
      apis: [[environmentsApiRef, fakeEnvironmentsApi()], mockApis.identity({ ownershipEntityRefs: ['user:default/bob', 'group:default/platform-admins'] })],
    });
    expect(await screen.findByText(/You are not a member of any team/)).toBeInTheDocument();
  });
});
