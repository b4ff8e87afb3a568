import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CostsApi, costsApiRef } from '../../api/CostsApi';
import { fakeCostsApi, responseError, sampleTeamShowback } from '../../testing/fakes';
import { CostsPage } from '../CostsPage';

const render = (api: CostsApi, path = '/costs/teams/team-a') =>
  renderInTestApp(<CostsPage />, { mountPath: '/costs', initialRouteEntries: [path], apis: [[costsApiRef, api]] });

// A whole page in the test app; on 2 shared cores the first render alone can take several seconds.
jest.setTimeout(30_000);

describe('TeamCostsPage', () => {
  it('charts the daily cost stacked by environment, with a legend, and every breakdown', async () => {
    const getTeamShowback = jest.fn(async () => sampleTeamShowback());
    render(fakeCostsApi({ getTeamShowback }));

    const chart = await screen.findByRole('img', { name: /^Daily cost of team-a by environment: 3 days, USD 18.00 in all; the largest is team-a-prod at USD 13.50$/ });
    // Two groups stacked over three days: a bar per group and day, and a legend entry per group.
    expect(chart.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(6);
    expect(within(chart).getByText('team-a-dev')).toBeInTheDocument();
    expect(within(chart).getByText('team-a-prod')).toBeInTheDocument();
    expect(getTeamShowback).toHaveBeenCalledWith('team-a', expect.objectContaining({ by: 'environment' }));

    expect(screen.getByText('USD 10.80')).toBeInTheDocument(); // CPU of the total
    expect(screen.getByText('42%')).toBeInTheDocument();
    expect(screen.getByText('67%')).toBeInTheDocument();
    expect(screen.getByText('worker')).toBeInTheDocument();
    expect(screen.getByText('CPU 10% · memory —')).toBeInTheDocument();
    expect(screen.getByText('team-a-old')).toBeInTheDocument();
    expect(screen.getByText('used 1% of its CPU request for 7 days')).toBeInTheDocument();
    expect(screen.getByText('1 → 200m')).toBeInTheDocument();
    expect(screen.getByText('USD 18.46')).toBeInTheDocument();
    expect(screen.getByText('costs USD 0.52 more: the request is too low')).toBeInTheDocument();
    expect(screen.getByText('USD 186.00')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Forecast: 124% of the budget' })).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText(/The forecast passes the budget: 124% of USD 150.00/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Monthly chargeback report' }).getAttribute('href')).toMatch(/^\/costs\/teams\/team-a\/chargeback\/\d{4}-\d{2}$/);
  });

  it('stacks by app and draws areas when asked', async () => {
    const getTeamShowback = jest.fn(async (_team: string, options?: { by?: string }) =>
      options?.by === 'app' ? sampleTeamShowback({ by: 'app', daily: [{ date: '2025-03-01', groups: { web: 3, worker: 1 } }, { date: '2025-03-02', groups: { web: 4 } }] }) : sampleTeamShowback(),
    );
    render(fakeCostsApi({ getTeamShowback }));
    await screen.findByRole('img', { name: /by environment/ });
    fireEvent.click(screen.getByRole('button', { name: 'By app' }));
    fireEvent.click(screen.getByRole('button', { name: 'Areas' }));
    const chart = await screen.findByRole('img', { name: /^Daily cost of team-a by app: 2 days, USD 8.00 in all; the largest is web at USD 7.00$/ });
    expect(chart.querySelectorAll('.recharts-area')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'By app' })).toHaveAttribute('aria-pressed', 'true');
    expect(getTeamShowback).toHaveBeenLastCalledWith('team-a', expect.objectContaining({ by: 'app' }));
  });

  it('says the forecast is within the budget without a warning', async () => {
    render(fakeCostsApi({ getTeamShowback: async () => sampleTeamShowback({ budget: { monthly: 400, forecastPercent: 46.5 } }) }));
    expect(await screen.findByText('The forecast is 47% of the budget.')).toBeInTheDocument();
  });

  it('says there is no data yet', async () => {
    render(fakeCostsApi({ getTeamShowback: async () => sampleTeamShowback({ daily: [], topApps: [] }) }));
    expect(await screen.findByText('No cost data yet for team-a')).toBeInTheDocument();
    expect(screen.getByText(/the sampler stores a sample every 5 minutes/)).toBeInTheDocument();
  });

  it("says another team's costs are not yours", async () => {
    const error = await responseError(404, 'NotFoundError', 'No costs of team-b');
    render(fakeCostsApi({ getTeamShowback: () => Promise.reject(error) }), '/costs/teams/team-b');
    expect(await screen.findByText('The costs of team-b are not yours to see')).toBeInTheDocument();
  });

  it('explains any other failure with the backend’s message', async () => {
    const error = await responseError(503, 'ServiceUnavailableError', 'The database is not reachable');
    render(fakeCostsApi({ getTeamShowback: () => Promise.reject(error) }));
    expect(await screen.findByText(/Could not load the costs of team-a/)).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    render(fakeCostsApi({ getTeamShowback: () => new Promise(() => {}) }));
    await waitFor(() => expect(screen.getByTestId('progress')).toBeInTheDocument());
  });
});
