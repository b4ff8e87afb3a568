import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SecretsApi, secretsApiRef } from '../../api/SecretsApi';
import { fakeSecretsApi, requestError, sampleGeneratedSecret } from '../../testing/fakes';
import { GenerateSecretDialog } from './GenerateSecretDialog';

function render(api: SecretsApi) {
  const onGenerated = jest.fn();
  renderInTestApp(<GenerateSecretDialog namespace="team-a-dev" existingNames={['db-credentials']} onClose={jest.fn()} onGenerated={onGenerated} />, {
    apis: [[secretsApiRef, api]],
  });
  return onGenerated;
}

describe('GenerateSecretDialog', () => {
  it('generates a token with a rotation policy', async () => {
    const generated = sampleGeneratedSecret();
    const generateSecret = jest.fn(async () => generated);
    const onGenerated = render(fakeSecretsApi({ generateSecret }));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'api-token' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'token' } });
    fireEvent.change(screen.getByLabelText('Random bytes'), { target: { value: '48' } });
    fireEvent.change(screen.getByLabelText('Encoding'), { target: { value: 'hex' } });
    fireEvent.change(screen.getByLabelText('Key'), { target: { value: 'API_TOKEN' } });
    expect(screen.getByText('Apps read it as secret/api-token/API_TOKEN')).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Rotate automatically'));
    fireEvent.change(screen.getByLabelText('Every (days)'), { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Keep the previous value (hours)'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(onGenerated).toHaveBeenCalledWith(generated));
    expect(generateSecret).toHaveBeenCalledWith('team-a-dev', 'api-token', {
      generator: { kind: 'token', bytes: 48, encoding: 'hex' },
      key: 'API_TOKEN',
      rotation: { everyDays: 7, graceHours: 12 },
    });
  });

  it('generates a key pair without a key name', async () => {
    const generateSecret = jest.fn(async () => sampleGeneratedSecret());
    render(fakeSecretsApi({ generateSecret }));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'signing' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'key-pair' } });
    expect(screen.queryByLabelText('Key')).not.toBeInTheDocument();
    expect(screen.getByText('Apps read it as secret/signing/private-key.pem and secret/signing/public-key.pem')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Algorithm'), { target: { value: 'rsa-4096' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(generateSecret).toHaveBeenCalledWith('team-a-dev', 'signing', { generator: { kind: 'key-pair', algorithm: 'rsa-4096' } }));
  });

  it('checks the fields with the common schemas as they are typed', async () => {
    render(fakeSecretsApi());
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'db-credentials' } });
    expect(screen.getByText('db-credentials already exists: generate into a new secret, or rotate db-credentials')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'admin-password' } });
    fireEvent.change(screen.getByLabelText('Length'), { target: { value: '8' } });
    expect(screen.getByText('Use at least 12 characters')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Length'), { target: { value: '20' } });
    fireEvent.click(screen.getByLabelText('Rotate automatically'));
    fireEvent.change(screen.getByLabelText('Every (days)'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Keep the previous value (hours)'), { target: { value: '48' } });
    expect(screen.getByText('Keep the previous value for less time than the rotation period')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Generate' })).toBeDisabled();
  });

  it('shows the server’s refusal and stays open', async () => {
    const error = requestError(409, 'ConflictError', 'signing already has private-key.pem set by hand; generate into a new secret');
    render(fakeSecretsApi({ generateSecret: () => Promise.reject(error) }));
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'signing' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByText(/generate into a new secret/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Generate' })).toBeEnabled();
  });
});
