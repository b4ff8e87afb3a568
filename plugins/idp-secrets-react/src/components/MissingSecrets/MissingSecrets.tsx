import { EnvironmentSecretsView } from '@internal/plugin-idp-secrets-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { consumerText } from '../../lib/format';

export interface MissingSecretsProps {
  missing: EnvironmentSecretsView['missing'];
  canWrite: boolean;
  onSetValues: (name: string, keys: string[]) => void;
}

/** Secrets the environment's workloads refer to that hold no value yet (e.g. after a clone): those workloads cannot start until they are set. */
export function MissingSecrets({ missing, canWrite, onSetValues }: MissingSecretsProps) {
  return (
    <Box component="section" aria-label="Needed by workloads" mb={2}>
      <Typography variant="h6">Needed by workloads</Typography>
      <Typography variant="body2" paragraph>
        These workloads refer to secrets that have no value here yet; they cannot start until the values are set.
      </Typography>
      {missing.map(entry => (
        <Box key={entry.name} display="flex" alignItems="center" gridGap={16} py={1} data-testid={`missing-${entry.name}`}>
          <Box flexGrow={1}>
            <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
              {entry.name}
            </Typography>
            <Typography variant="caption" display="block">
              keys: {entry.keys === 'all' ? 'every key the app expects' : entry.keys.join(', ')} · used by {entry.consumers.map(consumerText).join(', ')}
            </Typography>
          </Box>
          {canWrite && (
            <Button variant="outlined" size="small" onClick={() => onSetValues(entry.name, entry.keys === 'all' ? [] : entry.keys)} aria-label={`Set values of ${entry.name}`}>
              Set values
            </Button>
          )}
        </Box>
      ))}
    </Box>
  );
}
