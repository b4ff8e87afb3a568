import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { QuotaSummary } from './QuotaSummary';

describe('QuotaSummary', () => {
  it('shows CPU, memory and pods used of the quota', async () => {
    renderInTestApp(
      <QuotaSummary
        quota={[
          { resource: 'limits.cpu', used: '1', hard: '4' },
          { resource: 'pods', used: '18', hard: '20' },
          { resource: 'requests.cpu', used: '250m', hard: '4' },
          { resource: 'requests.memory', used: '512Mi', hard: '8Gi' },
        ]}
      />,
    );
    expect(await screen.findByText('CPU 250m / 4')).toBeInTheDocument();
    expect(screen.getByText('Memory 512Mi / 8Gi')).toBeInTheDocument();
    expect(screen.getByText('Pods 18 / 20')).toBeInTheDocument();
    expect(screen.getByLabelText('Pods 90% of quota')).toBeInTheDocument();
    expect(screen.queryByText(/limits\.cpu/)).not.toBeInTheDocument();
  });

  it('says so when the environment has no quota', async () => {
    renderInTestApp(<QuotaSummary quota={[]} />);
    expect(await screen.findByText('no quota')).toBeInTheDocument();
  });
});
