import { ApiBlueprint, PageBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isSlipwayApp } from '@internal/plugin-idp-apps-common';
import ApprovalIcon from '@material-ui/icons/AssignmentTurnedIn';
import { approvalsApiRef } from './api/ApprovalsApi';
import { ApprovalsClient } from './api/ApprovalsClient';
import { requestRouteRef, rootRouteRef } from './routes';

const approvalsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: approvalsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ApprovalsClient({ discoveryApi, fetchApi }),
    }),
});

// The lists at /approvals, one request at /approvals/requests/:id (the link in the tech leads' notification).
export const approvalsPage = PageBlueprint.make({
  params: {
    path: '/approvals',
    routeRef: rootRouteRef,
    loader: () => import('./components/ApprovalsPage').then(m => <m.ApprovalsPage />),
  },
});

// An app's component page: its production revisions, each one a rollback away.
export const appProductionContent = EntityContentBlueprint.make({
  name: 'app-production',
  params: {
    path: 'production',
    title: 'Production',
    filter: isSlipwayApp,
    loader: () => import('./components/AppProductionContent').then(m => <m.AppProductionContent />),
  },
});

export const approvalsPlugin = createFrontendPlugin({
  pluginId: 'idp-approvals',
  title: 'Approvals',
  icon: <ApprovalIcon />,
  routes: { root: rootRouteRef, request: requestRouteRef },
  extensions: [approvalsApi, approvalsPage, appProductionContent],
});
