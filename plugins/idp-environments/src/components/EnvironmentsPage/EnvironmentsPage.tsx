import { Content } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import { EnvironmentDetailPage } from '../EnvironmentDetailPage';
import { EnvironmentList } from '../EnvironmentList';
import { EnvironmentTypesTable } from '../EnvironmentTypesTable';

function EnvironmentsOverview() {
  const [tab, setTab] = useState(0);
  return (
    <Content>
      <Box mb={2}>
        <Tabs value={tab} onChange={(_, value: number) => setTab(value)} indicatorColor="primary" aria-label="Environments">
          <Tab label="Your environments" id="environments-tab-0" aria-controls="environments-tabpanel-0" />
          <Tab label="Environment types" id="environments-tab-1" aria-controls="environments-tabpanel-1" />
        </Tabs>
      </Box>
      <div role="tabpanel" id={`environments-tabpanel-${tab}`} aria-labelledby={`environments-tab-${tab}`}>
        {tab === 0 ? <EnvironmentList /> : <EnvironmentTypesTable />}
      </div>
    </Content>
  );
}

/** The /environments page: the caller's environments (and the types) at the root, one environment at /:namespace. */
export function EnvironmentsPage() {
  return (
    <Routes>
      <Route path="/" element={<EnvironmentsOverview />} />
      <Route path=":namespace" element={<EnvironmentDetailPage />} />
    </Routes>
  );
}
