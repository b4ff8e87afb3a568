import {
  ApiBlueprint,
  AppRootElementBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import LayersIcon from '@material-ui/icons/Layers';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { environmentsApiRef } from './api/EnvironmentsApi';
import { EnvironmentsClient } from './api/EnvironmentsClient';
import { ClusterProgressClient, clusterProgressApiRef } from './api/ClusterProgressApi';
import { ClusterProgressBanner } from './components/ClusterProgressBanner';
import { rootRouteRef } from './routes';

const environmentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: environmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new EnvironmentsClient({ discoveryApi, fetchApi }),
    }),
});

const clusterProgressApi = ApiBlueprint.make({
  name: 'cluster-progress',
  params: defineParams =>
    defineParams({
      api: clusterProgressApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ClusterProgressClient({ discoveryApi, fetchApi }),
    }),
});

// On every page: the local cluster's progress while scripts/dev.sh prepares it.
const clusterProgressBanner = AppRootElementBlueprint.make({
  name: 'cluster-progress',
  params: { element: <ClusterProgressBanner /> },
});

const environmentsPage = PageBlueprint.make({
  params: {
    path: '/environments',
    routeRef: rootRouteRef,
    loader: () => import('./components/EnvironmentsPage').then(m => <m.EnvironmentsPage />),
  },
});

// Template form fields: the caller's teams, and a team's environments (production: a deploy request).
const teamPickerField = FormFieldBlueprint.make({
  name: 'team-picker',
  params: { field: () => import('./scaffolder/fields').then(m => m.teamPickerFormField) },
});
const environmentPickerField = FormFieldBlueprint.make({
  name: 'environment-picker',
  params: { field: () => import('./scaffolder/fields').then(m => m.environmentPickerFormField) },
});

export const environmentsPlugin = createFrontendPlugin({
  pluginId: 'idp-environments',
  title: 'Environments',
  icon: <LayersIcon />,
  routes: { root: rootRouteRef },
  extensions: [environmentsApi, clusterProgressApi, clusterProgressBanner, environmentsPage, teamPickerField, environmentPickerField],
});
