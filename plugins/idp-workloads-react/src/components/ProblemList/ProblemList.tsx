import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { Problem } from '@internal/plugin-idp-workloads-common';

/** Problems in words, one per line; Kubernetes' own words on hover. `—` when there are none. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        —
      </Typography>
    );
  }
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }} aria-label="Problems">
      {problems.map(p => (
        <li key={`${p.reason}|${p.object}|${p.container ?? ''}`}>
          <Tooltip title={p.detail ? `${p.reason}: ${p.detail}` : p.reason}>
            <Typography variant="body2" color="error">
              {p.message}
            </Typography>
          </Tooltip>
        </li>
      ))}
    </ul>
  );
}
