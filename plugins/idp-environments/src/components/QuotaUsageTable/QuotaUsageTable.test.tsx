import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { QuotaUsageTable } from './QuotaUsageTable';

describe('QuotaUsageTable', () => {
  it('shows used of hard with a bar per resource', async () => {
    renderInTestApp(
      <QuotaUsageTable
        quota={[
          { resource: 'requests.cpu', used: '250m', hard: '4' },
          { resource: 'requests.memory', used: '6Gi', hard: '8Gi' },
          { resource: 'count/widgets', used: 'a lot', hard: '5' },
        ]}
      />,
    );
    expect(await screen.findByText('250m / 4')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'requests.cpu usage' })).toHaveAttribute('aria-valuenow', '6');
    expect(screen.getByText('75%')).toBeInTheDocument();
    expect(screen.getByText('—')).toBeInTheDocument();
  });

  it('says when there is no quota', async () => {
    renderInTestApp(<QuotaUsageTable quota={[]} />);
    expect(await screen.findByText('This environment has no ResourceQuota.')).toBeInTheDocument();
  });
});
