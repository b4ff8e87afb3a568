import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { UsagePoint } from '@internal/plugin-idp-workloads-common';
import { Area, AreaChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface UsageChartProps<P extends { time: string } = UsagePoint> {
  /** e.g. `CPU`, `Memory`. */
  title: string;
  points: P[];
  value: (point: P) => number;
  request?: number;
  limit?: number;
  format: (value: number) => string;
  /** How far back the chart reaches, and the time it ends (now unless given). */
  windowMs: number;
  now?: number;
  /** Words under the chart for the newest value; against request and limit unless given. */
  summary?: (current: number | undefined) => string;
}

const HEIGHT = 80;
// jsdom has no layout: the chart starts at this width and the ResizeObserver fits it to its box in a browser.
const INITIAL_WIDTH = 300;

const useStyles = makeStyles(theme => ({
  chart: { height: HEIGHT, border: `1px solid ${theme.palette.divider}` },
  legendRequest: { color: theme.palette.info.dark },
  legendLimit: { color: theme.palette.error.dark },
}));

const percent = (value: number, of: number) => (of > 0 ? ` (${Math.round((value / of) * 100)}%)` : '');

/** Words for the current value against request and limit: `12m now · request 250m (5%) · no limit`. */
export function usageSummary(current: number | undefined, request: number | undefined, limit: number | undefined, format: (v: number) => string): string {
  const parts = [current === undefined ? 'no samples yet' : `${format(current)} now`];
  if (request !== undefined && request > 0) parts.push(`request ${format(request)}${current === undefined ? '' : percent(current, request)}`);
  else parts.push('no request');
  if (limit !== undefined) parts.push(`limit ${format(limit)}${current === undefined ? '' : percent(current, limit)}`);
  else parts.push('no limit');
  return parts.join(' · ');
}

/**
 * A small line chart (recharts, as every chart of the portal): a value over the window (usage, or a
 * request rate), with the request (dashed) and the limit (dotted) as horizontal lines when given, a
 * tooltip per point, and the numbers in words beneath.
 */
export function UsageChart<P extends { time: string } = UsagePoint>(props: UsageChartProps<P>) {
  const { title, points, value, request, limit, format, windowMs, now } = props;
  const classes = useStyles();
  const theme = useTheme();
  const end = now ?? Date.now();
  const start = end - windowMs;
  const values = points.map(value);
  const top = Math.max(1, ...values, request ?? 0, limit ?? 0) * 1.1;
  const data = points.map((p, i) => ({ at: Date.parse(p.time), value: values[i] }));
  const current = values.length ? values[values.length - 1] : undefined;
  const summary = props.summary ? props.summary(current) : usageSummary(current, request, limit, format);
  const minutes = Math.round(windowMs / 60_000);
  const legendClass = (part: string) => {
    if (part.startsWith('request')) return classes.legendRequest;
    if (part.startsWith('limit')) return classes.legendLimit;
    return undefined;
  };
  const time = (at: unknown) => new Date(Number(at)).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });

  return (
    <Box>
      <Typography variant="subtitle2">{title}</Typography>
      <Box className={classes.chart} role="img" aria-label={`${title} over the last ${minutes} minutes: ${summary}`}>
        <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: INITIAL_WIDTH, height: HEIGHT }}>
          <AreaChart data={data} margin={{ top: 0, right: 0, bottom: 0, left: 0 }}>
            <XAxis dataKey="at" type="number" domain={[start, end]} hide />
            <YAxis type="number" domain={[0, top]} hide />
            <Tooltip formatter={v => [format(Number(v)), title]} labelFormatter={time} />
            <Area
              dataKey="value"
              type="linear"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              fill={theme.palette.primary.main}
              fillOpacity={0.12}
              dot={points.length === 1}
              isAnimationActive={false}
            />
            {request !== undefined && request > 0 && <ReferenceLine y={request} stroke={theme.palette.info.main} strokeDasharray="6 4" strokeWidth={1.5} />}
            {limit !== undefined && <ReferenceLine y={limit} stroke={theme.palette.error.main} strokeDasharray="2 3" strokeWidth={1.5} />}
          </AreaChart>
        </ResponsiveContainer>
      </Box>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="caption" color="textSecondary">
          −{minutes} min
        </Typography>
        <Typography variant="caption" color="textSecondary">
          now
        </Typography>
      </Box>
      <Typography variant="body2">
        {summary.split(' · ').map((part, i) => (
          <span key={part} className={legendClass(part)}>
            {i > 0 && ' · '}
            {part}
          </span>
        ))}
      </Typography>
    </Box>
  );
}
