import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { EnvironmentsApi, environmentsApiRef } from '../../api/EnvironmentsApi';
import { fakeEnvironmentsApi } from '../../testing/fakes';
import { EnvironmentTypesTable } from './EnvironmentTypesTable';

const api = (impl: EnvironmentsApi['listEnvironmentTypes']): EnvironmentsApi => fakeEnvironmentsApi({ listEnvironmentTypes: impl });

describe('EnvironmentTypesTable', () => {
  it('lists each type with its TTL and quota', async () => {
    renderInTestApp(<EnvironmentTypesTable />, {
      apis: [
        [
          environmentsApiRef,
          api(async () => [
            { type: 'development', ttlDays: 7, maxTtlDays: 30, quota: { cpu: '4', memory: '8Gi', pods: 20 } },
            { type: 'production', quota: { cpu: '32', memory: '64Gi', pods: 200 } },
          ]),
        ],
      ],
    });
    expect(await screen.findByText('development')).toBeInTheDocument();
    expect(screen.getByText('7 days')).toBeInTheDocument();
    expect(screen.getByText('never expires')).toBeInTheDocument();
    expect(screen.getByText('64Gi')).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    const response = new Response(JSON.stringify({ error: { name: 'Error', message: 'backend down' } }), {
      status: 503,
      headers: { 'content-type': 'application/json' },
    });
    const error = await ResponseError.fromResponse(response as any);
    renderInTestApp(<EnvironmentTypesTable />, {
      apis: [[environmentsApiRef, api(async () => Promise.reject(error))]],
    });
    expect(await screen.findByText(/Could not load environment types/)).toBeInTheDocument();
  });

  it('says what to configure when there are no types', async () => {
    renderInTestApp(<EnvironmentTypesTable />, { apis: [[environmentsApiRef, api(async () => [])]] });
    expect(await screen.findByText('No environment types')).toBeInTheDocument();
  });
});
