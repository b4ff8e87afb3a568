import { EmptyState, Progress, ResponseErrorPanel, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AuditEntryFilters, AuditEntryView } from '@internal/plugin-idp-approvals-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useCallback, useEffect, useState } from 'react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { shortRef } from '../../lib/format';

const OUTCOME_COLOURS: Record<AuditEntryView['status'], 'default' | 'primary' | 'secondary'> = { succeeded: 'primary', refused: 'default', failed: 'secondary' };

const columns: TableColumn<AuditEntryView>[] = [
  { title: 'When', field: 'at', render: row => new Date(row.at).toLocaleString() },
  { title: 'Who', field: 'actor', render: row => shortRef(row.actor) },
  { title: 'Action', field: 'eventId' },
  { title: 'Environment', field: 'namespace', render: row => row.namespace ?? row.environment ?? '—' },
  { title: 'App', field: 'app', render: row => row.app ?? '—' },
  { title: 'Outcome', field: 'status', render: row => <Chip size="small" label={row.status} color={OUTCOME_COLOURS[row.status]} /> },
  { title: 'Error', field: 'error', render: row => row.error ?? '' },
];

/** A user filter as typed: "alice" means the user entity user:default/alice; a full ref is used as given. */
const actorRef = (typed: string) => (typed.includes(':') ? typed : `user:default/${typed}`);

interface Filters {
  namespace: string;
  actor: string;
  action: string;
}
const NO_FILTERS: Filters = { namespace: '', actor: '', action: '' };

/** The audit log as far as the caller may see it (platform admins all, leads their teams', everyone their own actions), newest first. */
export function AuditLog() {
  const approvalsApi = useApi(approvalsApiRef);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<AuditEntryView[]>([]);
  const [next, setNext] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();

  const load = useCallback(
    async (before?: string) => {
      setLoading(true);
      setError(undefined);
      const query: AuditEntryFilters = {
        namespace: filters.namespace.trim() || undefined,
        actor: filters.actor.trim() ? actorRef(filters.actor.trim()) : undefined,
        action: filters.action.trim() || undefined,
        before,
      };
      try {
        const page = await approvalsApi.listAuditEntries(query);
        setItems(previous => (before ? [...previous, ...page.items] : page.items));
        setNext(page.next);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [approvalsApi, filters],
  );

  useEffect(() => {
    setItems([]);
    load();
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const field = (key: keyof Filters, label: string, placeholder: string) => (
    <TextField id={`audit-filter-${key}`} label={label} placeholder={placeholder} size="small" variant="outlined" value={draft[key]} onChange={e => setDraft({ ...draft, [key]: e.target.value })} />
  );

  return (
    <>
      <Box component="form" onSubmit={apply} display="flex" mb={2} style={{ gap: 8 }} aria-label="Audit log filters">
        {field('namespace', 'Environment', 'team-a-prod')}
        {field('actor', 'User', 'alice')}
        {field('action', 'Action', 'deploy-request-decide')}
        <Button type="submit" variant="outlined">
          Filter
        </Button>
      </Box>
      {error && <ResponseErrorPanel error={error} title="Could not load the audit log" />}
      {!error && !loading && items.length === 0 && (
        <EmptyState
          missing="content"
          title="No audit entries"
          description="Changes appear here as they happen: yours, and as a tech lead your teams' (platform admins see everyone's). Clear the filters to see more."
        />
      )}
      {items.length > 0 && <Table title="Audit log" options={{ paging: false, search: false, padding: 'dense' }} columns={columns} data={items} />}
      {loading && <Progress />}
      {next && !loading && (
        <Box mt={2}>
          <Button variant="outlined" onClick={() => load(next)}>
            Load more
          </Button>
        </Box>
      )}
    </>
  );
}
