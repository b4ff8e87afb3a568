import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { QuotaUsage } from '../../api/types';
import { usagePercent } from '../../lib/quantity';

/** An environment's ResourceQuota: used of hard per resource, with a bar. */
export function QuotaUsageTable({ quota }: { quota: QuotaUsage[] }) {
  return (
    <InfoCard title="Quota usage" subheader="What the environment uses of its ResourceQuota">
      {quota.length === 0 ? (
        <Typography>This environment has no ResourceQuota.</Typography>
      ) : (
        <Table size="small" aria-label="Quota usage">
          <TableHead>
            <TableRow>
              <TableCell>Resource</TableCell>
              <TableCell>Used / hard</TableCell>
              <TableCell width="40%">Usage</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {quota.map(q => {
              const percent = usagePercent(q.used, q.hard);
              return (
                <TableRow key={q.resource}>
                  <TableCell>{q.resource}</TableCell>
                  <TableCell>
                    {q.used} / {q.hard}
                  </TableCell>
                  <TableCell>
                    {percent === undefined ? (
                      '—'
                    ) : (
                      <Box display="flex" alignItems="center" gridGap={8}>
                        <Box flexGrow={1}>
                          <LinearProgress
                            variant="determinate"
                            value={percent}
                            color={percent >= 90 ? 'secondary' : 'primary'}
                            aria-label={`${q.resource} usage`}
                          />
                        </Box>
                        <Typography variant="body2">{Math.round(percent)}%</Typography>
                      </Box>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
