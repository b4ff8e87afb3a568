import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { PricePeriod, monthOf } from '@internal/plugin-idp-costs-common';
import { clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import express from 'express';
import { BillingImportStore, createBillingImportRouter } from './billing';
import { CostStore } from './database/CostStore';
import { createRouter } from './router';
import { CostSampler } from './sampler/CostSampler';
import { PrometheusUsage } from './sampler/PrometheusUsage';
import { MetricsServerUsage } from './sampler/UsageSource';
import { AllocationService } from './services/AllocationService';
import { BudgetCheck } from './services/BudgetCheck';
import { ChargebackService } from './services/ChargebackService';
import { PriceBook } from './services/PriceBook';
import { ShowbackService } from './services/ShowbackService';
import { readCostSettings } from './settings';

/** Showback and chargeback: what each team's workloads cost, sampled from the cluster and kept as rollups. */
export const costsPlugin = createBackendPlugin({
  pluginId: 'idp-costs',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        cluster: clusterAccessServiceRef,
        notifications: notificationService,
        auditor: coreServices.auditor,
      },
      async init({ config, logger, database, scheduler, httpAuth, httpRouter, userInfo, permissions, cluster, notifications, auditor }) {
        const settings = readCostSettings(config);
        const store = await CostStore.create(database);
        const priceBook = await PriceBook.create(config, store);
        const usage = settings.prometheusUrl ? new PrometheusUsage({ url: settings.prometheusUrl }) : new MetricsServerUsage(cluster);
        const sampler = new CostSampler({ cluster, usage, store, priceBook, platformNamespaces: settings.platformNamespaces, intervalMinutes: settings.sampleIntervalMinutes, logger });
        const showback = new ShowbackService({ store, priceBook, settings });
        const chargeback = new ChargebackService({ store, priceBook, settings });
        const budgets = new BudgetCheck({ store, priceBook, settings, notifications, logger });
        // Billing exports stream in raw: their router comes before any body parser.
        const billingSink = { current: async () => priceBook.view().current, addPeriod: (period: PricePeriod) => priceBook.addPeriod(period) };
        const billingImports = new BillingImportStore(await database.getClient());
        httpRouter.use((await createBillingImportRouter({ httpAuth, userInfo, store: billingImports, priceBook: billingSink, auditor })) as express.Router);
        httpRouter.use((await createRouter({ httpAuth, userInfo, permissions, priceBook, showback, chargeback, allocation: new AllocationService({ store }) })) as express.Router);

        // Each task runs once across replicas (the scheduler's database lock).
        await scheduler.scheduleTask({
          id: 'idp-costs-sample',
          frequency: { minutes: settings.sampleIntervalMinutes },
          timeout: { minutes: Math.max(2, settings.sampleIntervalMinutes) },
          fn: async () => {
            await sampler.run(new Date());
          },
        });
        await scheduler.scheduleTask({
          id: 'idp-costs-prune',
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const removed = await store.prune(new Date(), settings.retention);
            logger.info(`Pruned cost data past retention: ${JSON.stringify(removed)}`);
          },
        });
        await scheduler.scheduleTask({
          id: 'idp-costs-right-sizing',
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 2 },
          fn: async () => {
            await showback.refreshRightSizing(new Date());
          },
        });
        await scheduler.scheduleTask({
          id: 'idp-costs-budgets',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 10 },
          fn: async () => {
            await budgets.run(new Date());
          },
        });
        // Hourly rather than at midnight on the 1st: closing is idempotent, and a missed run catches up.
        await scheduler.scheduleTask({
          id: 'idp-costs-close-month',
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 15 },
          fn: async () => {
            const now = new Date();
            const lastMonth = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)));
            await chargeback.closeMonth(lastMonth, now);
          },
        });
      },
    });
  },
});
