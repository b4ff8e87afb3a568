import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { EnvironmentTypeChip } from './EnvironmentTypeChip';

describe('EnvironmentTypeChip', () => {
  it('names the type', async () => {
    renderInTestApp(<EnvironmentTypeChip type="production" />);
    expect(await screen.findByText('production')).toBeInTheDocument();
  });
});
