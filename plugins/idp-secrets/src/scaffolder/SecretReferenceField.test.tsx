import { renderInTestApp } from '@backstage/frontend-test-utils';
import { SecretsApi, secretsApiRef } from '@internal/plugin-idp-secrets-react';
import { fireEvent, screen } from '@testing-library/react';
import { SecretReferenceField } from './SecretReferenceField';

function renderField(formData: Record<string, unknown>, options: { uiOptions?: Record<string, string>; value?: string } = {}) {
  const onChange = jest.fn();
  const listSecretKeys = jest.fn(async (namespace: string) => ({ namespace, secrets: [{ name: 'db-credentials', keys: ['url'] }] }));
  const props = {
    formData: options.value,
    onChange,
    schema: { title: 'Secret reference', description: 'secret/<name>/<key>, e.g. secret/db-credentials/url' },
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
    formContext: { formData },
    rawErrors: [],
    required: false,
    idSchema: { $id: 'root_environmentVariables_0_valueFrom' },
  } as any;
  renderInTestApp(<SecretReferenceField {...props} />, { apis: [[secretsApiRef, { listSecretKeys } as unknown as SecretsApi]] });
  return { onChange, listSecretKeys };
}

describe('SecretReferenceField', () => {
  it('asks for the team and environment first, and still takes a typed reference', async () => {
    const { onChange, listSecretKeys } = renderField({ team: 'team-a' });
    expect(await screen.findByText('Choose the team and environment first')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Secret reference'), { target: { value: 'secret/db-credentials/url' } });
    expect(onChange).toHaveBeenCalledWith('secret/db-credentials/url');
    expect(listSecretKeys).not.toHaveBeenCalled();
  });

  it('offers the secrets of the environment the form deploys to', async () => {
    const { onChange, listSecretKeys } = renderField({ team: 'team-a', environment: 'staging' });
    await screen.findByRole('option', { name: 'db-credentials' });
    expect(listSecretKeys).toHaveBeenCalledWith('team-a-staging');
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'db-credentials' } });
    expect(onChange).toHaveBeenCalledWith('secret/db-credentials/url');
  });

  it('reads the team and environment from the fields ui:options names', async () => {
    const { listSecretKeys } = renderField({ owner: 'team-b', target: 'dev' }, { uiOptions: { teamField: 'owner', environmentField: 'target' } });
    await screen.findByRole('option', { name: 'db-credentials' });
    expect(listSecretKeys).toHaveBeenCalledWith('team-b-dev');
  });

  it('clears the value when the reference is emptied', async () => {
    const { onChange } = renderField({}, { value: 'secret/db/url' });
    fireEvent.change(await screen.findByLabelText('Secret reference'), { target: { value: '' } });
    expect(onChange).toHaveBeenCalledWith(undefined);
  });
});
