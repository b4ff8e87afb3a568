import { InfoCard, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { BILLING_EXPORT_FORMATS, BillingExportFormat, BillingImportView } from '@internal/plugin-idp-costs-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { costsApiRef } from '../../api/CostsApi';

const FORMAT_LABELS: Record<BillingExportFormat, string> = {
  'aws-cur-2.0-csv': 'AWS CUR 2.0 (CSV)',
  'aws-cur-2.0-parquet': 'AWS CUR 2.0 (Parquet)',
  'gcp-billing-csv': 'GCP billing export (CSV)',
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function UploadForm({ onImported }: { onImported: () => void }) {
  const costsApi = useApi(costsApiRef);
  const [format, setFormat] = useState<BillingExportFormat>('aws-cur-2.0-csv');
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await costsApi.importBillingExport(format, file, file.name);
      setFile(undefined);
      onImported();
    } catch (error) {
      setProblem(`Could not import ${file.name}: ${messageOf(error)}. Check that the format matches the file, then upload it again.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={16} mb={2}>
      <TextField id="billing-export-format" select size="small" variant="outlined" label="Format" value={format} onChange={e => setFormat(e.target.value as BillingExportFormat)}>
        {BILLING_EXPORT_FORMATS.map(f => (
          <MenuItem key={f} value={f}>
            {FORMAT_LABELS[f]}
          </MenuItem>
        ))}
      </TextField>
      <Button variant="outlined" component="label">
        {file ? file.name : 'Choose a file'}
        <input hidden type="file" aria-label="Billing export file" accept=".csv,.parquet,.gz" onChange={e => setFile(e.target.files?.[0])} />
      </Button>
      <Button variant="contained" color="primary" disabled={!file || busy} onClick={upload}>
        {busy ? 'Importing…' : 'Import'}
      </Button>
      {problem && (
        <Typography role="alert" color="error">
          {problem}
        </Typography>
      )}
    </Box>
  );
}

function ApplyImport({ row, onApplied }: { row: BillingImportView; onApplied: () => void }) {
  const costsApi = useApi(costsApiRef);
  const [from, setFrom] = useState(new Date().toISOString().slice(0, 10));
  const [problem, setProblem] = useState<string>();
  if (row.appliedFrom) return <>applied from {row.appliedFrom}</>;
  const apply = async () => {
    setProblem(undefined);
    try {
      await costsApi.applyBillingImport(row.id, from);
      onApplied();
    } catch (error) {
      setProblem(`Could not apply: ${messageOf(error)}`);
    }
  };
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <TextField type="date" size="small" label="From" value={from} onChange={e => setFrom(e.target.value)} InputLabelProps={{ shrink: true }} inputProps={{ 'aria-label': `Apply ${row.fileName} from` }} />
      <Button size="small" variant="outlined" onClick={apply} aria-label={`Apply ${row.fileName}`}>
        Apply
      </Button>
      {problem && (
        <Typography role="alert" variant="caption" color="error">
          {problem}
        </Typography>
      )}
    </Box>
  );
}

/** Platform admins: billing exports read into rates, with the period they cover; applying one adds a price period. */
export function BillingImports() {
  const costsApi = useApi(costsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(() => costsApi.listBillingImports(), [costsApi]);

  const columns: TableColumn<BillingImportView>[] = [
    { title: 'File', field: 'fileName', highlight: true },
    { title: 'Format', render: row => FORMAT_LABELS[row.format] ?? row.format },
    { title: 'Covers', render: row => `${row.periodStart} to ${row.periodEnd}` },
    { title: 'Rows priced', render: row => `${row.rows} read · CPU ${row.matched.cpu} · memory ${row.matched.ram} · storage ${row.matched.storage}` },
    {
      title: 'Derived rates',
      render: row => `${row.derived.cpuCoreHour} / vCPU-h · ${row.derived.ramGiBHour} / GiB-h · ${row.derived.storageGiBMonth} / GiB-month ${row.derived.currency}`,
    },
    { title: 'Notes', render: row => row.notes.join('; ') || '—' },
    { title: 'Imported', render: row => `${row.importedAt.slice(0, 10)} by ${row.importedBy.replace(/^user:[^/]*\//, '')}` },
    { title: 'Apply', render: row => <ApplyImport row={row} onApplied={retry} /> },
  ];
  return (
    <InfoCard title="Billing imports" subheader="Upload the cloud's billing export to derive rates; apply them from a date to start a price period">
      <UploadForm onImported={retry} />
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} title="Could not list the billing imports" />}
      {value && (
        <Table
          options={{ paging: false, search: false, padding: 'dense', toolbar: false }}
          columns={columns}
          data={value}
          emptyContent={<Box p={2}>No billing export imported yet.</Box>}
        />
      )}
    </InfoCard>
  );
}
