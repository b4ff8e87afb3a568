import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { ApprovalsConfig, approvalsPermissions } from '@internal/plugin-idp-approvals-common';
import { resolveGuardRailSettings } from '@internal/plugin-idp-apps-common';
import { DeploymentService, SecretKeyDirectoryClient } from '@internal/plugin-idp-apps-node';
import { auditLogServiceRef } from '@internal/plugin-idp-environments-node';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { DeployRequestStore } from './database/DeployRequestStore';
import { createRouter } from './router';
import { AuditEntryService } from './services/AuditEntryService';
import { DeployRequestService } from './services/DeployRequestService';

/** Production deploy requests: stored, decided by tech leads, applied once by the platform identity. */
export const approvalsPlugin = createBackendPlugin({
  pluginId: 'idp-approvals',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cluster: clusterAccessServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        auditor: coreServices.auditor,
        auditLog: auditLogServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ config, logger, database, scheduler, lifecycle, httpAuth, httpRouter, userInfo, permissions, permissionsRegistry, cluster, notifications, signals, auditor, auditLog, discovery, auth }) {
        permissionsRegistry.addPermissions(approvalsPermissions);
        const settings = resolveGuardRailSettings(config.getOptional('slipway.guardRails'));
        const secretKeys = SecretKeyDirectoryClient.create({ discovery, auth });
        const deployments = DeploymentService.create({ cluster, permissions, userInfo, settings, logger, secretKeys });
        const store = await DeployRequestStore.create(database);
        const requests = DeployRequestService.create({
          store,
          deployments,
          cluster,
          permissions,
          userInfo,
          config: config.getOptional<ApprovalsConfig>('slipway.approvals'),
          logger,
          notifications,
          signals,
          auditor,
        });
        const auditEntries = AuditEntryService.create({ auditLog, userInfo });
        httpRouter.use(await createRouter({ httpAuth, requests, auditEntries, auditor }));
        await scheduler.scheduleTask({
          id: 'idp-approvals-expire',
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          fn: () => requests.expireDue(),
        });
        // A restart between approval and apply: the grant is still unclaimed, and claimed once.
        lifecycle.addStartupHook(() => {
          requests.resumeApproved().catch(error => logger.error(`Resuming approved deploy requests failed: ${error}`));
        });
        lifecycle.addShutdownHook(() => requests.settled());
      },
    });
  },
});
