import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { EnvironmentPhase } from './EnvironmentPhase';

describe('EnvironmentPhase', () => {
  it.each(['Provisioning', 'Active', 'Terminating'] as const)('shows %s', async phase => {
    renderInTestApp(<EnvironmentPhase phase={phase} />);
    expect(await screen.findByText(phase)).toBeInTheDocument();
  });
});
