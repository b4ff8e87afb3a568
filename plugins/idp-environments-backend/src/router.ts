import { BackstageCredentials, HttpAuthService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
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
  environmentReadPermission,
  environmentUpdatePermission,
  extendEnvironmentRequestSchema,
  fieldErrors,
  previewEnvironmentManagePermission,
  previewEnvironmentRequestSchema,
} from '@internal/plugin-idp-environments-common';
import { EnvironmentQuery } from '@internal/plugin-idp-environments-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
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

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  ruleset: PermissionRuleset<Environment, EnvironmentQuery, 'slipway-environment'>;
  environmentTypes: EnvironmentTypeDescription[];
  environments: EnvironmentService;
  cloner: EnvironmentCloner;
  previews: PreviewEnvironments;
}): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, ruleset, environmentTypes, environments, cloner, previews } = options;
  const router = Router();
  // Keep the exact bytes: webhook signatures are computed over them.
  router.use(express.json({ verify: (req, _res, buf) => void ((req as RawBodyRequest).rawBody = Buffer.from(buf)) }));
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
    const { caller, credentials } = await callerOf(req);
    const request = parseBody(createEnvironmentRequestSchema, req.body);
    if (!(await authorize(credentials, environmentCreatePermission))) {
      throw new NotAllowedError('You may not create environments: you are not a member of any team');
    }
    res.status(201).json(await environments.create(caller, request));
  });

  router.get('/environments/:namespace', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    await authorizeOn(credentials, req.params.namespace);
    res.json(await environments.get(caller, req.params.namespace));
  });

  router.post('/environments/:namespace/clone', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    const { sourceNamespace, ...request } = parseBody(cloneEnvironmentRequestSchema, { ...req.body, sourceNamespace: req.params.namespace });
    await authorizeOn(credentials, sourceNamespace);
    if (!(await authorize(credentials, environmentCreatePermission))) {
      throw new NotAllowedError('You may not create environments: you are not a member of any team');
    }
    res.status(201).json(await cloner.clone(caller, sourceNamespace, request));
  });

  router.post('/environments/:namespace/extend', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    const { ttlDays } = parseBody(extendEnvironmentRequestSchema, req.body);
    await authorizeOn(credentials, req.params.namespace, environmentUpdatePermission);
    res.json(await environments.extend(caller, req.params.namespace, ttlDays));
  });

  router.delete('/environments/:namespace', async (req, res) => {
    const { caller, credentials } = await callerOf(req);
    const { confirm } = parseBody(deleteEnvironmentRequestSchema, req.body);
    await authorizeOn(credentials, req.params.namespace, environmentDeletePermission);
    await environments.delete(caller, req.params.namespace, confirm);
    res.status(204).end();
  });

  // Preview environments, for CI systems calling with a Backstage external access token.
  router.post('/previews', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service', 'user'] });
    const request = parseBody(previewEnvironmentRequestSchema, req.body);
    if (!(await authorize(credentials, previewEnvironmentManagePermission))) {
      throw new NotAllowedError('You may not manage preview environments; use a CI access token (backend.auth.externalAccess)');
    }
    const team = previews.teamOf(request.repository);
    if (team !== request.team) throw new InputError(`team: previews of ${request.repository} belong to ${team}, not ${request.team}`);
    res.json(await previews.upsert(request));
  });

  router.delete('/previews', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service', 'user'] });
    const request = parseBody(previewEnvironmentRequestSchema, req.body);
    if (!(await authorize(credentials, previewEnvironmentManagePermission))) {
      throw new NotAllowedError('You may not manage preview environments; use a CI access token (backend.auth.externalAccess)');
    }
    const removed = await previews.remove(previews.teamOf(request.repository), request.repository, request.pullRequest);
    res.status(removed ? 204 : 404).end();
  });

  // GitHub `pull_request` webhook: unauthenticated at the Backstage level, so the signature is the gate.
  router.post('/webhooks/github', async (req, res) => {
    const signature = req.header('x-hub-signature-256');
    if (!previews.verifyGithubSignature((req as RawBodyRequest).rawBody ?? Buffer.alloc(0), signature)) {
      res.status(401).json({ error: { name: 'AuthenticationError', message: 'Invalid or missing X-Hub-Signature-256; check the webhook secret' } });
      return;
    }
    const event = req.header('x-github-event');
    if (event === 'ping') {
      res.json({ message: 'pong' });
      return;
    }
    if (event !== 'pull_request') {
      res.status(202).json({ message: `event ${event} ignored` });
      return;
    }
    res.json({ message: await previews.handlePullRequestEvent(req.body) });
  });

  return router;
}
