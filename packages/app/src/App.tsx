import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import appsPlugin from '@internal/plugin-idp-apps';
import approvalsPlugin from '@internal/plugin-idp-approvals';
import environmentsPlugin from '@internal/plugin-idp-environments';
import secretsPlugin from '@internal/plugin-idp-secrets';
import costsPlugin from '@internal/plugin-idp-costs';
import workloadsPlugin from '@internal/plugin-idp-workloads';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Other Backstage plugins in package.json are discovered (app.packages: all in app-config).
export default createApp({
  features: [catalogPlugin, environmentsPlugin, appsPlugin, workloadsPlugin, secretsPlugin, costsPlugin, approvalsPlugin, navModule, signInModule],
});
