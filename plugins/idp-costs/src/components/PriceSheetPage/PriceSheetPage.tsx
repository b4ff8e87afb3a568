import { Content, ContentHeader, InfoCard, Link, Progress, ResponseErrorPanel, StructuredMetadataTable, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { PricePeriod } from '@internal/plugin-idp-costs-common';
import useAsync from 'react-use/esm/useAsync';
import { costsApiRef } from '../../api/CostsApi';
import { useCaller } from '../../hooks/useCaller';
import { BillingImports } from '../BillingImports';

const SOURCES: Record<PricePeriod['source'], string> = {
  'opencost-default': "OpenCost's defaults",
  config: 'app-config (slipway.costs)',
  'billing-import': 'a billing import',
};

function PricePeriodsTable({ periods }: { periods: PricePeriod[] }) {
  const sorted = [...periods].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  const columns: TableColumn<PricePeriod & { until: string }>[] = [
    { title: 'From', field: 'effectiveFrom' },
    { title: 'Until', field: 'until' },
    { title: 'CPU, per vCPU-hour', render: row => `${row.prices.cpuCoreHour} ${row.prices.currency}` },
    { title: 'Memory, per GiB-hour', render: row => `${row.prices.ramGiBHour} ${row.prices.currency}` },
    { title: 'Storage, per GiB-month', render: row => `${row.prices.storageGiBMonth} ${row.prices.currency}` },
    { title: 'Source', render: row => SOURCES[row.source] ?? row.source },
  ];
  return (
    <Table
      title="Price periods"
      subtitle="Each cost is computed with the prices in effect when it was sampled: a new period never rewrites history"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={sorted.map((period, i) => ({ ...period, until: i === 0 ? 'now' : sorted[i - 1].effectiveFrom }))}
    />
  );
}

/** `/costs/prices`: the prices Slipway computes every cost with, their periods, and (platform admins) billing imports. */
export function PriceSheetPage() {
  const costsApi = useApi(costsApiRef);
  const caller = useCaller();
  const { value, loading, error } = useAsync(() => costsApi.getPriceSheet(), [costsApi]);

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Content>
        <ResponseErrorPanel error={error ?? new Error('The costs backend returned no price sheet')} title="Could not load the price sheet" />
      </Content>
    );
  }
  const money = (amount: number) => `${amount} ${value.current.currency}`;
  return (
    <Content>
      <ContentHeader title="Prices" description="What a vCPU-hour, a GiB-hour of memory and a GiB-month of storage cost">
        <Link to="..">Back to costs</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12} md={5}>
          <InfoCard title="Price sheet">
            <Typography variant="body2" paragraph>
              A workload costs max(requested, used) × price for each resource, as in the OpenCost specification.
            </Typography>
            <StructuredMetadataTable
              metadata={{
                'CPU, per vCPU-hour': money(value.current.cpuCoreHour),
                'Memory, per GiB-hour': money(value.current.ramGiBHour),
                'Storage, per GiB-month': money(value.current.storageGiBMonth),
              }}
            />
          </InfoCard>
        </Grid>
        {value.periods.length > 0 && (
          <Grid item xs={12} md={7}>
            <PricePeriodsTable periods={value.periods} />
          </Grid>
        )}
        <Grid item xs={12}>
          {caller.value?.isPlatformAdmin ? (
            <BillingImports />
          ) : (
            <Box>
              <Typography variant="body2" color="textSecondary">
                Platform admins derive prices from the cloud&apos;s billing export (AWS CUR 2.0, GCP billing export) here.
              </Typography>
            </Box>
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
