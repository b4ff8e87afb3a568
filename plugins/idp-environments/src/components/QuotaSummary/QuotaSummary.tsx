import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { QuotaUsage } from '../../api/types';
import { usagePercent } from '../../lib/quantity';

const SHOWN = [
  { resource: 'requests.cpu', label: 'CPU' },
  { resource: 'requests.memory', label: 'Memory' },
  { resource: 'pods', label: 'Pods' },
];

/** CPU, memory and pods used of the quota, for a list row; the detail page has every line. */
export function QuotaSummary({ quota }: { quota: QuotaUsage[] }) {
  const lines = SHOWN.flatMap(({ resource, label }) => {
    const usage = quota.find(q => q.resource === resource);
    return usage ? [{ label, ...usage, percent: usagePercent(usage.used, usage.hard) ?? 0 }] : [];
  });
  if (lines.length === 0) return <Typography variant="caption">no quota</Typography>;
  return (
    <div style={{ minWidth: 140 }}>
      {lines.map(line => (
        <Tooltip key={line.resource} title={`${line.resource}: ${line.used} of ${line.hard}`}>
          <div>
            <Typography variant="caption">
              {line.label} {line.used} / {line.hard}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={Math.min(100, line.percent)}
              color={line.percent >= 90 ? 'secondary' : 'primary'}
              aria-label={`${line.label} ${Math.round(line.percent)}% of quota`}
            />
          </div>
        </Tooltip>
      ))}
    </div>
  );
}
