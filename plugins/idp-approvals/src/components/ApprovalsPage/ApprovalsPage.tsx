import { Content } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { DeployRequestListView } from '../../api/ApprovalsApi';
import { DeployRequestPage } from '../DeployRequestPage';
import { DeployRequestTable } from '../DeployRequestTable';

const TABS: { view: DeployRequestListView; label: string }[] = [
  { view: 'inbox', label: 'Inbox' },
  { view: 'mine', label: 'Mine' },
  { view: 'team', label: 'Team' },
];

/** The tabs; the chosen one is in the URL (`?view=mine`) so that a link can open it. */
function ApprovalsOverview() {
  const [params, setParams] = useSearchParams();
  const index = Math.max(0, TABS.findIndex(tab => tab.view === params.get('view')));
  return (
    <Content>
      <Box mb={2}>
        <Tabs value={index} onChange={(_, value: number) => setParams({ view: TABS[value].view })} indicatorColor="primary" aria-label="Deploy requests">
          {TABS.map((tab, i) => (
            <Tab key={tab.view} label={tab.label} id={`approvals-tab-${i}`} aria-controls={`approvals-tabpanel-${i}`} />
          ))}
        </Tabs>
      </Box>
      <div role="tabpanel" id={`approvals-tabpanel-${index}`} aria-labelledby={`approvals-tab-${index}`}>
        <DeployRequestTable view={TABS[index].view} />
      </div>
    </Content>
  );
}

/** The /approvals page: the deploy request lists at the root, one request at /requests/:id. */
export function ApprovalsPage() {
  return (
    <Routes>
      <Route path="/" element={<ApprovalsOverview />} />
      <Route path="requests/:id" element={<DeployRequestPage />} />
    </Routes>
  );
}
