import { ApiBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { WorkloadsClient, workloadsApiRef } from '@internal/plugin-idp-workloads-react';
import ViewListIcon from '@material-ui/icons/ViewList';
import { isSlipwayApp } from './appOfEntity';

const workloadsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: workloadsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new WorkloadsClient({ discoveryApi, fetchApi }),
    }),
});

// An app's component page: its workloads in each of its team's environments.
export const appWorkloadsContent = EntityContentBlueprint.make({
  name: 'app-workloads',
  params: {
    path: 'workloads',
    title: 'Workloads',
    filter: isSlipwayApp,
    loader: () => import('./components/AppWorkloadsContent').then(m => <m.AppWorkloadsContent />),
  },
});

export const workloadsPlugin = createFrontendPlugin({
  pluginId: 'idp-workloads',
  title: 'Workloads',
  icon: <ViewListIcon />,
  extensions: [workloadsApi, appWorkloadsContent],
});
