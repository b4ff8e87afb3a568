import { ApiBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { appsApiRef } from './api/AppsApi';
import { AppsClient } from './api/AppsClient';

const appsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: appsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new AppsClient({ discoveryApi, fetchApi }),
    }),
});

// Template form field: the live preview of manifests and guard rails, and expert-mode YAML.
const appPreviewField = FormFieldBlueprint.make({
  name: 'app-preview',
  params: { field: () => import('./scaffolder/fields').then(m => m.appPreviewFormField) },
});

export const appsPlugin = createFrontendPlugin({
  pluginId: 'idp-apps',
  title: 'Apps',
  extensions: [appsApi, appPreviewField],
});
