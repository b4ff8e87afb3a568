import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { CostsApi, costsApiRef } from '../../api/CostsApi';
import { fakeCostsApi, responseError, sampleAppCost } from '../../testing/fakes';
import { AppCost } from './AppCost';

const render = (api: CostsApi) => renderInTestApp(<AppCost team="team-a" app="web" />, { apis: [[costsApiRef, api]] });

jest.setTimeout(30_000);

describe('AppCost', () => {
  it('charts the daily cost and lists each environment with its run-rate', async () => {
    const getAppCost = jest.fn(async () => sampleAppCost());
    render(fakeCostsApi({ getAppCost }));
    const chart = await screen.findByRole('img', { name: 'Daily cost of web: 2 days, USD 8.50 in all; the largest is web at USD 8.50' });
    expect(chart.querySelectorAll('.recharts-area')).toHaveLength(1);
    expect(screen.getByText('USD 127.50')).toBeInTheDocument();
    expect(screen.getByText('USD 105.00')).toBeInTheDocument();
    expect(screen.getByText('team-a-dev')).toBeInTheDocument();
    expect(getAppCost).toHaveBeenCalledWith('team-a', 'web', 30);
  });

  it('says there is no data yet', async () => {
    render(fakeCostsApi({ getAppCost: async () => sampleAppCost({ daily: [], byEnvironment: [] }) }));
    expect(await screen.findByText('No cost data yet for web')).toBeInTheDocument();
  });

  it("says another team's app is not yours", async () => {
    const error = await responseError(404, 'NotFoundError', 'No app web of team-a');
    render(fakeCostsApi({ getAppCost: () => Promise.reject(error) }));
    expect(await screen.findByText('The costs of team-a are not yours to see')).toBeInTheDocument();
  });
});
