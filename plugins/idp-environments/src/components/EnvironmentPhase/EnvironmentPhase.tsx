import { StatusOK, StatusPending, StatusRunning } from '@backstage/core-components';
import { Environment } from '../../api/types';

/** Provisioning, Active or Terminating, with Backstage's status lights. */
export function EnvironmentPhase({ phase }: { phase: Environment['phase'] }) {
  if (phase === 'Provisioning') return <StatusRunning>Provisioning</StatusRunning>;
  return phase === 'Terminating' ? <StatusPending>Terminating</StatusPending> : <StatusOK>Active</StatusOK>;
}
