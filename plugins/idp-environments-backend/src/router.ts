import { AuditorService, BackstageCredentials, HttpAuthService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer, PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  Caller,
  Environment,
  EnvironmentTypeDescription,
  callerFromIdentity,
  cloneEnvironmentRequestSchema,
  createEnvironmentRequestSchema,
  deleteEnvironmentRequestSchema,
  environmentCreatePermission,
  environmentDeletePermission,
  environmentNamespace,
  environmentQuotaChangePermission,
  environmentReadPermission,
  environmentUpdatePermission,
  extendEnvironmentRequestSchema,
  fieldErrors,
  githubPullRequestEventSchema,
  previewEnvironmentManagePermission,
  previewEnvironmentName,
  previewEnvironmentRequestSchema,
  quotaChangeRequestSchema,
} from '@internal/plugin-idp-environments-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { AuditMeta, EnvironmentQuery, audited, jsonBody, pathParamErrors } from '@internal/plugin-idp-environments-node';
import { EnvironmentCloner } from './services/EnvironmentCloner';
import { EnvironmentService } from './services/EnvironmentService';
import { PreviewEnvironments } from './services/PreviewEnvironments';

type RawBodyRequest = Request & { rawBody?: Buffer };

/** Parses a body with a request schema; every problem is named by field. */
function parseBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new InputError(fieldErrors(parsed.error).map(e => `${e.field}: ${e.message}`).join('; '));
  }
  return parsed.data;
}

/** A field of a request body as sent, for the audit record of a request refused before it was understood. */
function given(body: unknown, ...path: string[]): string | number | undefined {
  let value: unknown = body;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return typeof value === 'string' ? value.slice(0, 100) : undefined;
}

/** The namespace of team + environment name, or undefined when they make no valid namespace. */
function namespaceOf(team: string, name: string): string | undefined {
  try {
    return environmentNamespace(team, name);
  } catch {
    return undefined;
  }
}

/** How an environment is named in audit events. */
const described = (environment: Pick<Environment, 'namespace' | 'team' | 'name' | 'type'>): AuditMeta => ({
  namespace: environment.namespace,
  team: environment.team,
  environment: environment.name,
  type: environment.type,
});

/** A quota as one audit field: `cpu=4 memory=8Gi pods=20`. */
const quotaText = (quota: { cpu: string; memory: string; pods: number }) => `cpu=${quota.cpu} memory=${quota.memory} pods=${quota.pods}`;

/** pull_request actions that create or renew the preview (PreviewEnvironments.handlePullRequestEvent). */
const UPSERTING_ACTIONS = new Set(['opened', 'reopened', 'synchronize']);

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  ruleset: PermissionRuleset<Environment, EnvironmentQuery, 'slipway-environment'>;
  environmentTypes: EnvironmentTypeDescription[];
  environments: EnvironmentService;
  cloner: EnvironmentCloner;
  previews: PreviewEnvironments;
  auditor: AuditorService;
}): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, ruleset, environmentTypes, environments, cloner, previews, auditor } = options;
  const router = Router();
  // Keep the exact bytes: webhook signatures are computed over them.
  router.use(jsonBody({ verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = Buffer.from(buf)) }));
  const isAllowedByConditions = createConditionAuthorizer(ruleset);

  async function callerOf(req: Request): Promise<{ caller: Caller; credentials: BackstageCredentials }> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return { caller: callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs), credentials };
  }

  async function authorize(credentials: BackstageCredentials, permission: BasicPermission | ResourcePermission, namespace?: string) {
    const [decision] = await permissions.authorize(
      [namespace ? { permission: permission as ResourcePermission, resourceRef: namespace } : { permission: permission as BasicPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Read access first, so another team's environment looks like one that does not exist. */
  async function authorizeOn(credentials: BackstageCredentials, namespace: string, permission?: ResourcePermission) {
    if (!(await authorize(credentials, environmentReadPermission, namespace))) throw new NotFoundError(`No environment ${namespace}`);
    if (permission && !(await authorize(credentials, permission, namespace))) {
      throw new NotAllowedError(`You may not ${permission.attributes.action ?? 'change'} environment ${namespace}`);
    }
  }

  /** Team, name and type of an existing environment for its audit events, read before any check so refusals name them too. */
  async function describedEnvironment(namespace: string): Promise<AuditMeta> {
    const environment = await environments.find(namespace).catch(() => undefined);
    return environment ? described(environment) : {};
  }

  /** Every change through this API is audited; the auditor records the acting principal from the request. */
  const audit = <T>(req: Request, eventId: string, severityLevel: 'medium' | 'high', meta: AuditMeta, work: (meta: AuditMeta) => Promise<T>) =>
    audited(auditor, { eventId, severityLevel, request: req, meta }, work);

  // The types a team can create, with their TTLs and quotas, as the platform team configured them.
  router.get('/environment-types', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ items: environmentTypes });
  });

  router.get('/environments', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    const [decision] = await permissions.authorizeConditional([{ permission: environmentReadPermission }], { credentials });
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    const all = await environments.list(caller);
    res.json({ items: decision.result === AuthorizeResult.ALLOW ? all : all.filter(e => isAllowedByConditions(decision, e)) });
  });

  router.post('/environments', async (req, res) => {
    const attempted = { team: given(req.body, 'team'), environment: given(req.body, 'name'), type: given(req.body, 'type') };
    const environment = await audit(req, 'environment-create', 'medium', attempted, async meta => {
      const { caller, credentials } = await callerOf(req);
      const request = parseBody(createEnvironmentRequestSchema, req.body);
      Object.assign(meta, { namespace: namespaceOf(request.team, request.name), ttlDays: request.ttlDays, protected: request.protected });
      if (!(await authorize(credentials, environmentCreatePermission))) {
        throw new NotAllowedError('You may not create environments: you are not a member of any team');
      }
      const created = await environments.create(caller, request);
      Object.assign(meta, described(created), { expiresAt: created.expiresAt, outcome: 'created' });
      return created;
    });
    res.status(201).json(environment);
  });

  router.get('/environments/:namespace', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    await authorizeOn(credentials, req.params.namespace);
    res.json(await environments.get(caller, req.params.namespace));
  });

  router.post('/environments/:namespace/clone', async (req, res) => {
    const attempted = { sourceNamespace: req.params.namespace, environment: given(req.body, 'name'), type: given(req.body, 'type') };
    const report = await audit(req, 'environment-clone', 'medium', attempted, async meta => {
      const { caller, credentials } = await callerOf(req);
      const { sourceNamespace, ...request } = parseBody(cloneEnvironmentRequestSchema, { ...req.body, sourceNamespace: req.params.namespace });
      // The clone belongs to the source's team.
      const { team } = await describedEnvironment(sourceNamespace);
      Object.assign(meta, { team, namespace: typeof team === 'string' ? namespaceOf(team, request.name) : undefined, ttlDays: request.ttlDays });
      await authorizeOn(credentials, sourceNamespace);
      if (!(await authorize(credentials, environmentCreatePermission))) {
        throw new NotAllowedError('You may not create environments: you are not a member of any team');
      }
      const cloned = await cloner.clone(caller, sourceNamespace, request);
      // Kind/name only: secrets are never copied, and their values never named.
      Object.assign(meta, described(cloned.environment), { objects: cloned.objects.map(o => `${o.kind}/${o.name}`), outcome: 'cloned' });
      return cloned;
    });
    res.status(201).json(report);
  });

  router.post('/environments/:namespace/extend', async (req, res) => {
    const { namespace } = req.params;
    const environment = await audit(req, 'environment-extend', 'medium', { namespace, ttlDays: given(req.body, 'ttlDays') }, async meta => {
      const { caller, credentials } = await callerOf(req);
      const { ttlDays } = parseBody(extendEnvironmentRequestSchema, req.body);
      Object.assign(meta, await describedEnvironment(namespace));
      await authorizeOn(credentials, namespace, environmentUpdatePermission);
      const extended = await environments.extend(caller, namespace, ttlDays);
      Object.assign(meta, described(extended), { expiresAt: extended.expiresAt, outcome: 'extended' });
      return extended;
    });
    res.json(environment);
  });

  // A tech lead sets the team's own quota, up to the type's maxQuota; old and new values are on record.
  router.put('/environments/:namespace/quota', async (req, res) => {
    const { namespace } = req.params;
    const attempted = { namespace, cpu: given(req.body, 'cpu'), memory: given(req.body, 'memory'), pods: given(req.body, 'pods') };
    const environment = await audit(req, 'environment-quota-change', 'medium', attempted, async meta => {
      const { caller, credentials } = await callerOf(req);
      const request = parseBody(quotaChangeRequestSchema, req.body);
      Object.assign(meta, await describedEnvironment(namespace));
      await authorizeOn(credentials, namespace);
      if (!(await authorize(credentials, environmentQuotaChangePermission, namespace))) {
        const team = meta.team ?? 'the team';
        throw new NotAllowedError(`Only tech leads of ${team} and platform admins can change the quota of ${namespace}; ask a tech lead of ${team}`);
      }
      const changed = await environments.changeQuota(caller, namespace, request);
      Object.assign(meta, {
        previousQuota: quotaText(changed.previous),
        quota: quotaText(changed.quota),
        outcome: 'changed',
      });
      return changed.environment;
    });
    res.json(environment);
  });

  router.delete('/environments/:namespace', async (req, res) => {
    const { namespace } = req.params;
    await audit(req, 'environment-delete', 'high', { namespace }, async meta => {
      const { caller, credentials } = await callerOf(req);
      const { confirm } = parseBody(deleteEnvironmentRequestSchema, req.body);
      Object.assign(meta, await describedEnvironment(namespace));
      await authorizeOn(credentials, namespace, environmentDeletePermission);
      await environments.delete(caller, namespace, confirm);
      meta.outcome = 'deleted';
    });
    res.status(204).end();
  });

  // Preview environments, for CI systems calling with a Backstage external access token.
  const previewAttempt = (body: unknown): AuditMeta => ({
    team: given(body, 'team'),
    repository: given(body, 'repository'),
    pullRequest: given(body, 'pullRequest'),
    type: 'preview',
  });

  router.post('/previews', async (req, res) => {
    const environment = await audit(req, 'preview-upsert', 'medium', previewAttempt(req.body), async meta => {
      const credentials = await httpAuth.credentials(req, { allow: ['service', 'user'] });
      const request = parseBody(previewEnvironmentRequestSchema, req.body);
      meta.ttlDays = request.ttlDays;
      if (!(await authorize(credentials, previewEnvironmentManagePermission))) {
        throw new NotAllowedError('You may not manage preview environments; use a CI access token (backend.auth.externalAccess)');
      }
      const team = previews.teamOf(request.repository);
      if (team !== request.team) throw new InputError(`team: previews of ${request.repository} belong to ${team}, not ${request.team}`);
      const upserted = await previews.upsert(request);
      // A re-applied preview keeps its creation time; a new one was created at this very activity.
      Object.assign(meta, described(upserted), { expiresAt: upserted.expiresAt, outcome: upserted.createdAt === upserted.lastActivityAt ? 'created' : 'updated' });
      return upserted;
    });
    res.json(environment);
  });

  router.delete('/previews', async (req, res) => {
    const removed = await audit(req, 'preview-remove', 'high', previewAttempt(req.body), async meta => {
      const credentials = await httpAuth.credentials(req, { allow: ['service', 'user'] });
      const request = parseBody(previewEnvironmentRequestSchema, req.body);
      if (!(await authorize(credentials, previewEnvironmentManagePermission))) {
        throw new NotAllowedError('You may not manage preview environments; use a CI access token (backend.auth.externalAccess)');
      }
      const team = previews.teamOf(request.repository);
      Object.assign(meta, { team, namespace: namespaceOf(team, previewEnvironmentName(request.repository, request.pullRequest)) });
      const done = await previews.remove(team, request.repository, request.pullRequest);
      meta.outcome = done ? 'deleted' : 'absent';
      return done ? undefined : `No preview of ${request.repository}#${request.pullRequest} to delete`;
    });
    // Absent is a 404 in Backstage's error shape, so CI logs say what was not there.
    if (removed) res.status(404).json({ error: { name: 'NotFoundError', message: removed } });
    else res.status(204).end();
  });

  // GitHub `pull_request` webhook: unauthenticated at the Backstage level, so the signature is the gate.
  router.post('/webhooks/github', async (req, res) => {
    const verified = previews.verifyGithubSignature((req as RawBodyRequest).rawBody ?? Buffer.alloc(0), req.header('x-hub-signature-256'));
    const event = req.header('x-github-event');
    if (verified && event === 'ping') {
      res.json({ message: 'pong' });
      return;
    }
    if (verified && event !== 'pull_request') {
      res.status(202).json({ message: `event ${event} ignored` });
      return;
    }
    // A pull_request event, or a call refused for its signature: both on record. There is no Backstage
    // principal; what GitHub says (repository, PR, action, sender) is what the event names.
    const action = given(req.body, 'action');
    const attempted: AuditMeta = {
      githubEvent: event?.slice(0, 100),
      delivery: req.header('x-github-delivery')?.slice(0, 100),
      repository: given(req.body, 'repository', 'full_name'),
      pullRequest: given(req.body, 'number'),
      action,
      sender: given(req.body, 'sender', 'login'),
      type: 'preview',
    };
    const message = await audit(req, 'github-webhook', action === 'closed' ? 'high' : 'medium', attempted, async meta => {
      if (!verified) throw new AuthenticationError('Invalid or missing X-Hub-Signature-256; check the webhook secret');
      meta.actor = 'github';
      const { repository, pullRequest } = meta;
      if (typeof repository === 'string' && typeof pullRequest === 'number') {
        const team = previews.teamOf(repository);
        Object.assign(meta, { team, namespace: namespaceOf(team, previewEnvironmentName(repository, pullRequest)) });
      }
      // GitHub's payload is validated like any body: a field of the wrong shape is a 400 naming it, never a crash in the service.
      const result = await previews.handlePullRequestEvent(parseBody(githubPullRequestEventSchema, req.body));
      if (action === 'closed') meta.outcome = result.startsWith('no preview') ? 'absent' : 'deleted';
      else meta.outcome = UPSERTING_ACTIONS.has(String(action)) ? 'upserted' : 'ignored';
      return result;
    });
    res.json({ message });
  });

  // After the routes: a path segment that is not UTF-8 is a 400 naming the path.
  router.use(pathParamErrors());
  return router;
}
