import { StatusOK, StatusPending } from '@backstage/core-components';
import { Environment } from '../../api/types';

/** Active or Terminating, with Backstage's status lights. */
export function EnvironmentPhase({ phase }: { phase: Environment['phase'] }) {
  return phase === 'Terminating' ? <StatusPending>Terminating</StatusPending> : <StatusOK>Active</StatusOK>;
}
