import { Content } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';
import { DeployRequestListView } from '../../api/ApprovalsApi';
import { AuditLog } from '../AuditLog';
import { DeployRequestPage } from '../DeployRequestPage';
import { DeployRequestTable } from '../DeployRequestTable';

const TABS: { view: DeployRequestListView; label: string }[] = [
  { view: 'inbox', label: 'Inbox' },
  { view: 'mine', label: 'Mine' },
  { view: 'team', label: 'Team' },
];

/** The last tab, the audit log, has a path of its own: /approvals/audit. */
const AUDIT_TAB = TABS.length;

/** The tabs; the chosen one is in the URL (`?view=mine`, `/audit`) so that a link can open it. */
function ApprovalsOverview({ audit = false }: { audit?: boolean }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const index = audit ? AUDIT_TAB : Math.max(0, TABS.findIndex(tab => tab.view === params.get('view')));
  const choose = (value: number) => {
    if (value === AUDIT_TAB) navigate(audit ? '.' : 'audit');
    else navigate({ pathname: audit ? '..' : '.', search: `?view=${TABS[value].view}` });
  };
  return (
    <Content>
      <Box mb={2}>
        <Tabs value={index} onChange={(_, value: number) => choose(value)} indicatorColor="primary" aria-label="Deploy requests">
          {TABS.map((tab, i) => (
            <Tab key={tab.view} label={tab.label} id={`approvals-tab-${i}`} aria-controls={`approvals-tabpanel-${i}`} />
          ))}
          <Tab label="Audit log" id={`approvals-tab-${AUDIT_TAB}`} aria-controls={`approvals-tabpanel-${AUDIT_TAB}`} />
        </Tabs>
      </Box>
      <div role="tabpanel" id={`approvals-tabpanel-${index}`} aria-labelledby={`approvals-tab-${index}`}>
        {audit ? <AuditLog /> : <DeployRequestTable view={TABS[index].view} />}
      </div>
    </Content>
  );
}

/** The /approvals page: the deploy request lists at the root, the audit log at /audit, one request at /requests/:id. */
export function ApprovalsPage() {
  return (
    <Routes>
      <Route path="/" element={<ApprovalsOverview />} />
      <Route path="audit" element={<ApprovalsOverview audit />} />
      <Route path="requests/:id" element={<DeployRequestPage />} />
    </Routes>
  );
}
