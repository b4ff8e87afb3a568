import { SecretView } from '@internal/plugin-idp-secrets-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { formatDate, shortRef } from '../../lib/format';

export interface ExistingKeyListProps {
  secret: SecretView;
  /** Keys getting a new value in this edit. */
  replacing: string[];
  /** Keys removed on save. */
  removing: string[];
  onReplace: (key: string) => void;
  onRemove: (key: string) => void;
  onUndoRemove: (key: string) => void;
}

/** The keys a secret has, by name only: a value is never sent back, so there is none to show, only to replace. */
export function ExistingKeyList({ secret, replacing, removing, onReplace, onRemove, onUndoRemove }: ExistingKeyListProps) {
  return (
    <Box display="flex" flexDirection="column" gridGap={4} component="ul" aria-label={`Keys of ${secret.name}`} m={0} p={0}>
      {secret.keys.map(key => {
        const removed = removing.includes(key.name);
        return (
          <Box component="li" key={key.name} display="flex" alignItems="center" gridGap={8} style={{ listStyle: 'none' }} data-testid={`existing-key-${key.name}`}>
            <Typography variant="body2" style={{ fontFamily: 'monospace', textDecoration: removed ? 'line-through' : undefined }}>
              {key.name}
            </Typography>
            <Chip size="small" variant="outlined" label={`v${key.version}`} title={`Set by ${shortRef(key.updatedBy)} on ${formatDate(key.updatedAt)}`} />
            <Box flexGrow={1} />
            {removed ? (
              <>
                <Typography variant="caption" color="error">
                  removed on save
                </Typography>
                <Button size="small" onClick={() => onUndoRemove(key.name)} aria-label={`Keep ${key.name}`}>
                  Undo
                </Button>
              </>
            ) : (
              <>
                <Button size="small" onClick={() => onReplace(key.name)} disabled={replacing.includes(key.name)} aria-label={`Replace value of ${key.name}`}>
                  Replace value
                </Button>
                <Button size="small" color="secondary" onClick={() => onRemove(key.name)} aria-label={`Remove ${key.name}`}>
                  Remove
                </Button>
              </>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
