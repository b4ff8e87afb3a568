import { ApiBlueprint, PageBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isSlipwayApp } from '@internal/plugin-idp-apps-common';
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

// /costs: the caller's team (admins: every team), /costs/teams/:team(/chargeback/:month), /costs/prices.
const costsPage = PageBlueprint.make({
  params: {
    path: '/costs',
    routeRef: rootRouteRef,
    loader: () => import('./components/CostsPage').then(m => <m.CostsPage />),
  },
});

// An app's component page: what it costs, per day and per environment.
export const appCostContent = EntityContentBlueprint.make({
  name: 'app-cost',
  params: {
    path: 'cost',
    title: 'Cost',
    filter: isSlipwayApp,
    loader: () => import('./components/AppCostContent').then(m => <m.AppCostContent />),
  },
});

export const costsPlugin = createFrontendPlugin({
  pluginId: 'idp-costs',
  title: 'Costs',
  icon: <MoneyIcon />,
  routes: { root: rootRouteRef },
  extensions: [costsApi, costsPage, appCostContent],
});
