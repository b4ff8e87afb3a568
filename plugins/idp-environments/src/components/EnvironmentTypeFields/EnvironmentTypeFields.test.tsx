import { fireEvent, render, screen } from '@testing-library/react';
import { EnvironmentTypeFields } from './EnvironmentTypeFields';

const types = [
  { type: 'development' as const, ttlDays: 7, maxTtlDays: 30, quota: { cpu: '4', memory: '8Gi', pods: 20 } },
  { type: 'production' as const, quota: { cpu: '32', memory: '64Gi', pods: 200 } },
];

function renderFields(overrides: Partial<Parameters<typeof EnvironmentTypeFields>[0]> = {}) {
  const props = {
    idPrefix: 't',
    team: 'team-a',
    lead: false,
    types,
    type: 'development' as const,
    onTypeChange: jest.fn(),
    ttl: '7',
    onTtlChange: jest.fn(),
    ...overrides,
  };
  render(<EnvironmentTypeFields {...props} />);
  return props;
}

describe('EnvironmentTypeFields', () => {
  it('offers production only to leads and says who may create it', () => {
    renderFields();
    expect(screen.getByRole('option', { name: 'production' })).toBeDisabled();
    expect(screen.getByText('Production needs a tech lead of team-a or a platform admin')).toBeInTheDocument();
  });

  it('passes changes up and shows the TTL only for types that expire', () => {
    const props = renderFields({ lead: true });
    expect(screen.getByRole('option', { name: 'production' })).toBeEnabled();
    fireEvent.change(screen.getByLabelText('Time to live (days)'), { target: { value: '12' } });
    expect(props.onTtlChange).toHaveBeenCalledWith('12');
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'production' } });
    expect(props.onTypeChange).toHaveBeenCalledWith('production');
  });

  it('hides the TTL for production and shows errors in place', () => {
    renderFields({ lead: true, type: 'production', typeError: 'type: not allowed' });
    expect(screen.queryByLabelText('Time to live (days)')).not.toBeInTheDocument();
    expect(screen.getByText('type: not allowed')).toBeInTheDocument();
  });
});
