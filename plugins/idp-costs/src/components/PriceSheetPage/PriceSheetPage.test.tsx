import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { costsApiRef } from '../../api/CostsApi';
import { PriceSheetPage } from './PriceSheetPage';

describe('PriceSheetPage', () => {
  it('shows each price with its currency', async () => {
    renderInTestApp(<PriceSheetPage />, {
      apis: [[costsApiRef, { getPriceSheet: async () => ({ currency: 'EUR', cpuCoreHour: 0.03, ramGiBHour: 0.004, storageGiBMonth: 0.05 }) }]],
    });
    expect(await screen.findByText('0.03 EUR')).toBeInTheDocument();
    expect(screen.getByText('0.004 EUR')).toBeInTheDocument();
    expect(screen.getByText('0.05 EUR')).toBeInTheDocument();
  });

  it('explains a failed request', async () => {
    renderInTestApp(<PriceSheetPage />, {
      apis: [[costsApiRef, { getPriceSheet: async () => Promise.reject(new Error('connection refused')) }]],
    });
    expect(await screen.findByText(/Could not load the price sheet/)).toBeInTheDocument();
  });
});
