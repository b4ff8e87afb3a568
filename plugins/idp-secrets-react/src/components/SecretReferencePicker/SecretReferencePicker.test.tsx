import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { SecretsApi, secretsApiRef } from '../../api/SecretsApi';
import { fakeSecretsApi, requestError, sampleSecret } from '../../testing/fakes';
import { SecretReferencePicker } from './SecretReferencePicker';

const keys = { namespace: 'team-a-dev', secrets: [{ name: 'db-credentials', keys: ['DB_PASSWORD', 'DB_URL'] }, { name: 'smtp', keys: ['password'] }] };

/** The picker in a form that keeps its value. */
function Form({ onChange, initial }: { onChange: (value: string) => void; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <SecretReferencePicker
      namespace="team-a-dev"
      value={value}
      onChange={v => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

function render(api: SecretsApi, initial?: string) {
  const onChange = jest.fn();
  renderInTestApp(<Form onChange={onChange} initial={initial} />, { apis: [[secretsApiRef, api]] });
  return onChange;
}

describe('SecretReferencePicker', () => {
  it('picks a secret, then a key, as secret/<name>/<key>', async () => {
    const onChange = render(fakeSecretsApi({ listSecretKeys: async () => keys }));
    await screen.findByRole('option', { name: 'smtp' });
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'db-credentials' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Key'), { target: { value: 'DB_URL' } });
    expect(onChange).toHaveBeenLastCalledWith('secret/db-credentials/DB_URL');
    expect(screen.getByLabelText('Secret reference')).toHaveValue('secret/db-credentials/DB_URL');
    // A secret with one key needs no second choice.
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'smtp' } });
    expect(onChange).toHaveBeenLastCalledWith('secret/smtp/password');
  });

  it('takes a reference typed by hand, and says when it is not one', async () => {
    const onChange = render(fakeSecretsApi({ listSecretKeys: async () => keys }));
    await screen.findByRole('option', { name: 'smtp' });
    fireEvent.change(screen.getByLabelText('Secret reference'), { target: { value: 'secret/later/token' } });
    expect(onChange).toHaveBeenLastCalledWith('secret/later/token');
    expect(screen.getByText('team-a-dev has no token in later yet; add it before deploying')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Secret reference'), { target: { value: 'db-credentials' } });
    expect(screen.getByText('Write it as secret/<name>/<key>, e.g. secret/db-credentials/url')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Secret reference'), { target: { value: 'secret/smtp/password' } });
    expect(screen.getByLabelText('Key')).toHaveValue('password');
  });

  it('creates a secret through the secrets API, never the form, then picks its key', async () => {
    const listSecretKeys = jest.fn().mockResolvedValueOnce(keys).mockResolvedValue({ ...keys, secrets: [...keys.secrets, { name: 'stripe', keys: ['api-key'] }] });
    const writeSecret = jest.fn(async () => sampleSecret({ name: 'stripe', keys: [{ name: 'api-key', version: 1, updatedAt: '2025-03-01T10:00:00Z', updatedBy: 'user:default/alice' }] }));
    const onChange = render(fakeSecretsApi({ listSecretKeys, writeSecret }));
    fireEvent.click(await screen.findByRole('button', { name: 'New secret' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: 'stripe' } });
    fireEvent.change(within(dialog).getByLabelText(/^Key/), { target: { value: 'api-key' } });
    fireEvent.change(within(dialog).getByLabelText('Value of api-key'), { target: { value: 'sk_live_123' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(writeSecret).toHaveBeenCalledWith('team-a-dev', 'stripe', { set: { 'api-key': 'sk_live_123' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith('secret/stripe/api-key');
    expect(await screen.findByRole('option', { name: 'stripe' })).toBeInTheDocument();
    expect(screen.getByLabelText('Secret')).toHaveValue('stripe');
    expect(screen.getByLabelText('Key')).toHaveValue('api-key');
    expect(screen.queryByDisplayValue('sk_live_123')).not.toBeInTheDocument();
  });

  it('lets the reference be typed when the secrets cannot be read', async () => {
    render(fakeSecretsApi({ listSecretKeys: () => Promise.reject(requestError(503, 'ServiceUnavailableError', 'The cluster did not answer')) }));
    expect(await screen.findByText(/Could not load the secrets of team-a-dev \(The cluster did not answer.*\); type the reference instead/)).toBeInTheDocument();
    expect(screen.getByLabelText('Secret reference')).toBeEnabled();
  });
});
