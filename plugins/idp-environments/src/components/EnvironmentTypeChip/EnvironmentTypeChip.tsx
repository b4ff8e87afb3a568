import { EnvironmentType } from '@internal/plugin-idp-environments-common';
import Chip from '@material-ui/core/Chip';

const COLORS: Record<EnvironmentType, 'default' | 'primary' | 'secondary'> = {
  development: 'default',
  preview: 'default',
  staging: 'primary',
  production: 'secondary',
};

/** An environment's type as a small chip; production stands out. */
export function EnvironmentTypeChip({ type }: { type: EnvironmentType }) {
  return <Chip size="small" label={type} color={COLORS[type] ?? 'default'} variant={type === 'preview' ? 'outlined' : 'default'} />;
}
