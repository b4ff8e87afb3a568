import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import type { CostSeriesPoint } from '@internal/plugin-idp-costs-common';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, shortDate } from '../../lib/format';

export type CostChartKind = 'area' | 'bar';

export interface CostChartProps {
  /** Read by screen readers with the window's total and its largest group, e.g. `Daily cost of team-a by environment`. */
  title: string;
  daily: CostSeriesPoint[];
  currency: string;
  kind?: CostChartKind;
  height?: number;
}

// One palette for every cost chart; idle and shared are greys so they never read as a team.
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const LINE_COLOURS: Record<string, string> = { idle: '#9e9e9e', shared: '#616161' };
// jsdom has no layout: the chart starts at this size and the ResizeObserver fits it to its box in a browser.
const INITIAL_WIDTH = 800;

/** The groups of a series, the most expensive first, with what each cost over the window. */
export function seriesGroups(daily: CostSeriesPoint[]): Array<{ group: string; total: number }> {
  const totals = new Map<string, number>();
  for (const point of daily) for (const [group, amount] of Object.entries(point.groups)) totals.set(group, (totals.get(group) ?? 0) + amount);
  return [...totals].map(([group, total]) => ({ group, total })).sort((a, b) => b.total - a.total || a.group.localeCompare(b.group));
}

/** Daily cost stacked by group (environment, app, team, idle, shared), with a legend and a tooltip in the currency. */
export function CostChart({ title, daily, currency, kind = 'bar', height = 280 }: CostChartProps) {
  const theme = useTheme();
  const groups = seriesGroups(daily);
  const total = groups.reduce((sum, g) => sum + g.total, 0);
  const summary = groups.length
    ? `${daily.length} days, ${formatMoney(total, currency)} in all; the largest is ${groups[0].group} at ${formatMoney(groups[0].total, currency)}`
    : 'no costs in this window';
  const colour = (group: string, i: number) => LINE_COLOURS[group] ?? PALETTE[i % PALETTE.length];
  const money = (value: unknown) => formatMoney(Number(value), currency);
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke={theme.palette.divider} />,
    <XAxis key="x" dataKey="date" tickFormatter={shortDate} stroke={theme.palette.text.secondary} />,
    <YAxis key="y" tickFormatter={value => money(value)} width={90} stroke={theme.palette.text.secondary} />,
    <Tooltip key="tooltip" formatter={(value, name) => [money(value), name]} labelFormatter={label => shortDate(String(label))} />,
    <Legend key="legend" />,
  ];
  const value = (group: string) => (point: CostSeriesPoint) => point.groups[group] ?? 0;

  return (
    <Box role="img" aria-label={`${title}: ${summary}`} width="100%" height={height}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: INITIAL_WIDTH, height }}>
        {kind === 'area' ? (
          <AreaChart data={daily}>
            {axes}
            {groups.map(({ group }, i) => (
              <Area key={group} name={group} dataKey={value(group)} stackId="cost" type="monotone" stroke={colour(group, i)} fill={colour(group, i)} isAnimationActive={false} />
            ))}
          </AreaChart>
        ) : (
          <BarChart data={daily}>
            {axes}
            {groups.map(({ group }, i) => (
              <Bar key={group} name={group} dataKey={value(group)} stackId="cost" fill={colour(group, i)} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </Box>
  );
}
