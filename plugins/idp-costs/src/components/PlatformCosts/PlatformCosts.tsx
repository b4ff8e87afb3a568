import { InfoCard, Link, Progress, StructuredMetadataTable, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { PlatformShowbackView } from '@internal/plugin-idp-costs-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costsApiRef } from '../../api/CostsApi';
import { formatMoney } from '../../lib/format';
import { CostChart, CostChartKind } from '../CostChart';
import { CostsError, NoCostData } from '../CostsStates';
import { ChoiceButtons } from '../TeamCostsPage';

type TeamLine = PlatformShowbackView['teams'][number];

/** The platform admins' view: every team's cost, and the idle and shared lines no team ran. */
export function PlatformCosts() {
  const costsApi = useApi(costsApiRef);
  const [kind, setKind] = useState<CostChartKind>('bar');
  const { value, loading, error } = useAsync(() => costsApi.getPlatformShowback(), [costsApi]);

  if (loading) return <Progress />;
  if (error) return <CostsError error={error} title="Could not load every team's costs" />;
  if (!value || value.daily.length === 0) return <NoCostData />;

  const money = (amount: number) => formatMoney(amount, value.currency);
  const columns: TableColumn<TeamLine>[] = [
    { title: 'Team', field: 'team', highlight: true, render: row => <Link to={`teams/${encodeURIComponent(row.team)}`}>{row.team}</Link> },
    { title: 'Cost in the window', render: row => money(row.total), customSort: (a, b) => a.total - b.total },
    { title: 'Month forecast', render: row => money(row.monthForecast) },
    {
      title: 'Budget',
      render: row => {
        if (row.budget === undefined) return '—';
        const percent = Math.round((row.monthForecast / row.budget) * 100);
        return (
          <Typography variant="body2" color={percent > 100 ? 'error' : 'textPrimary'}>
            {money(row.budget)} ({percent}% forecast)
          </Typography>
        );
      },
    },
  ];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Daily cost by team" subheader={`${value.from} to ${value.to}, in ${value.currency}; idle and shared are their own lines`}>
          <ChoiceButtons label="Chart" value={kind} onChange={setKind} choices={[{ value: 'bar', label: 'Bars' }, { value: 'area', label: 'Areas' }]} />
          <CostChart title="Daily cost of every team" daily={value.daily} currency={value.currency} kind={kind} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <Table title="Teams" options={{ paging: false, search: false, padding: 'dense' }} columns={columns} data={value.teams} />
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Idle and shared">
          <StructuredMetadataTable
            metadata={{
              idle: money(value.idle),
              shared: money(value.shared),
              'spread over teams': value.spread ? 'yes, in proportion to their cost' : 'no (slipway.costs.spreadIdleAndShared)',
            }}
          />
          <Typography variant="caption" color="textSecondary">
            Idle: node capacity no workload requested. Shared: the platform&apos;s own namespaces.
          </Typography>
        </InfoCard>
      </Grid>
    </Grid>
  );
}
