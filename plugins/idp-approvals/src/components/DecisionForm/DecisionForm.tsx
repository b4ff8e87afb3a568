import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { DeployRequestView } from '@internal/plugin-idp-approvals-common';
import { useState } from 'react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { reasonOf } from '../../lib/errors';

/** Approve or reject with a comment, as far as `youMay` allows; says why not when it does not. */
export function DecisionForm({ request, onDecided }: { request: DeployRequestView; onDecided: (request: DeployRequestView) => void }) {
  const approvalsApi = useApi(approvalsApiRef);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const { youMay } = request;

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setFailure(undefined);
    try {
      const after = await approvalsApi.decide(request.id, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setComment('');
      onDecided(after);
    } catch (error) {
      setFailure(`Could not ${decision}: ${reasonOf(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const mayDecide = youMay.approve || youMay.reject;
  return (
    <>
      {mayDecide && (
        <TextField
          id="deploy-request-comment"
          label="Comment"
          helperText="Shown to the requester and kept with the decision"
          value={comment}
          onChange={event => setComment(event.target.value)}
          multiline
          minRows={2}
          fullWidth
          variant="outlined"
          margin="dense"
        />
      )}
      <Box display="flex" gridGap={8} mt={1}>
        <Button variant="contained" color="primary" disabled={busy || !youMay.approve} onClick={() => decide('approve')}>
          Approve
        </Button>
        <Button variant="outlined" color="secondary" disabled={busy || !youMay.reject} onClick={() => decide('reject')}>
          Reject
        </Button>
      </Box>
      {youMay.reason && (!youMay.approve || !youMay.reject) && (
        <Box mt={1}>
          <Typography variant="body2" color="textSecondary">
            {youMay.reason}
          </Typography>
        </Box>
      )}
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
