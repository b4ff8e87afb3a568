import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { secretsApiRef } from '../../api/SecretsApi';
import { SecretStorePage } from './SecretStorePage';

describe('SecretStorePage', () => {
  it('names the store and the reference format', async () => {
    renderInTestApp(<SecretStorePage />, {
      apis: [[secretsApiRef, { getStore: async () => ({ type: 'kubernetes' as const, referenceFormat: 'secret/<name>/<key>' }) }]],
    });
    expect(await screen.findByText('Kubernetes Secrets in each environment namespace')).toBeInTheDocument();
    expect(screen.getByText('secret/<name>/<key>')).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    renderInTestApp(<SecretStorePage />, { apis: [[secretsApiRef, { getStore: async () => Promise.reject(new Error('down')) }]] });
    expect(await screen.findByText(/Could not load the secret store/)).toBeInTheDocument();
  });
});
