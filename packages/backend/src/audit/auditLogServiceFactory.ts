import { DatabaseManager } from '@backstage/backend-defaults/database';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { AuditLogStore, auditLogServiceRef } from '@internal/plugin-idp-environments-node';

/**
 * The audit log's store: a database of its own (`slipway-audit`, configured like any plugin's under
 * backend.database), shared by every plugin's auditor and read by the audit page's route.
 */
export const auditLogServiceFactory = createServiceFactory({
  service: auditLogServiceRef,
  deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger, lifecycle: coreServices.rootLifecycle },
  async factory({ config, logger, lifecycle }) {
    const database = DatabaseManager.fromConfig(config).forPlugin('slipway-audit', { logger: logger.child({ plugin: 'slipway-audit' }), lifecycle });
    return AuditLogStore.create(await database.getClient(), { skipMigrations: database.migrations?.skip });
  },
});
