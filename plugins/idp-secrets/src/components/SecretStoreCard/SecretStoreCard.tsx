import { InfoCard, Progress, StructuredMetadataTable, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { STORE_NAMES, secretsApiRef } from '@internal/plugin-idp-secrets-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** Where team secrets are kept and how an app spec refers to one. */
export function SecretStoreCard() {
  const secretsApi = useApi(secretsApiRef);
  const { value, loading, error } = useAsync(() => secretsApi.getStore(), [secretsApi]);
  let body;
  if (loading) body = <Progress />;
  else if (error || !value) body = <WarningPanel severity="error" title="Could not load the secret store" message={error?.message ?? 'The secrets backend returned nothing'} />;
  else {
    body = (
      <StructuredMetadataTable
        metadata={{
          Store: STORE_NAMES[value.type] ?? value.type,
          'Reference in an app spec': <code>{value.referenceFormat}</code>,
        }}
      />
    );
  }
  return (
    <InfoCard title="Secret store">
      <Typography variant="body2" paragraph>
        Secret values are write-only: Slipway never shows, logs or stores them outside the store.
      </Typography>
      {body}
    </InfoCard>
  );
}
