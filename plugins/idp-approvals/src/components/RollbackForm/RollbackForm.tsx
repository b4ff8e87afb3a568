import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { reasonOf } from '../../lib/errors';
import { requestRouteRef } from '../../routes';

/**
 * Rolls back to the applied request `revisionId`: asks for a reason, creates the new request (which
 * tech leads approve like any) and opens its page, where its diff against today's production is.
 */
export function RollbackForm({ revisionId }: { revisionId: string }) {
  const approvalsApi = useApi(approvalsApiRef);
  const requestLink = useRouteRef(requestRouteRef);
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const rollBack = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const created = await approvalsApi.rollback(revisionId, { reason: reason.trim() });
      navigate(requestLink?.({ id: created.id }) ?? `/approvals/requests/${encodeURIComponent(created.id)}`);
    } catch (error) {
      setFailure(`Could not roll back: ${reasonOf(error)}`);
      setBusy(false);
    }
  };

  return (
    <>
      <Typography variant="body2" color="textSecondary">
        Deploys this revision again as a new request: a tech lead of the team approves it, and its page shows what changes against production today.
      </Typography>
      <TextField
        id={`rollback-reason-${revisionId}`}
        label="Reason"
        helperText="Why roll back; the tech leads read it"
        value={reason}
        onChange={event => setReason(event.target.value)}
        multiline
        minRows={2}
        fullWidth
        variant="outlined"
        margin="dense"
      />
      <Box mt={1}>
        <Button variant="contained" color="primary" disabled={busy || !reason.trim()} onClick={rollBack}>
          Roll back to this revision
        </Button>
      </Box>
      {failure && (
        <Box mt={1}>
          <Typography variant="body2" color="error" role="alert">
            {failure}
          </Typography>
        </Box>
      )}
    </>
  );
}
