import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LockIcon from '@material-ui/icons/Lock';
import { Environment } from '../../api/types';
import { expiryText, formatDate } from '../../lib/format';

/** The TTL countdown ("expires in 3 days", "expired", "never"), and whether the janitor leaves the environment alone. */
export function EnvironmentExpiry({ environment }: { environment: Pick<Environment, 'expiresAt' | 'protected'> }) {
  return (
    <Box display="flex" alignItems="center" gridGap={8} whiteSpace="nowrap">
      <span title={environment.expiresAt ? formatDate(environment.expiresAt) : undefined}>{expiryText(environment.expiresAt)}</span>
      {environment.protected && <Chip size="small" icon={<LockIcon />} label="protected" variant="outlined" />}
    </Box>
  );
}
