import { ApiBlueprint, PageBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import LockIcon from '@material-ui/icons/Lock';
import { secretsApiRef } from './api/SecretsApi';
import { SecretsClient } from './api/SecretsClient';
import { rootRouteRef } from './routes';

const secretsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: secretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new SecretsClient({ discoveryApi, fetchApi }),
    }),
});

const secretsPage = PageBlueprint.make({
  params: {
    path: '/secrets',
    routeRef: rootRouteRef,
    loader: () => import('./components/SecretStorePage').then(m => <m.SecretStorePage />),
  },
});

export const secretsPlugin = createFrontendPlugin({
  pluginId: 'idp-secrets',
  title: 'Secrets',
  icon: <LockIcon />,
  routes: { root: rootRouteRef },
  extensions: [secretsApi, secretsPage],
});
