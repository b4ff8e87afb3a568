import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { environmentsPermissions, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { environmentPermissionResourceRef, environmentPermissionRules } from '@internal/plugin-idp-environments-node';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ImpersonationScope } from './services/ImpersonationScope';
import { EnvironmentAccess } from './services/EnvironmentAccess';
import { EnvironmentJanitor } from './services/EnvironmentJanitor';
import { PreviewEnvironments, readPreviewSettings } from './services/PreviewEnvironments';
import { createRouter } from './router';
import { createClusterProgressRouter } from './clusterProgressRouter';
import { LocalClusterProgress } from './services/LocalClusterProgress';
import { EnvironmentCloner } from './services/EnvironmentCloner';
import { EnvironmentService } from './services/EnvironmentService';

/** Self-service environments: one namespace per team and environment. */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'idp-environments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        cluster: clusterAccessServiceRef,
      },
      async init({ config, httpAuth, httpRouter, logger, userInfo, permissions, auditor, auth, catalog, permissionsRegistry, scheduler, notifications, cluster }) {
        // Invalid config stops the backend at start, naming the key, rather than at first use.
        const environmentTypes = resolveEnvironmentTypes(config.getOptional('slipway.environments.types'));
        const environments = EnvironmentService.create({ cluster, types: environmentTypes, logger });
        permissionsRegistry.addResourceType({
          resourceRef: environmentPermissionResourceRef,
          permissions: environmentsPermissions,
          rules: Object.values(environmentPermissionRules),
          getResources: namespaces => Promise.all(namespaces.map(namespace => environments.find(namespace))),
        });
        const janitorConfig = config.getOptionalConfig('slipway.environments.janitor');
        const janitor = EnvironmentJanitor.create({ cluster, logger, notifications, auditor, dryRun: janitorConfig?.getOptionalBoolean('dryRun') });
        // Global scope: one run at a time across backend replicas (the scheduler locks in the database).
        await scheduler.scheduleTask({
          id: 'idp-environments-janitor',
          scope: 'global',
          frequency: (janitorConfig?.getOptional('frequency') as { minutes?: number; hours?: number }) ?? { minutes: 15 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const run = await janitor.run();
            logger.info(`Janitor${run.dryRun ? ' (dry run)' : ''}: deleted ${run.deleted.length}, warned ${run.notified.length}, kept ${run.kept}, failed ${run.failed.length}`, {
              deleted: run.deleted.join(','),
              notified: run.notified.join(','),
              failed: run.failed.map(f => `${f.namespace}: ${f.error}`).join('; '),
            });
          },
        });

        const ruleset = permissionsRegistry.getPermissionRuleset(environmentPermissionResourceRef);
        const previews = new PreviewEnvironments(environments, readPreviewSettings(config), logger);
        const cloner = new EnvironmentCloner(environments, cluster, logger);
        // Whom the portal may impersonate follows the catalog's organisation (once across replicas).
        const impersonation = new ImpersonationScope({ catalog, auth, cluster, logger });
        await scheduler.scheduleTask({
          id: 'idp-environments-impersonation-scope',
          scope: 'global',
          frequency: { minutes: 10 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const synced = await impersonation.sync();
            if (synced) logger.info(`Impersonation scope: ${synced.users} users and ${synced.groups} groups may be impersonated`);
          },
        });

        // Environments made under an earlier access table get today's RoleBindings.
        const access = new EnvironmentAccess({ cluster, logger });
        await scheduler.scheduleTask({
          id: 'idp-environments-access-reconcile',
          scope: 'global',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 20 },
          fn: async () => void (await access.reconcile()),
        });

        httpRouter.use(await createRouter({ httpAuth, userInfo, permissions, ruleset, environmentTypes, environments, cloner, previews, auditor }));
        httpRouter.addAuthPolicy({ path: '/webhooks/github', allow: 'unauthenticated' });
        httpRouter.use(createClusterProgressRouter({ httpAuth, progress: LocalClusterProgress.fromConfig(config) }));
      },
    });
  },
});
