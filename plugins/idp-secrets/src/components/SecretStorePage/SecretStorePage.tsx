import { Content, InfoCard, Progress, ResponseErrorPanel, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { secretsApiRef } from '../../api/SecretsApi';

const STORE_NAMES = { kubernetes: 'Kubernetes Secrets in each environment namespace' } as const;

/** Where team secrets live and how apps reference them. */
export function SecretStorePage() {
  const secretsApi = useApi(secretsApiRef);
  const { value, loading, error } = useAsync(() => secretsApi.getStore(), [secretsApi]);

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Content>
        <ResponseErrorPanel error={error ?? new Error('The secrets backend returned nothing')} title="Could not load the secret store" />
      </Content>
    );
  }
  return (
    <Content>
      <InfoCard title="Secret store">
        <Typography variant="body2" paragraph>
          Secret values are write-only: Slipway never shows, logs or stores them outside the store.
        </Typography>
        <StructuredMetadataTable
          metadata={{
            Store: STORE_NAMES[value.type] ?? value.type,
            'Reference in an app spec': value.referenceFormat,
          }}
        />
      </InfoCard>
    </Content>
  );
}
