import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SecretView } from '@internal/plugin-idp-secrets-common';
import { SecretsApi, secretsApiRef } from '../../api/SecretsApi';
import { fakeSecretsApi, requestError, sampleSecret } from '../../testing/fakes';
import { SecretEditorDialog } from './SecretEditorDialog';

function render(api: SecretsApi, props: { secret?: SecretView; initialName?: string; initialKeys?: string[] } = {}) {
  const onSaved = jest.fn();
  renderInTestApp(<SecretEditorDialog namespace="team-a-dev" onClose={jest.fn()} onSaved={onSaved} {...props} />, { apis: [[secretsApiRef, api]] });
  return onSaved;
}

const dialog = () => screen.getByRole('dialog');
const save = () => within(dialog()).getByRole('button', { name: 'Save' });

describe('SecretEditorDialog', () => {
  it('creates a secret: masked value, shown on request, saved once and cleared from the form', async () => {
    const written = sampleSecret({ name: 'db', keys: [{ name: 'url', version: 1, updatedAt: '2025-03-01T10:00:00Z', updatedBy: 'user:default/alice' }], version: 1 });
    const writeSecret = jest.fn(async () => written);
    const onSaved = render(fakeSecretsApi({ writeSecret }));
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: 'db' } });
    fireEvent.change(within(dialog()).getByLabelText(/^Key/), { target: { value: 'url' } });
    const value = within(dialog()).getByLabelText('Value of url');
    expect(value).toHaveAttribute('type', 'password');
    fireEvent.change(value, { target: { value: 'postgres://user:s3cret@db/app' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Show value of url' }));
    expect(within(dialog()).getByLabelText('Value of url')).toHaveAttribute('type', 'text');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Hide value of url' }));
    expect(within(dialog()).getByLabelText('Value of url')).toHaveAttribute('type', 'password');

    fireEvent.click(save());
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(written, ['url']));
    expect(writeSecret).toHaveBeenCalledWith('team-a-dev', 'db', { set: { url: 'postgres://user:s3cret@db/app' } });
    expect(await within(dialog()).findByText('Saved db, version 1. Values are write-only: Slipway never shows them again.')).toBeInTheDocument();
    expect(within(dialog()).queryByDisplayValue('postgres://user:s3cret@db/app')).not.toBeInTheDocument();
    expect(within(dialog()).queryByLabelText('Value of url')).not.toBeInTheDocument();
    expect(within(dialog()).getByTestId('existing-key-url')).toBeInTheDocument();
    expect(save()).toBeDisabled();
  });

  it('takes a multi-line value in a text area', async () => {
    render(fakeSecretsApi(), { initialName: 'tls', initialKeys: ['tls.crt'] });
    const value = await screen.findByLabelText('Value of tls.crt');
    fireEvent.change(value, { target: { value: 'line one' } });
    fireEvent.click(within(dialog()).getByLabelText('Multi-line (certificates, JSON)'));
    const area = within(dialog()).getByLabelText('Value of tls.crt');
    expect(area.tagName).toBe('TEXTAREA');
    expect(area).toHaveValue('line one');
    expect(area).toHaveAttribute('data-masked', 'true');
  });

  it('uploads a text file as the value, naming the key after it, and refuses a binary file', async () => {
    const writeSecret = jest.fn(async () => sampleSecret({ name: 'tls' }));
    render(fakeSecretsApi({ writeSecret }), { initialName: 'tls' });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
    fireEvent.change(await screen.findByLabelText('Upload a file as the value of the new key'), { target: { files: [new File([pem], 'tls.crt')] } });
    await waitFor(() => expect(within(dialog()).getByLabelText(/^Key/)).toHaveValue('tls.crt'));
    const area = within(dialog()).getByLabelText('Value of tls.crt');
    expect(area.tagName).toBe('TEXTAREA');

    fireEvent.change(within(dialog()).getByLabelText('Upload a file as the value of tls.crt'), { target: { files: [new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])], 'logo.png')] } });
    expect(await within(dialog()).findByText('This file is not text: base64-encode it first (base64 file > file.b64) and decode it in the app')).toBeInTheDocument();
    fireEvent.click(save());
    await waitFor(() => expect(writeSecret).toHaveBeenCalledWith('team-a-dev', 'tls', { set: { 'tls.crt': pem } }));
  });

  it('says what is wrong as it is typed and keeps Save disabled', async () => {
    render(fakeSecretsApi());
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: 'DB_Credentials' } });
    expect(within(dialog()).getByText(/^Use lowercase letters, digits, dashes and dots/)).toBeInTheDocument();
    fireEvent.change(within(dialog()).getByLabelText(/^Key/), { target: { value: 'url.previous' } });
    expect(within(dialog()).getByText('Keys ending in .previous are kept by rotation; choose another name')).toBeInTheDocument();
    expect(save()).toBeDisabled();
    fireEvent.change(within(dialog()).getByLabelText(/^Name/), { target: { value: 'db' } });
    fireEvent.change(within(dialog()).getByLabelText(/^Key/), { target: { value: 'url' } });
    expect(save()).toBeDisabled();
    fireEvent.change(within(dialog()).getByLabelText('Value of url'), { target: { value: 'x' } });
    expect(save()).toBeEnabled();
  });

  it('replaces and removes keys of a secret; removing one a workload reads needs a ticked confirmation', async () => {
    const writeSecret = jest.fn(async () => sampleSecret({ version: 3 }));
    render(fakeSecretsApi({ writeSecret }), { secret: sampleSecret() });
    expect(await screen.findByText('Change db-credentials')).toBeInTheDocument();
    expect(within(dialog()).queryByLabelText(/^Value of/)).not.toBeInTheDocument();
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Replace value of DB_PASSWORD' }));
    fireEvent.change(within(dialog()).getByLabelText('Value of DB_PASSWORD'), { target: { value: 'n3w-password' } });
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Remove DB_URL' }));
    expect(within(dialog()).getByText(/This workload reads a key you remove and fails to start without it: Deployment\/web \(DB_URL\)/)).toBeInTheDocument();
    expect(save()).toBeDisabled();
    fireEvent.click(within(dialog()).getByLabelText('Remove anyway: I will change those workloads'));
    fireEvent.click(save());
    await waitFor(() => expect(writeSecret).toHaveBeenCalledWith('team-a-dev', 'db-credentials', { set: { DB_PASSWORD: 'n3w-password' }, remove: ['DB_URL'], confirm: true }));
  });

  it('removes a key no workload reads without asking', async () => {
    const writeSecret = jest.fn(async () => sampleSecret());
    render(fakeSecretsApi({ writeSecret }), { secret: sampleSecret() });
    fireEvent.click(await screen.findByRole('button', { name: 'Remove DB_PASSWORD' }));
    expect(within(dialog()).queryByLabelText('Remove anyway: I will change those workloads')).not.toBeInTheDocument();
    fireEvent.click(save());
    await waitFor(() => expect(writeSecret).toHaveBeenCalledWith('team-a-dev', 'db-credentials', { remove: ['DB_PASSWORD'] }));
  });

  it('shows the server’s refusal in the dialog and keeps what was typed', async () => {
    const error = requestError(403, 'NotAllowedError', 'Production secrets are written by tech leads of team-a and platform admins; ask a tech lead of team-a');
    const onSaved = render(fakeSecretsApi({ writeSecret: () => Promise.reject(error) }), { initialName: 'db', initialKeys: ['url'] });
    fireEvent.change(await screen.findByLabelText('Value of url'), { target: { value: 'postgres://db' } });
    fireEvent.click(save());
    expect(await within(dialog()).findByText(/ask a tech lead of team-a/)).toBeInTheDocument();
    expect(within(dialog()).getByLabelText('Value of url')).toHaveValue('postgres://db');
    expect(onSaved).not.toHaveBeenCalled();
  });
});
