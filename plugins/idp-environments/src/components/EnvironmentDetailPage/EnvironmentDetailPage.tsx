import {
  Content,
  ContentHeader,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { mayDo } from '@internal/plugin-idp-environments-common';
import { EnvironmentSecrets } from '@internal/plugin-idp-secrets-react';
import { EnvironmentWorkloads } from '@internal/plugin-idp-workloads-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Tooltip from '@material-ui/core/Tooltip';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { EnvironmentDetail } from '../../api/types';
import { useCaller } from '../../hooks/useCaller';
import { formatDate, shortRef } from '../../lib/format';
import { EditQuotaDialog } from '../EditQuotaDialog';
import { EnvironmentAction, EnvironmentActionDialogs } from '../EnvironmentActionDialogs';
import { EnvironmentExpiry } from '../EnvironmentExpiry';
import { EnvironmentPhase } from '../EnvironmentPhase';
import { EnvironmentTypeChip } from '../EnvironmentTypeChip';
import { QuotaUsageTable } from '../QuotaUsageTable';
import { ClusterNotReady } from '../ClusterProgressBanner';

function metadata(environment: EnvironmentDetail) {
  return {
    namespace: environment.namespace,
    team: environment.team,
    name: environment.name,
    type: <EnvironmentTypeChip type={environment.type} />,
    status: <EnvironmentPhase phase={environment.phase} />,
    owner: shortRef(environment.owner),
    created: formatDate(environment.createdAt),
    expires: <EnvironmentExpiry environment={environment} />,
    'expires at': environment.expiresAt ? formatDate(environment.expiresAt) : 'never',
    'last activity': formatDate(environment.lastActivityAt),
    protected: environment.protected ? 'yes: never removed automatically' : 'no',
    quota: environment.quotaOverride
      ? `set by a tech lead: ${environment.quotaOverride.cpu} CPU, ${environment.quotaOverride.memory} memory, ${environment.quotaOverride.pods} pods`
      : `the ${environment.type} default`,
    ...(environment.clonedFrom ? { 'cloned from': <Link to={`../${environment.clonedFrom}`}>{environment.clonedFrom}</Link> } : {}),
    ...(environment.preview
      ? { preview: `${environment.preview.repository} pull request #${environment.preview.pullRequest}` }
      : {}),
  };
}

/** The detail page's tabs; the chosen one is in the URL (`?tab=secrets`) so that a link can open it. */
export const ENVIRONMENT_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'secrets', label: 'Secrets' },
] as const;

/** One environment: its fields, quota usage, actions and workloads; its secrets in a tab. Route `/environments/:namespace`. */
export function EnvironmentDetailPage() {
  const { namespace = '' } = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tab = Math.max(0, ENVIRONMENT_TABS.findIndex(t => t.id === search.get('tab')));
  const environmentsApi = useApi(environmentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(() => environmentsApi.getEnvironment(namespace), [environmentsApi, namespace]);
  const [action, setAction] = useState<EnvironmentAction>();
  const [editingQuota, setEditingQuota] = useState(false);
  const caller = useCaller();

  const back = <Link to="..">All environments</Link>;

  if (loading && !value) return <Progress />;
  if (error) {
    if (error instanceof ResponseError && error.statusCode === 404) {
      return (
        <Content>
          <EmptyState
            missing="info"
            title={`No environment ${namespace}`}
            description="It does not exist, was deleted, or belongs to a team you are not in."
            action={back}
          />
        </Content>
      );
    }
    return (
      <Content>
        <ClusterNotReady>
          <ResponseErrorPanel error={error} title={`Could not load environment ${namespace}`} />
        </ClusterNotReady>
        <Box mt={2}>{back}</Box>
      </Content>
    );
  }
  if (!value) return null;

  const terminating = value.phase === 'Terminating';
  const provisioning = value.phase === 'Provisioning';
  const act = (kind: EnvironmentAction['kind']) => () => setAction({ kind, environment: value });
  const mayChangeQuota = caller.value ? mayDo(caller.value, 'quota.change', value) : false;
  let quotaReason: string | undefined;
  if (terminating) quotaReason = `${value.namespace} is being deleted`;
  else if (provisioning) quotaReason = `${value.namespace} is still being created`;
  else if (caller.value && !mayChangeQuota) quotaReason = `Only tech leads of ${value.team} and platform admins can change its quota`;

  return (
    <Content>
      <ContentHeader title={value.namespace} description={`${value.type} environment of ${value.team}`}>
        <Box display="flex" gridGap={8}>
          <Button variant="outlined" onClick={act('extend')} disabled={terminating || provisioning || !value.expiresAt}>
            Extend
          </Button>
          <Tooltip title={quotaReason ?? ''}>
            {/* A disabled button fires no events; the span carries the tooltip that says why. */}
            <span>
              <Button variant="outlined" onClick={() => setEditingQuota(true)} disabled={!mayChangeQuota || terminating || provisioning} aria-describedby="edit-quota-reason">
                Edit quota
              </Button>
              {quotaReason && (
                <span id="edit-quota-reason" hidden>
                  {quotaReason}
                </span>
              )}
            </span>
          </Tooltip>
          <Button variant="outlined" onClick={act('clone')} disabled={terminating || provisioning}>
            Clone
          </Button>
          <Button variant="outlined" color="secondary" onClick={act('delete')} disabled={terminating}>
            Delete
          </Button>
        </Box>
      </ContentHeader>
      <Box mb={2}>{back}</Box>
      <Box mb={2}>
        <Tabs
          value={tab}
          onChange={(_, index: number) => setSearch(index === 0 ? {} : { tab: ENVIRONMENT_TABS[index].id }, { replace: true })}
          indicatorColor="primary"
          aria-label={`About ${value.namespace}`}
        >
          {ENVIRONMENT_TABS.map((t, i) => (
            <Tab key={t.id} label={t.label} id={`environment-tab-${i}`} aria-controls={`environment-tabpanel-${i}`} />
          ))}
        </Tabs>
      </Box>
      <div role="tabpanel" id={`environment-tabpanel-${tab}`} aria-labelledby={`environment-tab-${tab}`}>
        {ENVIRONMENT_TABS[tab].id === 'secrets' ? (
          <EnvironmentSecrets namespace={value.namespace} />
        ) : (
          <Grid container spacing={3}>
            <Grid item xs={12} md={5}>
              <InfoCard title="Environment">
                <StructuredMetadataTable metadata={metadata(value)} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={7}>
              <QuotaUsageTable quota={value.quota} />
            </Grid>
            <Grid item xs={12}>
              <EnvironmentWorkloads namespace={value.namespace} />
            </Grid>
          </Grid>
        )}
      </div>
      {editingQuota && (
        <EditQuotaDialog
          environment={value}
          onClose={() => setEditingQuota(false)}
          onChanged={() => {
            setEditingQuota(false);
            retry();
          }}
        />
      )}
      <EnvironmentActionDialogs
        action={action}
        onClose={() => setAction(undefined)}
        onDone={done => {
          setAction(undefined);
          if (done.kind === 'delete') navigate('..');
          else retry();
        }}
      />
    </Content>
  );
}
