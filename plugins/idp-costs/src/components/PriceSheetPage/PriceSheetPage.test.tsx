import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { BillingImportView, OPENCOST_DEFAULT_PRICES } from '@internal/plugin-idp-costs-common';
import { CostsApi, costsApiRef } from '../../api/CostsApi';
import { fakeCostsApi } from '../../testing/fakes';
import { PriceSheetPage } from './PriceSheetPage';

const admin = mockApis.identity({ userEntityRef: 'user:default/erin', ownershipEntityRefs: ['group:default/platform-admins'] });
const developer = mockApis.identity({ userEntityRef: 'user:default/alice', ownershipEntityRefs: ['group:default/team-a'] });
const render = (api: CostsApi, identity = developer) => renderInTestApp(<PriceSheetPage />, { apis: [[costsApiRef, api], identity] });

jest.setTimeout(30_000);

const sampleImport = (overrides: Partial<BillingImportView> = {}): BillingImportView => ({
  id: 'i1',
  format: 'aws-cur-2.0-csv',
  fileName: 'cur-2025-02.csv',
  importedBy: 'user:default/erin',
  importedAt: '2025-03-02T09:00:00Z',
  periodStart: '2025-02-01',
  periodEnd: '2025-02-28',
  rows: 1200,
  matched: { cpu: 400, ram: 400, storage: 20 },
  derived: { currency: 'USD', cpuCoreHour: 0.0422, ramGiBHour: 0.0051, storageGiBMonth: 0.08 },
  notes: ['Spot usage priced at its effective cost'],
  ...overrides,
});

describe('PriceSheetPage', () => {
  it('shows each price with its currency', async () => {
    render(fakeCostsApi({ getPriceSheet: async () => ({ current: { currency: 'EUR', cpuCoreHour: 0.03, ramGiBHour: 0.004, storageGiBMonth: 0.05 }, periods: [] }) }));
    expect(await screen.findByText('0.03 EUR')).toBeInTheDocument();
    expect(screen.getByText('0.004 EUR')).toBeInTheDocument();
    expect(screen.getByText('0.05 EUR')).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    render(fakeCostsApi({ getPriceSheet: async () => Promise.reject(new Error('connection refused')) }));
    expect(await screen.findByText(/Could not load the price sheet/)).toBeInTheDocument();
  });

  it('lists the price periods, newest first, with their source', async () => {
    const later = { ...OPENCOST_DEFAULT_PRICES, cpuCoreHour: 0.0422 };
    render(
      fakeCostsApi({
        getPriceSheet: async () => ({
          current: later,
          periods: [
            { effectiveFrom: '2025-01-01', prices: OPENCOST_DEFAULT_PRICES, source: 'opencost-default' },
            { effectiveFrom: '2025-03-01', prices: later, source: 'billing-import', importId: 'i1' },
          ],
        }),
      }),
    );
    expect(await screen.findByText("OpenCost's defaults")).toBeInTheDocument();
    const rows = screen.getAllByRole('row').map(r => r.textContent);
    expect(rows.findIndex(r => r?.includes('2025-03-01now'))).toBeLessThan(rows.findIndex(r => r?.startsWith('2025-01-012025-03-01')));
    expect(screen.getByText(/Platform admins derive prices from the cloud/)).toBeInTheDocument();
  });

  it('lets platform admins upload a billing export with its format, and apply the rates from a date', async () => {
    const importBillingExport = jest.fn(async () => sampleImport());
    const applyBillingImport = jest.fn(async () => sampleImport({ appliedFrom: '2025-03-01' }));
    const listBillingImports = jest.fn().mockResolvedValueOnce([]).mockResolvedValueOnce([sampleImport()]).mockResolvedValue([sampleImport({ appliedFrom: '2025-03-01' })]);
    render(fakeCostsApi({ importBillingExport, applyBillingImport, listBillingImports }), admin);

    expect(await screen.findByText('No billing export imported yet.')).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByLabelText('Format'));
    fireEvent.click(await screen.findByRole('option', { name: 'GCP billing export (CSV)' }));
    const file = new File(['a,b\n'], 'gcp-2025-02.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('Billing export file'), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('cur-2025-02.csv')).toBeInTheDocument();
    expect(importBillingExport).toHaveBeenCalledWith('gcp-billing-csv', file, 'gcp-2025-02.csv');
    expect(screen.getByText('2025-02-01 to 2025-02-28')).toBeInTheDocument();
    expect(screen.getByText('1200 read · CPU 400 · memory 400 · storage 20')).toBeInTheDocument();
    expect(screen.getByText('Spot usage priced at its effective cost')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Apply cur-2025-02.csv from'), { target: { value: '2025-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply cur-2025-02.csv' }));
    expect(await screen.findByText('applied from 2025-03-01')).toBeInTheDocument();
    expect(applyBillingImport).toHaveBeenCalledWith('i1', '2025-03-01');
  });

  it('says what to do when an import fails', async () => {
    const error = new Error('No column lineItem/UsageType: this is not a CUR 2.0 export');
    render(fakeCostsApi({ importBillingExport: () => Promise.reject(error) }), admin);
    const input = await screen.findByLabelText('Billing export file');
    fireEvent.change(input, { target: { files: [new File(['x'], 'wrong.csv')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Could not import wrong.csv: No column lineItem/UsageType: this is not a CUR 2.0 export. Check that the format matches the file, then upload it again.',
      ),
    );
  });
});
