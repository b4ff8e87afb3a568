import { SecretSyncView } from '@internal/plugin-idp-secrets-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';

const HELP: Record<SecretSyncView['state'], string> = {
  synced: 'The environment’s Secret holds the last write',
  pending: 'The store has the last write; the environment’s Secret receives it shortly',
  failed: 'The environment’s Secret did not receive the last write',
  unknown: 'Slipway cannot tell whether the environment’s Secret holds the last write',
};

/** Whether the environment's Secret holds the last write (External Secrets and Vault sync it after), with the store's message. */
export function SyncStateChip({ sync }: { sync: SecretSyncView }) {
  return (
    <>
      <Chip
        size="small"
        label={sync.state}
        title={HELP[sync.state]}
        color={sync.state === 'failed' ? 'secondary' : 'default'}
        variant={sync.state === 'synced' ? 'outlined' : 'default'}
      />
      {sync.message && (
        <Typography variant="caption" display="block" color={sync.state === 'failed' ? 'error' : 'textSecondary'}>
          {sync.message}
        </Typography>
      )}
    </>
  );
}
