import { ApiBlueprint, PageBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { costsApiRef } from './api/CostsApi';
import { CostsClient } from './api/CostsClient';
import { rootRouteRef } from './routes';

const costsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new CostsClient({ discoveryApi, fetchApi }),
    }),
});

const costsPage = PageBlueprint.make({
  params: {
    path: '/costs',
    routeRef: rootRouteRef,
    loader: () => import('./components/PriceSheetPage').then(m => <m.PriceSheetPage />),
  },
});

export const costsPlugin = createFrontendPlugin({
  pluginId: 'idp-costs',
  title: 'Costs',
  icon: <MoneyIcon />,
  routes: { root: rootRouteRef },
  extensions: [costsApi, costsPage],
});
