import { InfoCard, Progress, StructuredMetadataTable, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import type { AppCostView } from '@internal/plugin-idp-costs-common';
import useAsync from 'react-use/esm/useAsync';
import { costsApiRef } from '../../api/CostsApi';
import { formatMoney } from '../../lib/format';
import { CostChart } from '../CostChart';
import { CostsError, NoCostData } from '../CostsStates';

type EnvironmentLine = AppCostView['byEnvironment'][number];

const DAYS = 30;

/** An app's cost over the last 30 days: per day, per environment, and what it runs at per month. */
export function AppCost({ team, app }: { team: string; app: string }) {
  const costsApi = useApi(costsApiRef);
  const { value, loading, error } = useAsync(() => costsApi.getAppCost(team, app, DAYS), [costsApi, team, app]);

  if (loading) return <Progress />;
  if (error) return <CostsError error={error} title={`Could not load the cost of ${app}`} team={team} />;
  if (!value || value.daily.length === 0) return <NoCostData what={app} />;

  const money = (amount: number) => formatMoney(amount, value.currency);
  const columns: TableColumn<EnvironmentLine>[] = [
    { title: 'Environment', field: 'namespace', highlight: true },
    { title: 'Type', field: 'type' },
    { title: 'CPU', render: row => money(row.cost.cpu) },
    { title: 'Memory', render: row => money(row.cost.ram) },
    { title: 'Storage', render: row => money(row.cost.storage) },
    { title: `Last ${DAYS} days`, render: row => money(row.cost.total) },
    { title: 'Monthly run-rate', render: row => money(row.monthlyRunRate) },
  ];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <InfoCard title="Daily cost" subheader={`The last ${DAYS} days, every environment together`}>
          <CostChart title={`Daily cost of ${app}`} kind="area" currency={value.currency} daily={value.daily.map(d => ({ date: d.date, groups: { [app]: d.total } }))} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="In all">
          <StructuredMetadataTable
            metadata={{
              'monthly run-rate': money(value.monthlyRunRate),
              [`last ${DAYS} days`]: money(value.total.total),
              CPU: money(value.total.cpu),
              memory: money(value.total.ram),
              storage: money(value.total.storage),
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table title="Per environment" options={{ paging: false, search: false, padding: 'dense' }} columns={columns} data={value.byEnvironment} />
      </Grid>
    </Grid>
  );
}
