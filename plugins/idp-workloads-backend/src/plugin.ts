import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterWait, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { workloadsPermissions } from '@internal/plugin-idp-workloads-common';
import { createRouter } from './router';
import { LogFollows, readLogFollowLimits } from './services/logFollows';
import { AccessReview } from './services/AccessReview';
import { EnvironmentViews } from './services/EnvironmentViews';
import { MetricsCollector } from './services/MetricsCollector';
import { MetricsHistory } from './services/MetricsHistory';
import { PodLogs } from './services/PodLogs';
import { readPrometheusSettings } from './services/prometheus';
import { PrometheusRed } from './services/PrometheusRed';
import { WorkloadCache } from './services/WorkloadCache';
import { WorkloadOperations } from './services/WorkloadOperations';

/** Team-scoped status, logs, events and metrics of every environment, from a watch-fed cache. */
export const workloadsPlugin = createBackendPlugin({
  pluginId: 'idp-workloads',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        cluster: clusterAccessServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, userInfo, permissions, permissionsRegistry, auditor, lifecycle, cluster }) {
        // Listed so the permission policy (and its coverage test) knows every permission the portal asks.
        permissionsRegistry.addPermissions(workloadsPermissions);
        const environmentTypes = resolveEnvironmentTypes(config.getOptional('slipway.environments.types'));
        const prometheus = readPrometheusSettings(config);
        const red = prometheus ? new PrometheusRed(prometheus) : undefined;
        const intervalSeconds = config.getOptionalNumber('slipway.workloads.metricsIntervalSeconds') ?? 30;

        const cache = new WorkloadCache(cluster, logger);
        await cache.start();
        lifecycle.addShutdownHook(() => cache.stop());

        // Each backend replica keeps its own hour of samples in memory, so a plain timer, not the
        // database-backed scheduler: there is nothing to coordinate between replicas. Samples are
        // bucketed on the wall clock, so replicas reading the same metrics-server draw the same chart.
        const history = new MetricsHistory({ intervalMs: intervalSeconds * 1000 });
        const collector = new MetricsCollector({ cluster, cache, history, logger });
        const clusterWait = new ClusterWait(logger, 'The pod-metrics collector');
        const collect = () =>
          collector.collect().then(
            () => clusterWait.up(),
            error => clusterWait.absorbs(error) || logger.warn(`Could not read pod metrics from metrics-server: ${error}`),
          );
        void collect();
        const timer = setInterval(collect, intervalSeconds * 1000);
        timer.unref();
        lifecycle.addShutdownHook(() => clearInterval(timer));

        const followLimits = readLogFollowLimits(config);
        const views = new EnvironmentViews(cache, history);
        const access = new AccessReview(cluster);
        const operations = new WorkloadOperations({ cluster, cache, environmentTypes, logger });
        httpRouter.use(
          await createRouter({ httpAuth, userInfo, permissions, auditor, cache, views, access, logs: new PodLogs(cluster, followLimits.maxLineBytes), follows: new LogFollows(followLimits), operations, red }),
        );
      },
    });
  },
});
