import { AuditorService, BackstageCredentials, HttpAuthService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { Caller, callerFromIdentity, environmentFromNamespace, fieldErrors } from '@internal/plugin-idp-environments-common';
import { environmentPermissionRules, jsonBody, pathParamErrors } from '@internal/plugin-idp-environments-node';
import {
  AppEnvironmentWorkloads,
  EnvironmentMetrics,
  EnvironmentStatusSummary,
  EventView,
  ItemsResponse,
  LogFollowEnd,
  PodLog,
  ScaleDeploymentRequest,
  workloadOperatePermission,
  workloadReadPermission,
} from '@internal/plugin-idp-workloads-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { AccessReview } from './services/AccessReview';
import { EnvironmentViews } from './services/EnvironmentViews';
import { LogFollows, TooManyFollowsError } from './services/logFollows';
import { LogQuery, logQuerySchema } from './services/logQuery';
import { PodLogs } from './services/PodLogs';
import { PrometheusRed } from './services/PrometheusRed';
import { WorkloadCache } from './services/WorkloadCache';
import { WorkloadOperations } from './services/WorkloadOperations';

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error).map(e => `${e.field}: ${e.message}`).join('; '));
  return parsed.data;
}

const PROMETHEUS_HINT = 'Request rate, errors and latency need Prometheus: set slipway.workloads.prometheus.url in app-config to its address';

const scaleRequestSchema = z.object({
  replicas: z.number({ required_error: 'Give the number of replicas', invalid_type_error: 'Give the number of replicas as a number, e.g. 3' }),
});

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  cache: WorkloadCache;
  views: EnvironmentViews;
  access: AccessReview;
  logs: PodLogs;
  /** Bounds on live follows; the defaults when absent. */
  follows?: LogFollows;
  operations: WorkloadOperations;
  /** Absent when no Prometheus is configured. */
  red?: PrometheusRed;
}): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, auditor, cache, views, access, logs, operations, red } = options;
  const follows = options.follows ?? new LogFollows();
  const router = Router();
  router.use(jsonBody());
  // The deprecated form takes the rules themselves: the resource type is registered by idp-environments.
  const isAllowedByConditions = createConditionAuthorizer(Object.values(environmentPermissionRules));

  async function callerOf(req: Request): Promise<{ caller: Caller; credentials: BackstageCredentials }> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return { caller: callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs), credentials };
  }

  /** Namespaces of `candidates` the permission framework lets the caller read or operate. */
  async function permitted(credentials: BackstageCredentials, permission: ResourcePermission, candidates: string[]): Promise<string[]> {
    const [decision] = await permissions.authorizeConditional([{ permission }], { credentials });
    if (decision.result === AuthorizeResult.DENY) return [];
    return candidates.filter(namespace => {
      if (decision.result === AuthorizeResult.ALLOW) return true;
      const ns = cache.environment(namespace);
      const environment = ns && environmentFromNamespace(ns);
      return environment ? isAllowedByConditions(decision, environment) : false;
    });
  }

  /**
   * Both gates for one environment: Slipway's permission policy, then Kubernetes RBAC asked as
   * the user. Another team's environment looks absent (404, as in every Slipway API); one's own
   * environment whose RoleBindings refuse (drift) is a 403 that says what to check.
   */
  async function authorizeOn(req: Request, namespace: string, permission: ResourcePermission, verb: string, resource: string, group?: string) {
    const { caller, credentials } = await callerOf(req);
    if (!cache.environment(namespace)) throw new NotFoundError(`No environment ${namespace}; it may have been deleted`);
    if ((await permitted(credentials, workloadReadPermission, [namespace])).length === 0) throw new NotFoundError(`No environment ${namespace}`);
    if (permission !== workloadReadPermission && (await permitted(credentials, permission, [namespace])).length === 0) {
      const production = environmentFromNamespace(cache.environment(namespace)!)?.type === 'production';
      throw new NotAllowedError(
        production
          ? `${namespace} is production: scaling, restarts and pod deletions there go through a deploy request a tech lead approves`
          : `You may not change the workloads of ${namespace}`,
      );
    }
    if (!(await access.allows({ user: caller.user, groups: caller.groups }, { namespace, verb, resource, group }))) {
      throw new NotAllowedError(`Kubernetes RBAC does not let ${caller.user} ${verb} ${resource} in ${namespace}; ask a tech lead of the team to check its RoleBindings`);
    }
    return caller;
  }

  async function audited<T>(req: Request, eventId: string, meta: Record<string, string | number>, work: () => Promise<T>): Promise<T> {
    // The team and environment, so the audit log shows the event to the team's leads.
    const ns = cache.environment(String(meta.namespace));
    const environment = ns && environmentFromNamespace(ns);
    const where = environment ? { team: environment.team, environment: environment.name } : {};
    const event = await auditor.createEvent({ eventId, request: req, severityLevel: 'medium', meta: { ...meta, ...where } });
    try {
      const result = await work();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  // The environment list's status column: counts for every environment the caller may read.
  router.get('/environments', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    const readable = await permitted(credentials, workloadReadPermission, cache.namespaces.list().map(ns => ns.metadata!.name!));
    const who = { user: caller.user, groups: caller.groups };
    const allowed = await Promise.all(readable.map(namespace => access.allows(who, { namespace, verb: 'list', resource: 'pods' })));
    const items = readable.filter((_, i) => allowed[i]).sort().map(namespace => views.summary(namespace));
    res.json({ items } satisfies ItemsResponse<EnvironmentStatusSummary>);
  });

  router.get('/environments/:namespace', async (req, res) => {
    await authorizeOn(req, req.params.namespace, workloadReadPermission, 'list', 'pods');
    res.json(views.status(req.params.namespace));
  });

  router.get('/environments/:namespace/events', async (req, res) => {
    await authorizeOn(req, req.params.namespace, workloadReadPermission, 'list', 'events');
    const object = typeof req.query.object === 'string' && req.query.object ? req.query.object : undefined;
    res.json({ items: views.events(req.params.namespace, object) } satisfies ItemsResponse<EventView>);
  });

  router.get('/environments/:namespace/metrics', async (req, res) => {
    await authorizeOn(req, req.params.namespace, workloadReadPermission, 'list', 'pods', 'metrics.k8s.io');
    res.json({
      ...views.metricsOf(req.params.namespace),
      prometheus: red
        ? { configured: true, url: red.url }
        : { configured: false, hint: PROMETHEUS_HINT },
    } satisfies EnvironmentMetrics);
  });

  // Request rate, errors and latency of the environment's Deployments, from Prometheus.
  router.get('/environments/:namespace/red', async (req, res) => {
    const { namespace } = req.params;
    await authorizeOn(req, namespace, workloadReadPermission, 'list', 'pods');
    if (!red) throw new NotFoundError(PROMETHEUS_HINT);
    const deployments = views.status(namespace).workloads.filter(w => w.kind === 'Deployment').map(w => ({ kind: w.kind, name: w.name }));
    res.json(await red.forEnvironment(namespace, deployments));
  });

  router.get('/environments/:namespace/logs', async (req, res) => {
    const { namespace } = req.params;
    const query: LogQuery = parse(logQuerySchema, req.query);
    const caller = await authorizeOn(req, namespace, workloadReadPermission, 'get', 'pods/log');
    const who = { user: caller.user, groups: caller.groups };
    if (!query.follow) {
      res.json({ pod: query.pod, lines: await logs.tail(who, namespace, query) } satisfies PodLog);
      return;
    }
    // Each follow holds an API-server stream: a few per person, a bounded number in all, for a bounded time.
    let release: () => void;
    try {
      release = follows.acquire(caller.userEntityRef);
    } catch (error) {
      if (error instanceof TooManyFollowsError) {
        res.status(429).json({ error: { name: error.name, message: error.message } });
        return;
      }
      throw error;
    }
    // One JSON line per log line, flushed as it comes, until the browser goes away or the follow's time is up.
    const controller = new AbortController();
    req.on('close', () => controller.abort());
    let expired = false;
    const timeUp = setTimeout(() => {
      expired = true;
      controller.abort();
    }, follows.limits.maxDurationMs);
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
    };
    try {
      await logs.follow(who, namespace, query, line => {
        start();
        res.write(`${JSON.stringify(line)}\n`);
      }, controller.signal);
    } catch (error) {
      if (!started) throw error;
    } finally {
      clearTimeout(timeUp);
      release();
    }
    start();
    // The last line says why the stream ended, so the page can follow again where it stopped.
    if (!req.destroyed) {
      const ended: LogFollowEnd = { end: expired ? 'max-duration' : 'stream-ended' };
      res.write(`${JSON.stringify(ended)}\n`);
    }
    res.end();
  });

  router.post('/environments/:namespace/deployments/:name/scale', async (req, res) => {
    const { namespace, name } = req.params;
    const { replicas }: ScaleDeploymentRequest = parse(scaleRequestSchema, req.body);
    const caller = await authorizeOn(req, namespace, workloadOperatePermission, 'update', 'deployments', 'apps');
    await audited(req, 'workload-scale', { namespace, workload: `Deployment/${name}`, replicas, user: caller.userEntityRef }, () =>
      operations.scale(caller, namespace, name, replicas),
    );
    res.status(202).json({ namespace, name, replicas });
  });

  router.post('/environments/:namespace/deployments/:name/restart', async (req, res) => {
    const { namespace, name } = req.params;
    const caller = await authorizeOn(req, namespace, workloadOperatePermission, 'patch', 'deployments', 'apps');
    await audited(req, 'workload-restart', { namespace, workload: `Deployment/${name}`, user: caller.userEntityRef }, () => operations.restart(caller, namespace, name));
    res.status(202).json({ namespace, name });
  });

  router.delete('/environments/:namespace/pods/:pod', async (req, res) => {
    const { namespace, pod } = req.params;
    const caller = await authorizeOn(req, namespace, workloadOperatePermission, 'delete', 'pods');
    await audited(req, 'pod-delete', { namespace, pod, user: caller.userEntityRef }, () => operations.deletePod(caller, namespace, pod));
    res.status(204).end();
  });

  // The component page: one app's workloads across its team's environments.
  router.get('/apps/:team/:app', async (req, res) => {
    const { team, app } = req.params;
    const { caller, credentials } = await callerOf(req);
    const ofTeam = cache.namespaces
      .list()
      .map(ns => environmentFromNamespace(ns))
      .filter((e): e is NonNullable<typeof e> => Boolean(e) && e!.team === team);
    const readable = new Set(await permitted(credentials, workloadReadPermission, ofTeam.map(e => e.namespace)));
    const who = { user: caller.user, groups: caller.groups };
    const items: AppEnvironmentWorkloads[] = [];
    for (const environment of ofTeam.filter(e => readable.has(e.namespace))) {
      if (!(await access.allows(who, { namespace: environment.namespace, verb: 'list', resource: 'pods' }))) continue;
      const status = views.status(environment.namespace);
      const workloads = status.workloads.filter(w => w.app === app);
      if (workloads.length === 0) continue;
      const names = new Set(workloads.map(w => `${w.kind}/${w.name}`));
      items.push({
        environment: { namespace: environment.namespace, name: environment.name, type: environment.type },
        workloads,
        pods: status.pods.filter(p => p.workload && names.has(`${p.workload.kind}/${p.workload.name}`)),
      });
    }
    res.json({ items } satisfies ItemsResponse<AppEnvironmentWorkloads>);
  });

  // After the routes: a path segment that is not UTF-8 is a 400 naming the path.
  router.use(pathParamErrors());
  return router;
}
