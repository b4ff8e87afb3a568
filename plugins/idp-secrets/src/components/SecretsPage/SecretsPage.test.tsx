import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EnvironmentSecretsView } from '@internal/plugin-idp-secrets-common';
import { SecretsApi, secretsApiRef } from '@internal/plugin-idp-secrets-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { rootRouteRef } from '../../routes';
import { SecretsPage } from './SecretsPage';

const environment = (name: string, type = 'development', phase = 'Active') => ({ team: 'team-a', name, namespace: `team-a-${name}`, type, phase });

const secretsView = (namespace: string): EnvironmentSecretsView => ({
  namespace,
  team: 'team-a',
  environmentType: 'development',
  store: 'external-secrets',
  canWrite: true,
  secrets: [],
  missing: [],
});

function render(path: string, options: { environments?: Response; secretsApi?: Partial<SecretsApi> } = {}) {
  const fetch = jest.fn(async (_url: string) => options.environments ?? new Response(JSON.stringify({ items: [environment('staging', 'staging'), environment('dev'), environment('old', 'development', 'Terminating')] })));
  const secretsApi = {
    getStore: async () => ({ type: 'external-secrets' as const, referenceFormat: 'secret/<name>/<key>' as const }),
    getEnvironmentSecrets: jest.fn(async (namespace: string) => secretsView(namespace)),
    ...options.secretsApi,
  } as unknown as SecretsApi;
  renderInTestApp(<SecretsPage />, {
    mountPath: '/secrets/*',
    initialRouteEntries: [path],
    mountedRoutes: { '/secrets': rootRouteRef },
    apis: [
      [secretsApiRef, secretsApi],
      [discoveryApiRef, { getBaseUrl: async (id: string) => `http://backend/api/${id}` }],
      [fetchApiRef, { fetch: fetch as unknown as typeof globalThis.fetch }],
    ],
  });
  return { fetch, secretsApi };
}

describe('SecretsPage', () => {
  it('offers the caller’s active environments and shows the one chosen, with the store', async () => {
    const { fetch, secretsApi } = render('/secrets');
    const picker = await screen.findByLabelText('Environment');
    expect(fetch).toHaveBeenCalledWith('http://backend/api/idp-environments/environments');
    expect(within(picker).getAllByRole('option').map(o => o.textContent)).toEqual(['Choose an environment', 'team-a-dev (development)', 'team-a-staging (staging)']);
    expect(await screen.findByText('an external store, synced into each environment by External Secrets')).toBeInTheDocument();
    expect(screen.getByText('secret/<name>/<key>')).toBeInTheDocument();

    fireEvent.change(picker, { target: { value: 'team-a-staging' } });
    expect(await screen.findByText('No secrets yet — add one; apps refer to keys as secret/<name>/<key>')).toBeInTheDocument();
    expect(secretsApi.getEnvironmentSecrets).toHaveBeenCalledWith('team-a-staging');
    expect(screen.getByLabelText('Environment')).toHaveValue('team-a-staging');
  });

  it('opens an environment from its address', async () => {
    const { secretsApi } = render('/secrets/team-a-dev');
    expect(await screen.findByText('Write-only values of team-a-dev, kept in an external store, synced into each environment by External Secrets')).toBeInTheDocument();
    expect(secretsApi.getEnvironmentSecrets).toHaveBeenCalledWith('team-a-dev');
    expect(await screen.findByLabelText('Environment')).toHaveValue('team-a-dev');
  });

  it('says what to do when there is no environment', async () => {
    render('/secrets', { environments: new Response(JSON.stringify({ items: [] })) });
    expect(await screen.findByText('You have no environment yet: create one in Environments first')).toBeInTheDocument();
  });

  it('says when the environments cannot be read', async () => {
    const refusal = new Response(JSON.stringify({ error: { name: 'Error', message: 'down' }, response: { statusCode: 503 } }), { status: 503, headers: { 'content-type': 'application/json' } });
    render('/secrets', { environments: refusal });
    expect(await screen.findByText(/^Could not load your environments \(.*\); reload the page$/)).toBeInTheDocument();
  });
});
