import { InfoCard, StructuredMetadataTable, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { RightSizingSuggestion, TeamShowbackView } from '@internal/plugin-idp-costs-common';
import { efficiencyText, formatEfficiency, formatMoney } from '../../lib/format';

type TopApp = TeamShowbackView['topApps'][number];
type IdleEnvironment = TeamShowbackView['idleEnvironments'][number];

/** What the window cost, per resource, and how much of the request was used. */
export function CostTotals({ view }: { view: TeamShowbackView }) {
  const money = (amount: number) => formatMoney(amount, view.currency);
  return (
    <InfoCard title="Total" subheader={`${view.from} to ${view.to}`}>
      <StructuredMetadataTable
        metadata={{
          CPU: money(view.total.cpu),
          memory: money(view.total.ram),
          storage: money(view.total.storage),
          total: money(view.total.total),
          'CPU efficiency': formatEfficiency(view.efficiency.cpu),
          'memory efficiency': formatEfficiency(view.efficiency.ram),
          ...(view.spread ? { 'idle and shared spread onto the team': `${money(view.spread.idle)} idle · ${money(view.spread.shared)} shared` } : {}),
        }}
      />
      <Typography variant="caption" color="textSecondary">
        Efficiency is usage ÷ request: what the workloads used of what they reserved. A workload pays for the larger of the two.
      </Typography>
    </InfoCard>
  );
}

const useBudgetStyles = makeStyles(theme => ({
  bar: { height: 10, borderRadius: 5 },
  within: { backgroundColor: theme.palette.primary.main },
  over: { backgroundColor: theme.palette.warning.main },
  overText: { color: theme.palette.warning.dark },
}));

/** This month so far, the forecast at today's daily average, and the budget it goes into. */
export function MonthForecast({ view }: { view: TeamShowbackView }) {
  const classes = useBudgetStyles();
  const money = (amount: number) => formatMoney(amount, view.currency);
  const { budget } = view;
  const over = budget !== undefined && budget.forecastPercent > 100;
  return (
    <InfoCard title="This month">
      <StructuredMetadataTable
        metadata={{
          'month to date': money(view.monthToDate),
          forecast: money(view.monthForecast),
          budget: budget ? money(budget.monthly) : 'none set (slipway.costs.budgets)',
        }}
      />
      {budget && (
        <Box mt={2}>
          <LinearProgress
            variant="determinate"
            value={Math.min(100, budget.forecastPercent)}
            aria-label={`Forecast: ${Math.round(budget.forecastPercent)}% of the budget`}
            classes={{ root: classes.bar, bar: over ? classes.over : classes.within }}
          />
          <Typography variant="body2" className={over ? classes.overText : undefined}>
            {over
              ? `The forecast passes the budget: ${Math.round(budget.forecastPercent)}% of ${money(budget.monthly)}. Look at the right-sizing suggestions and idle environments below.`
              : `The forecast is ${Math.round(budget.forecastPercent)}% of the budget.`}
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
}

export function TopAppsTable({ view }: { view: TeamShowbackView }) {
  const money = (amount: number) => formatMoney(amount, view.currency);
  const columns: TableColumn<TopApp>[] = [
    { title: 'App', field: 'app', highlight: true },
    { title: 'Environment', field: 'namespace' },
    { title: 'CPU', render: row => money(row.cost.cpu) },
    { title: 'Memory', render: row => money(row.cost.ram) },
    { title: 'Storage', render: row => money(row.cost.storage) },
    { title: 'Total', render: row => money(row.cost.total), customSort: (a, b) => a.cost.total - b.cost.total },
    { title: 'Efficiency', render: row => efficiencyText(row.efficiency) },
  ];
  return (
    <Table
      title="Top apps"
      subtitle="The most expensive apps of the window"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={view.topApps}
      emptyContent={<Box p={2}>No app cost anything in this window.</Box>}
    />
  );
}

export function IdleEnvironmentsTable({ view }: { view: TeamShowbackView }) {
  const columns: TableColumn<IdleEnvironment>[] = [
    { title: 'Environment', field: 'namespace', highlight: true },
    { title: 'Type', field: 'type' },
    { title: 'Cost', render: row => formatMoney(row.cost, view.currency) },
    { title: 'Efficiency', render: row => efficiencyText(row.efficiency) },
    { title: 'Why', field: 'reason' },
  ];
  return (
    <Table
      title="Idle environments"
      subtitle="Their workloads used almost nothing of what they requested; delete them or let their TTL end"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={view.idleEnvironments}
      emptyContent={<Box p={2}>No idle environments: everything the team runs is in use.</Box>}
    />
  );
}

export function RightSizingTable({ view }: { view: TeamShowbackView }) {
  const columns: TableColumn<RightSizingSuggestion>[] = [
    { title: 'App', render: row => `${row.app} (${row.namespace})`, highlight: true },
    { title: 'Container', field: 'container' },
    { title: 'Resource', field: 'resource' },
    { title: 'Request → suggested', render: row => `${row.request} → ${row.suggested}` },
    { title: 'p95 usage', field: 'p95Usage' },
    {
      title: 'Monthly saving',
      render: row => (row.monthlySaving >= 0 ? formatMoney(row.monthlySaving, view.currency) : `costs ${formatMoney(-row.monthlySaving, view.currency)} more: the request is too low`),
    },
  ];
  return (
    <Table
      title="Right-sizing"
      subtitle="Requests set from the p95 of usage over the window, at the target utilisation"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={view.rightSizing}
      emptyContent={<Box p={2}>No suggestions: every request is within 10% of what its usage needs.</Box>}
    />
  );
}
