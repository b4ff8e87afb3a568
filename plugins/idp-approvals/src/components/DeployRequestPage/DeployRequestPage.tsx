import { Content, ContentHeader, EmptyState, InfoCard, Link, Progress, ResponseErrorPanel, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useSignal } from '@backstage/plugin-signals-react';
import { DEPLOY_REQUEST_SIGNAL_CHANNEL as signalChannelOf, DeployRequestView } from '@internal/plugin-idp-approvals-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { useNow } from '../../hooks/useNow';
import { expiresInText, formatDate, shortRef } from '../../lib/format';
import { isMoving, latestView } from '../../lib/latestView';
import { DecisionForm } from '../DecisionForm';
import { DeployRequestStatusChip } from '../DeployRequestStatusChip';
import { GuardRailVerdict } from '../GuardRailVerdict';
import { ObjectDiffList } from '../ObjectDiffList';
import { ResourceDeltaTable } from '../ResourceDeltaTable';
import { RollbackForm } from '../RollbackForm';

const OUTCOME_TITLES: Partial<Record<DeployRequestView['status'], string>> = {
  applying: 'Applying',
  applied: 'Applied',
  failed: 'The deploy failed',
  stale: 'Stale: request the deploy again',
  expired: 'Expired: request the deploy again',
  rejected: 'Rejected',
};

function RequestFacts({ request }: { request: DeployRequestView }) {
  const now = useNow();
  return (
    <StructuredMetadataTable
      metadata={{
        status: <DeployRequestStatusChip status={request.status} />,
        requester: shortRef(request.requester),
        reason: request.reason,
        team: request.team,
        namespace: request.namespace,
        requested: formatDate(request.createdAt),
        approvals: `${request.approvals} of ${request.quorum}`,
        expires: request.status === 'pending' ? `${expiresInText(request.expiresAt, now)} (${formatDate(request.expiresAt)})` : '—',
        digest: <code title={request.digest}>{request.digest.slice(0, 12)}</code>,
        ...(request.rollbackOf ? { 'rollback to': <Link to={`../requests/${encodeURIComponent(request.rollbackOf)}`}>the revision of request {request.rollbackOf.slice(0, 8)}</Link> } : {}),
      }}
    />
  );
}

function Decisions({ request }: { request: DeployRequestView }) {
  if (!request.decisions.length) return <Typography variant="body2">No decision yet.</Typography>;
  return (
    <ul>
      {request.decisions.map((decision, i) => (
        <li key={i}>
          <Typography variant="body2">
            <strong>{shortRef(decision.by)}</strong> {decision.decision === 'approve' ? 'approved' : 'rejected'} on {formatDate(decision.at)}
            {decision.comment ? `: “${decision.comment}”` : ''}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

function Outcome({ request }: { request: DeployRequestView }) {
  const { outcome } = request;
  if (!outcome) return null;
  return (
    <InfoCard title={OUTCOME_TITLES[request.status] ?? 'Outcome'} subheader={formatDate(outcome.at)}>
      <Typography variant="body2" color={request.status === 'failed' ? 'error' : 'textPrimary'}>
        {outcome.message}
      </Typography>
      {outcome.objects?.length ? (
        <ul>
          {outcome.objects.map(object => (
            <li key={object}>
              <code>{object}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </InfoCard>
  );
}

/** How often a request being applied is reloaded besides its signals. */
const MOVING_RELOAD_MS = 3_000;

/** One deploy request: what it changes, the verdict, who decided, and approve or reject. Reloads when the backend signals a change. */
export function DeployRequestPage() {
  const { id = '' } = useParams();
  const approvalsApi = useApi(approvalsApiRef);
  const [request, setLatest] = useState<DeployRequestView>();
  const setRequest = useCallback((next: DeployRequestView) => setLatest(shown => latestView(shown, next)), []);
  const { error, retry } = useAsyncRetry(async () => setRequest(await approvalsApi.getRequest(id)), [approvalsApi, id]);
  const { lastSignal } = useSignal(signalChannelOf(id));
  useEffect(() => {
    if (lastSignal) retry();
  }, [lastSignal]); // eslint-disable-line react-hooks/exhaustive-deps
  const moving = isMoving(request);
  useEffect(() => {
    if (!moving) return undefined;
    const timer = setInterval(retry, MOVING_RELOAD_MS);
    return () => clearInterval(timer);
  }, [moving, retry]);

  const back = <Link to="..">All deploy requests</Link>;
  const shown = request?.id === id ? request : undefined;

  if (error && !shown) {
    if (error instanceof ResponseError && error.statusCode === 404) {
      return (
        <Content>
          <EmptyState
            missing="info"
            title={`No deploy request ${id}`}
            description="It does not exist, or belongs to a team you are not in. Check the link, or find the request in your lists."
            action={back}
          />
        </Content>
      );
    }
    return (
      <Content>
        <ResponseErrorPanel error={error} title={`Could not load deploy request ${id}`} />
        <Box mt={2}>{back}</Box>
      </Content>
    );
  }
  if (!shown) return <Progress />;

  return (
    <Content>
      <ContentHeader title={`${shown.app} → ${shown.environment}`} description={`Production deploy of ${shown.team}, requested by ${shortRef(shown.requester)}`}>
        <DeployRequestStatusChip status={shown.status} />
      </ContentHeader>
      <Box mb={2}>{back}</Box>
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel error={error} title="Could not refresh the request; it may have changed" />
        </Box>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard title="Request">
            <RequestFacts request={shown} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Decision">
            <Decisions request={shown} />
            <DecisionForm request={shown} onDecided={setRequest} />
          </InfoCard>
        </Grid>
        {shown.outcome && (
          <Grid item xs={12}>
            <Outcome request={shown} />
          </Grid>
        )}
        {shown.status === 'applied' && (
          <Grid item xs={12}>
            <InfoCard title="Roll back to this revision">
              <RollbackForm revisionId={shown.id} />
            </InfoCard>
          </Grid>
        )}
        <Grid item xs={12} md={6}>
          <InfoCard title="Guard rails">
            <GuardRailVerdict guardRails={shown.guardRails} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Resource change">
            <ResourceDeltaTable delta={shown.resourceDelta} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Changes" subheader="Per object, against what ran when the deploy was requested">
            <ObjectDiffList diff={shown.diff} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <Accordion TransitionProps={{ unmountOnExit: true }}>
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Typography variant="subtitle1">Manifests to apply</Typography>
            </AccordionSummary>
            <AccordionDetails>
              <pre style={{ margin: 0, overflowX: 'auto' }}>{shown.manifestsYaml}</pre>
            </AccordionDetails>
          </Accordion>
        </Grid>
      </Grid>
    </Content>
  );
}
