import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { UsagePoint } from '@internal/plugin-idp-workloads-common';

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

const WIDTH = 300;
const HEIGHT = 80;

const useStyles = makeStyles(theme => ({
  svg: { display: 'block', width: '100%', height: HEIGHT, border: `1px solid ${theme.palette.divider}` },
  usage: { stroke: theme.palette.primary.main, fill: 'none', strokeWidth: 2 },
  area: { fill: theme.palette.primary.main, opacity: 0.12 },
  request: { stroke: theme.palette.info.main, strokeDasharray: '6 4', strokeWidth: 1.5 },
  limit: { stroke: theme.palette.error.main, strokeDasharray: '2 3', strokeWidth: 1.5 },
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
 * A small line chart in plain SVG: a value over the window (usage, or a request rate), with the
 * request (dashed) and the limit (dotted) as horizontal lines when given; the numbers in words beneath.
 */
export function UsageChart<P extends { time: string } = UsagePoint>(props: UsageChartProps<P>) {
  const { title, points, value, request, limit, format, windowMs, now } = props;
  const classes = useStyles();
  const end = now ?? Date.now();
  const start = end - windowMs;
  const values = points.map(value);
  const top = Math.max(1, ...values, request ?? 0, limit ?? 0) * 1.1;
  const x = (time: string) => ((Date.parse(time) - start) / windowMs) * WIDTH;
  const y = (v: number) => HEIGHT - (v / top) * HEIGHT;
  const path = points.map((p, i) => `${x(p.time).toFixed(1)},${y(values[i]).toFixed(1)}`).join(' ');
  const current = values.length ? values[values.length - 1] : undefined;
  const summary = props.summary ? props.summary(current) : usageSummary(current, request, limit, format);
  const minutes = Math.round(windowMs / 60_000);
  const legendClass = (part: string) => {
    if (part.startsWith('request')) return classes.legendRequest;
    if (part.startsWith('limit')) return classes.legendLimit;
    return undefined;
  };

  return (
    <Box>
      <Typography variant="subtitle2">{title}</Typography>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title} over the last ${minutes} minutes: ${summary}`}
      >
        {points.length > 1 && <polygon className={classes.area} points={`${x(points[0].time).toFixed(1)},${HEIGHT} ${path} ${x(points[points.length - 1].time).toFixed(1)},${HEIGHT}`} />}
        {points.length > 0 && <polyline className={classes.usage} points={path} vectorEffect="non-scaling-stroke" />}
        {points.length === 1 && <circle cx={x(points[0].time)} cy={y(values[0])} r={2} className={classes.usage} />}
        {request !== undefined && request > 0 && (
          <line className={classes.request} x1={0} x2={WIDTH} y1={y(request)} y2={y(request)} vectorEffect="non-scaling-stroke" />
        )}
        {limit !== undefined && <line className={classes.limit} x1={0} x2={WIDTH} y1={y(limit)} y2={y(limit)} vectorEffect="non-scaling-stroke" />}
      </svg>
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
