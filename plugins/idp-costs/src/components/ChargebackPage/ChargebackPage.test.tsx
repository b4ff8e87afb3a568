import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CostsApi, costsApiRef } from '../../api/CostsApi';
import { fakeCostsApi, responseError, sampleChargeback } from '../../testing/fakes';
import { CostsPage } from '../CostsPage';

const render = (api: CostsApi, path = '/costs/teams/team-a/chargeback/2025-02') =>
  renderInTestApp(<CostsPage />, { mountPath: '/costs', initialRouteEntries: [path], apis: [[costsApiRef, api]] });

jest.setTimeout(30_000);

describe('ChargebackPage', () => {
  it('lists the line items per environment and app, the total and the price sheets used', async () => {
    render(fakeCostsApi({ getChargeback: async (team, month) => sampleChargeback({ team, month }) }));
    const lines = await screen.findByRole('table', { name: 'Chargeback of team-a for February 2025' });
    const rows = within(lines).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'EnvironmentTypeAppCPUMemoryStorageTotal',
      'team-a-devdevelopmentwebUSD 12.00USD 6.00USD 2.00USD 20.00',
      'team-a-prodproductionwebUSD 60.00USD 30.00USD 10.00USD 100.00',
      'TotalUSD 120.00',
    ]);
    const prices = screen.getByRole('table', { name: 'Price sheets used' });
    expect(within(prices).getByText('0.0422 USD')).toBeInTheDocument();
    expect(within(prices).getByText('billing-import')).toBeInTheDocument();
    expect(screen.getByText('closed 2025-03-01: never changes')).toBeInTheDocument();
  });

  it('prints the report without the sidebar, header or buttons', async () => {
    render(fakeCostsApi({ getChargeback: async () => sampleChargeback() }));
    const download = await screen.findByRole('button', { name: 'Download CSV' });
    expect(download.closest('.slipway-no-print')).not.toBeNull();
    const css = [...document.querySelectorAll('style')].map(style => style.textContent).join('\n');
    expect(css).toMatch(/@media print\s*{[^@]*nav, header,[^{]*\.slipway-no-print\s*{\s*display: none !important;/);
  });

  it('shows the idle and shared lines spread onto the team', async () => {
    render(fakeCostsApi({ getChargeback: async () => sampleChargeback({ status: 'open', closedAt: undefined, spread: { idle: 7.5, shared: 2.25 }, total: 129.75 }) }));
    expect(await screen.findByText('Idle capacity, spread onto the team')).toBeInTheDocument();
    expect(screen.getByText('USD 2.25')).toBeInTheDocument();
    expect(screen.getByText('open: changes until the month ends')).toBeInTheDocument();
  });

  it('downloads the backend’s CSV of the month', async () => {
    const getChargebackCsv = jest.fn(async () => new Blob(['namespace,total\n']));
    const createObjectURL = jest.fn(() => 'blob:report');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const saved: Array<{ download: string; href: string }> = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function saveLink(this: HTMLAnchorElement) {
      saved.push({ download: this.download, href: this.href });
    });
    render(fakeCostsApi({ getChargeback: async () => sampleChargeback(), getChargebackCsv }));
    fireEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(saved).toEqual([{ download: 'chargeback-team-a-2025-02.csv', href: 'blob:report' }]));
    expect(getChargebackCsv).toHaveBeenCalledWith('team-a', '2025-02');
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    click.mockRestore();
  });

  it('says why a download failed', async () => {
    render(fakeCostsApi({ getChargeback: async () => sampleChargeback(), getChargebackCsv: () => Promise.reject(new Error('connection reset')) }));
    fireEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not download the CSV: connection reset. Try again; the report on this page is the same.');
  });

  it('opens another month from the picker', async () => {
    const getChargeback = jest.fn(async (team: string, month: string) => sampleChargeback({ team, month }));
    render(fakeCostsApi({ getChargeback, listChargebackMonths: async team => ({ team, months: [{ month: '2025-02', status: 'closed' }, { month: '2025-01', status: 'closed' }] }) }));
    await screen.findByRole('table', { name: /February 2025/ });
    fireEvent.mouseDown(screen.getByLabelText('Month'));
    fireEvent.click(await screen.findByRole('option', { name: 'January 2025' }));
    expect(await screen.findByRole('table', { name: 'Chargeback of team-a for January 2025' })).toBeInTheDocument();
    expect(getChargeback).toHaveBeenLastCalledWith('team-a', '2025-01');
  });

  it('says there is nothing to charge yet', async () => {
    render(fakeCostsApi({ getChargeback: async () => sampleChargeback({ lines: [], total: 0 }) }));
    expect(await screen.findByText('No cost data yet for team-a in February 2025')).toBeInTheDocument();
  });

  it("says another team's report is not yours", async () => {
    const error = await responseError(404, 'NotFoundError', 'No costs of team-b');
    render(fakeCostsApi({ getChargeback: () => Promise.reject(error) }), '/costs/teams/team-b/chargeback/2025-02');
    expect(await screen.findByText('The costs of team-b are not yours to see')).toBeInTheDocument();
  });
});
