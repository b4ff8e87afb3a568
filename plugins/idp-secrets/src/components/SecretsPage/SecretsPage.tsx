import { Content, ContentHeader } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EnvironmentSecrets } from '@internal/plugin-idp-secrets-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { rootRouteRef } from '../../routes';
import { EnvironmentPicker } from '../EnvironmentPicker';
import { SecretStoreCard } from '../SecretStoreCard';

/** The chosen environment's secrets (from the path) beside the store; the picker changes the path. */
function EnvironmentSecretsView() {
  const { namespace } = useParams();
  const navigate = useNavigate();
  const root = useRouteRef(rootRouteRef);
  return (
    <Content>
      <ContentHeader title="Secrets" description="Write-only values per environment" />
      <Box mb={3}>
        <EnvironmentPicker namespace={namespace} onChange={chosen => navigate(`${root?.() ?? '/secrets'}/${encodeURIComponent(chosen)}`)} />
      </Box>
      <Grid container spacing={3}>
        {namespace && (
          <Grid item xs={12}>
            <EnvironmentSecrets namespace={namespace} />
          </Grid>
        )}
        <Grid item xs={12} md={namespace ? 6 : 8}>
          <SecretStoreCard />
        </Grid>
      </Grid>
    </Content>
  );
}

/** `/secrets`: choose an environment; `/secrets/:namespace`: its secrets. */
export function SecretsPage() {
  return (
    <Routes>
      <Route path="/" element={<EnvironmentSecretsView />} />
      <Route path=":namespace" element={<EnvironmentSecretsView />} />
    </Routes>
  );
}
