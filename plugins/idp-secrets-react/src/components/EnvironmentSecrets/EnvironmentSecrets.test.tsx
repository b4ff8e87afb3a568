import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SecretsApi, secretsApiRef } from '../../api/SecretsApi';
import { fakeSecretsApi, requestError, sampleEnvironmentSecrets, sampleGeneratedSecret, sampleRotation, sampleSecret } from '../../testing/fakes';
import { EnvironmentSecrets } from './EnvironmentSecrets';

const render = (api: SecretsApi) => renderInTestApp(<EnvironmentSecrets namespace="team-a-dev" />, { apis: [[secretsApiRef, api]] });

describe('EnvironmentSecrets', () => {
  it('lists the secrets: keys with versions, who changed them, consumers, rotation and sync', async () => {
    const syncing = sampleSecret({ name: 'smtp', consumers: [], sync: { state: 'failed', message: 'The vault path secret/team-a/smtp is not readable by the operator' } });
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets({ secrets: [sampleSecret(), sampleGeneratedSecret(), syncing] }) }));
    const db = await screen.findByTestId('secret-db-credentials');
    expect(within(db).getByText('DB_URL v2')).toBeInTheDocument();
    expect(within(db).getByText('DB_PASSWORD v1')).toBeInTheDocument();
    expect(within(db).getByText('bob')).toBeInTheDocument();
    expect(within(db).getByText('Deployment/web (DB_URL)')).toBeInTheDocument();
    expect(within(db).getByText('synced')).toBeInTheDocument();
    expect(within(db).queryByRole('button', { name: 'Rotate db-credentials now' })).not.toBeInTheDocument();

    const token = screen.getByTestId('secret-api-token');
    expect(within(token).getByText('every 30 days')).toBeInTheDocument();
    expect(within(token).getByText(/^next /)).toBeInTheDocument();
    expect(within(token).getByText(/^previous value kept until /)).toBeInTheDocument();
    expect(within(token).getByText('CronJob/report (every key)')).toBeInTheDocument();
    expect(within(token).getByRole('button', { name: 'Rotate api-token now' })).toBeInTheDocument();

    const smtp = screen.getByTestId('secret-smtp');
    expect(within(smtp).getByText('failed')).toBeInTheDocument();
    expect(within(smtp).getByText('The vault path secret/team-a/smtp is not readable by the operator')).toBeInTheDocument();
    expect(within(smtp).getByText('no workload')).toBeInTheDocument();
    expect(screen.getByText('Write-only values of team-a-dev, kept in Kubernetes Secrets in each environment namespace')).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    render(fakeSecretsApi({ getEnvironmentSecrets: () => new Promise(() => {}) }));
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('says how apps refer to keys when there is no secret yet', async () => {
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets({ secrets: [] }) }));
    expect(await screen.findByText('No secrets yet — add one; apps refer to keys as secret/<name>/<key>')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add secret' })).toBeInTheDocument();
  });

  it('explains a failure in the server’s words', async () => {
    const error = requestError(404, 'NotFoundError', 'No environment team-a-dev');
    render(fakeSecretsApi({ getEnvironmentSecrets: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the secrets of team-a-dev/)).toBeInTheDocument();
    expect(screen.getAllByText(/No environment team-a-dev\. It may have been deleted, or belong to another team: reload the page/).length).toBeGreaterThan(0);
  });

  it('is read-only for who may not write: says who may, offers no write button', async () => {
    const readOnlyReason = 'Production secrets are written by tech leads of team-a and platform admins; ask a tech lead of team-a';
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets({ canWrite: false, readOnlyReason, missing: [{ name: 'smtp', keys: ['password'], consumers: [] }] }) }));
    expect(await screen.findByText(readOnlyReason)).toBeInTheDocument();
    expect(screen.getByTestId('secret-db-credentials')).toBeInTheDocument();
    for (const name of ['Add secret', 'Generate secret', 'Change db-credentials', 'Delete db-credentials', 'Rotate api-token now', 'Set values of smtp']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.getByRole('button', { name: 'Rotation history of api-token' })).toBeInTheDocument();
  });

  it('lists what the workloads need and opens the editor prefilled with its name and keys', async () => {
    const missing = [{ name: 'smtp', keys: ['user', 'password'], consumers: [{ kind: 'Deployment', name: 'mailer', keys: ['user', 'password'] }] }];
    const writeSecret = jest.fn(async () => sampleSecret({ name: 'smtp' }));
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets({ missing }), writeSecret }));
    const entry = await screen.findByTestId('missing-smtp');
    expect(within(entry).getByText(/Deployment\/mailer \(user, password\)/)).toBeInTheDocument();
    fireEvent.click(within(entry).getByRole('button', { name: 'Set values of smtp' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('smtp');
    expect(within(dialog).getAllByLabelText(/^Key/).map(k => (k as HTMLInputElement).value)).toEqual(['user', 'password']);
    fireEvent.change(within(dialog).getByLabelText('Value of user'), { target: { value: 'mailer' } });
    fireEvent.change(within(dialog).getByLabelText('Value of password'), { target: { value: 'pa55word-long' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writeSecret).toHaveBeenCalledWith('team-a-dev', 'smtp', { set: { user: 'mailer', password: 'pa55word-long' } }));
  });

  it('rotates a generated secret after saying its consumers restart once, then reloads', async () => {
    const getEnvironmentSecrets = jest.fn(async () => sampleEnvironmentSecrets());
    const rotateSecret = jest.fn(async () => sampleGeneratedSecret({ version: 5 }));
    render(fakeSecretsApi({ getEnvironmentSecrets, rotateSecret }));
    fireEvent.click(await screen.findByRole('button', { name: 'Rotate api-token now' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Consumers restart once to read it: CronJob\/report \(every key\)/)).toBeInTheDocument();
    expect(within(dialog).getByText('The previous value stays readable as token.previous for 24 hours.')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate now' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rotateSecret).toHaveBeenCalledWith('team-a-dev', 'api-token');
    await waitFor(() => expect(getEnvironmentSecrets).toHaveBeenCalledTimes(2));
  });

  it('shows the rotation history: when, by whom, outcome, version, restarted workloads', async () => {
    const listRotations = jest.fn(async () => [
      sampleRotation(),
      sampleRotation({ by: 'user:default/carol', outcome: 'failed', version: undefined, restarted: [], message: 'The cluster did not answer; the old value stays' }),
    ]);
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets(), listRotations }));
    fireEvent.click(await screen.findByRole('button', { name: 'Rotation history of api-token' }));
    const table = await screen.findByRole('table', { name: 'Rotations of api-token' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('schedule')).toBeInTheDocument();
    expect(within(rows[0]).getByText('rotated')).toBeInTheDocument();
    expect(within(rows[0]).getByText('4')).toBeInTheDocument();
    expect(within(rows[0]).getByText('CronJob/report')).toBeInTheDocument();
    expect(within(rows[1]).getByText('carol')).toBeInTheDocument();
    expect(within(rows[1]).getByText('failed')).toBeInTheDocument();
    expect(within(rows[1]).getByText('The cluster did not answer; the old value stays')).toBeInTheDocument();
    expect(listRotations).toHaveBeenCalledWith('team-a-dev', 'api-token');
  });

  it('deletes a secret workloads read only after a ticked confirmation, sending confirm', async () => {
    const deleteSecret = jest.fn(async () => undefined);
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets(), deleteSecret }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete db-credentials' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/This workload reads it and fails to start without it: Deployment\/web \(DB_URL\)/)).toBeInTheDocument();
    const remove = within(dialog).getByRole('button', { name: 'Delete' });
    expect(remove).toBeDisabled();
    fireEvent.click(within(dialog).getByLabelText('Delete anyway: I will change those workloads'));
    fireEvent.click(remove);
    await waitFor(() => expect(deleteSecret).toHaveBeenCalledWith('team-a-dev', 'db-credentials', { confirm: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('deletes an unused secret without a confirmation, and asks for one when the server knows a consumer', async () => {
    const conflict = requestError(409, 'ConflictError', 'smtp is used by Deployment/mailer (every key); they fail to start without it. Confirm to delete it anyway');
    const deleteSecret = jest.fn().mockRejectedValueOnce(conflict).mockResolvedValue(undefined);
    render(fakeSecretsApi({ getEnvironmentSecrets: async () => sampleEnvironmentSecrets({ secrets: [sampleSecret({ name: 'smtp', consumers: [] })] }), deleteSecret }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete smtp' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText(/smtp is used by Deployment\/mailer/)).toBeInTheDocument();
    expect(deleteSecret).toHaveBeenCalledWith('team-a-dev', 'smtp', {});
    fireEvent.click(within(dialog).getByLabelText('Delete anyway: I will change those workloads'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(deleteSecret).toHaveBeenLastCalledWith('team-a-dev', 'smtp', { confirm: true }));
  });
});
