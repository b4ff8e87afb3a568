import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { EnvironmentExpiry } from './EnvironmentExpiry';

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000 + 60000).toISOString();

describe('EnvironmentExpiry', () => {
  it('counts down', async () => {
    renderInTestApp(<EnvironmentExpiry environment={{ expiresAt: inDays(3), protected: false }} />);
    expect(await screen.findByText('expires in 3 days')).toBeInTheDocument();
    expect(screen.queryByText('protected')).not.toBeInTheDocument();
  });

  it('says expired and never', async () => {
    renderInTestApp(
      <>
        <EnvironmentExpiry environment={{ expiresAt: inDays(-1), protected: false }} />
        <EnvironmentExpiry environment={{ protected: true }} />
      </>,
    );
    expect(await screen.findByText('expired')).toBeInTheDocument();
    expect(screen.getByText('never')).toBeInTheDocument();
    expect(screen.getByText('protected')).toBeInTheDocument();
  });
});
