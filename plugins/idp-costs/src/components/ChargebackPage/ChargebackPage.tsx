import { Content, ContentHeader, InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ChargebackReport } from '@internal/plugin-idp-costs-common';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { costsApiRef } from '../../api/CostsApi';
import { formatMoney, monthLabel, monthOf } from '../../lib/format';
import { CostsError, NoCostData } from '../CostsStates';

// Printed, the report is the page: no sidebar, header bar or buttons, and the content uses the whole sheet.
const usePrintStyles = makeStyles({
  '@global': {
    '@media print': {
      'nav, header, [class*="BackstageSidebar"], [class*="MuiDrawer"], .slipway-no-print': { display: 'none !important' },
      'main, [class*="BackstagePage"], [class*="BackstageContent"]': { margin: '0 !important', padding: '0 !important', overflow: 'visible !important' },
    },
  },
});

const NO_PRINT = 'slipway-no-print';

function ReportLines({ report }: { report: ChargebackReport }) {
  const money = (amount: number) => formatMoney(amount, report.currency);
  return (
    <Table size="small" aria-label={`Chargeback of ${report.team} for ${monthLabel(report.month)}`}>
      <TableHead>
        <TableRow>
          {['Environment', 'Type', 'App', 'CPU', 'Memory', 'Storage', 'Total'].map(title => (
            <TableCell key={title} align={['CPU', 'Memory', 'Storage', 'Total'].includes(title) ? 'right' : 'left'}>
              {title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {report.lines.map(line => (
          <TableRow key={`${line.namespace}/${line.app}`}>
            <TableCell>{line.namespace}</TableCell>
            <TableCell>{line.type}</TableCell>
            <TableCell>{line.app}</TableCell>
            <TableCell align="right">{money(line.cost.cpu)}</TableCell>
            <TableCell align="right">{money(line.cost.ram)}</TableCell>
            <TableCell align="right">{money(line.cost.storage)}</TableCell>
            <TableCell align="right">{money(line.cost.total)}</TableCell>
          </TableRow>
        ))}
        {report.spread && (
          <>
            <TableRow>
              <TableCell colSpan={6}>Idle capacity, spread onto the team</TableCell>
              <TableCell align="right">{money(report.spread.idle)}</TableCell>
            </TableRow>
            <TableRow>
              <TableCell colSpan={6}>Shared platform, spread onto the team</TableCell>
              <TableCell align="right">{money(report.spread.shared)}</TableCell>
            </TableRow>
          </>
        )}
        <TableRow>
          <TableCell colSpan={6}>
            <strong>Total</strong>
          </TableCell>
          <TableCell align="right">
            <strong>{money(report.total)}</strong>
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

function PriceSheetsUsed({ report }: { report: ChargebackReport }) {
  return (
    <Table size="small" aria-label="Price sheets used">
      <TableHead>
        <TableRow>
          {['From', 'CPU, per vCPU-hour', 'Memory, per GiB-hour', 'Storage, per GiB-month', 'Source'].map(title => (
            <TableCell key={title}>{title}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {report.priceSheets.map(period => (
          <TableRow key={period.effectiveFrom}>
            <TableCell>{period.effectiveFrom}</TableCell>
            <TableCell>{`${period.prices.cpuCoreHour} ${period.prices.currency}`}</TableCell>
            <TableCell>{`${period.prices.ramGiBHour} ${period.prices.currency}`}</TableCell>
            <TableCell>{`${period.prices.storageGiBMonth} ${period.prices.currency}`}</TableCell>
            <TableCell>{period.source}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Saves a Blob under a file name, as a download link would. */
function saveAs(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/** `/costs/teams/:team/chargeback/:month`: the month's report, printable, with its CSV; a closed month never changes. */
export function ChargebackPage() {
  usePrintStyles();
  const { team = '', month = monthOf(new Date()) } = useParams();
  const navigate = useNavigate();
  const costsApi = useApi(costsApiRef);
  const [downloadError, setDownloadError] = useState<string>();
  const report = useAsync(() => costsApi.getChargeback(team, month), [costsApi, team, month]);
  const months = useAsync(() => costsApi.listChargebackMonths(team), [costsApi, team]);
  const choices = [...new Set([month, monthOf(new Date()), ...(months.value?.months.map(m => m.month) ?? [])])].sort().reverse();

  const download = async () => {
    setDownloadError(undefined);
    try {
      saveAs(await costsApi.getChargebackCsv(team, month), `chargeback-${team}-${month}.csv`);
    } catch (error) {
      setDownloadError(`Could not download the CSV: ${(error as Error).message}. Try again; the report on this page is the same.`);
    }
  };

  let body: JSX.Element;
  if (report.loading) body = <Progress />;
  else if (report.error) body = <CostsError error={report.error} title={`Could not load the chargeback of ${team} for ${month}`} team={team} />;
  else if (!report.value || report.value.lines.length === 0) body = <NoCostData what={`${team} in ${monthLabel(month)}`} />;
  else {
    const value = report.value;
    body = (
      <>
        <InfoCard title="Line items" subheader="Per environment and app; cost = max(requested, used) × the price in effect that day">
          <ReportLines report={value} />
        </InfoCard>
        <Box mt={3}>
          <InfoCard title="Price sheets used">
            <PriceSheetsUsed report={value} />
          </InfoCard>
        </Box>
        <Typography variant="caption" color="textSecondary">
          Generated {value.generatedAt}
        </Typography>
      </>
    );
  }

  const status = report.value?.status;
  return (
    <Content>
      <ContentHeader title={`Chargeback of ${team}: ${monthLabel(month)}`} description={`In ${report.value?.currency ?? 'the price sheet’s currency'}`}>
        {status && (
          <Chip
            size="small"
            label={status === 'closed' ? `closed${report.value?.closedAt ? ` ${report.value.closedAt.slice(0, 10)}` : ''}: never changes` : 'open: changes until the month ends'}
          />
        )}
      </ContentHeader>
      <Box className={NO_PRINT} display="flex" flexWrap="wrap" alignItems="center" gridGap={16} mb={2}>
        <TextField id="chargeback-month" select size="small" variant="outlined" label="Month" value={month} onChange={e => navigate(`../chargeback/${e.target.value}`)}>
          {choices.map(m => (
            <MenuItem key={m} value={m}>
              {monthLabel(m)}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" onClick={download} disabled={!report.value}>
          Download CSV
        </Button>
        <Button variant="outlined" onClick={() => window.print()} disabled={!report.value}>
          Print
        </Button>
        <Link to="..">Back to {team}&apos;s costs</Link>
      </Box>
      {downloadError && (
        <Typography role="alert" color="error" className={NO_PRINT}>
          {downloadError}
        </Typography>
      )}
      {body}
    </Content>
  );
}
