import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { audited } from '@internal/plugin-idp-environments-node';
import { secretsPermissions } from '@internal/plugin-idp-secrets-common';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import express from 'express';
import { SecretMetadataStore } from './database/SecretMetadataStore';
import { createRouter } from './router';
import { createSecretValueStore, prepareSecretValueStore, readSecretStoreSettings } from './secretStore';
import { SCHEDULE_ACTOR, SecretService } from './services/SecretService';

/** Write-only team secrets: metadata in the database, values in the configured store, rotation on the scheduler. */
export const secretsPlugin = createBackendPlugin({
  pluginId: 'idp-secrets',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        cluster: clusterAccessServiceRef,
      },
      async init({ config, logger, database, scheduler, httpAuth, httpRouter, permissions, permissionsRegistry, auditor, cluster }) {
        permissionsRegistry.addPermissions(secretsPermissions);
        const store = readSecretStoreSettings(config);
        const values = createSecretValueStore(store, config, cluster, logger);
        await prepareSecretValueStore(values, logger);
        const metadata = await SecretMetadataStore.create(database);
        const secrets = new SecretService({ metadata, values, cluster, logger });
        httpRouter.use((await createRouter({ httpAuth, permissions, secrets, store, auditor })) as express.Router);
        // Once across replicas (the scheduler's lock); every rotation and grace end is on the audit record.
        await scheduler.scheduleTask({
          id: 'idp-secrets-rotation',
          frequency: { seconds: config.getOptionalNumber('slipway.secrets.rotationCheckSeconds') ?? 60 },
          timeout: { minutes: 10 },
          fn: async () => {
            const result = await secrets.runSchedule();
            const events = [
              ...result.rotated.map(id => ({ id, outcome: 'rotated' })),
              ...result.graceEnded.map(id => ({ id, outcome: 'grace-ended' })),
              ...result.failed.map(id => ({ id, outcome: 'failed' })),
            ];
            for (const { id, outcome } of events) {
              const [namespace, secret] = id.split('/');
              await audited(auditor, { eventId: 'secret-rotate', severityLevel: 'medium', meta: { namespace, secret, actor: SCHEDULE_ACTOR, trigger: 'schedule' } }, async meta => {
                meta.outcome = outcome;
                if (outcome === 'failed') throw new Error(`Scheduled rotation of ${id} failed; see the secret's rotation history`);
              }).catch(() => undefined);
            }
          },
        });
      },
    });
  },
});
