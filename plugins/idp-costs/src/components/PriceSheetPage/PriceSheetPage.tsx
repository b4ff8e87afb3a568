import { Content, InfoCard, Progress, ResponseErrorPanel, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { costsApiRef } from '../../api/CostsApi';

/** The prices Slipway computes every cost with, and the rule it applies. */
export function PriceSheetPage() {
  const costsApi = useApi(costsApiRef);
  const { value, loading, error } = useAsync(() => costsApi.getPriceSheet(), [costsApi]);

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Content>
        <ResponseErrorPanel error={error ?? new Error('The costs backend returned no price sheet')} title="Could not load the price sheet" />
      </Content>
    );
  }
  const money = (amount: number) => `${amount} ${value.currency}`;
  return (
    <Content>
      <InfoCard title="Price sheet">
        <Typography variant="body2" paragraph>
          A workload costs max(requested, used) × price for each resource, as in the OpenCost specification.
        </Typography>
        <StructuredMetadataTable
          metadata={{
            'CPU, per vCPU-hour': money(value.cpuCoreHour),
            'Memory, per GiB-hour': money(value.ramGiBHour),
            'Storage, per GiB-month': money(value.storageGiBMonth),
          }}
        />
      </InfoCard>
    </Content>
  );
}
