import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import LayersIcon from '@material-ui/icons/Layers';
import { environmentsApiRef } from './api/EnvironmentsApi';
import { EnvironmentsClient } from './api/EnvironmentsClient';
import { rootRouteRef } from './routes';

const environmentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: environmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new EnvironmentsClient({ discoveryApi, fetchApi }),
    }),
});

const environmentsPage = PageBlueprint.make({
  params: {
    path: '/environments',
    routeRef: rootRouteRef,
    loader: () => import('./components/EnvironmentsPage').then(m => <m.EnvironmentsPage />),
  },
});

export const environmentsPlugin = createFrontendPlugin({
  pluginId: 'idp-environments',
  title: 'Environments',
  icon: <LayersIcon />,
  routes: { root: rootRouteRef },
  extensions: [environmentsApi, environmentsPage],
});
