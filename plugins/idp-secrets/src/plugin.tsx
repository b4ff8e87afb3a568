import { ApiBlueprint, PageBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { SecretsClient, secretsApiRef } from '@internal/plugin-idp-secrets-react';
import LockIcon from '@material-ui/icons/Lock';
import { rootRouteRef } from './routes';

const secretsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: secretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new SecretsClient({ discoveryApi, fetchApi }),
    }),
});

// Choose an environment at /secrets, its secrets at /secrets/:namespace.
export const secretsPage = PageBlueprint.make({
  params: {
    path: '/secrets',
    routeRef: rootRouteRef,
    loader: () => import('./components/SecretsPage').then(m => <m.SecretsPage />),
  },
});

// Template form field: a secret reference of the environment the form deploys to.
export const secretReferenceField = FormFieldBlueprint.make({
  name: 'secret-reference',
  params: { field: () => import('./scaffolder/fields').then(m => m.secretReferenceFormField) },
});

export const secretsPlugin = createFrontendPlugin({
  pluginId: 'idp-secrets',
  title: 'Secrets',
  icon: <LockIcon />,
  routes: { root: rootRouteRef },
  extensions: [secretsApi, secretsPage, secretReferenceField],
});
