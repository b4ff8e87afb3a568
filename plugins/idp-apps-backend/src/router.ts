import { BackstageCredentials, HttpAuthService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import {
  AppPreview,
  GuardRailSettings,
  appDeployPermission,
  appPreviewRequestSchema,
  deployRefusal,
  compactFormValues,
  importScore,
  renderYaml,
  scoreImportRequestSchema,
} from '@internal/plugin-idp-apps-common';
import { judgeDeployment, quotaForDeploy } from '@internal/plugin-idp-apps-node';
import { FieldError, callerFromIdentity, environmentNamespace, environmentReadPermission, fieldErrors } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

/** Bad input is a 4xx naming each field: Backstage's error body, plus the field errors a form can show. */
function refuse(res: express.Response, errors: FieldError[], { status = 400, what = 'The request is not valid' } = {}) {
  res.status(status).json({ error: { name: 'InputError', message: `${what}: ${errors.map(e => `${e.field}: ${e.message}`).join('; ')}` }, errors });
}

/** The body as the schema reads it, or undefined once a 400 with the field errors is sent. */
function parseBody<T extends z.ZodTypeAny>(schema: T, req: express.Request, res: express.Response): z.infer<T> | undefined {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  refuse(res, fieldErrors(parsed.error));
  return undefined;
}

// The body parser's own failures (not JSON, over the limit, an unknown charset) as field errors of the body.
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The body is not valid JSON; send the request as a JSON object',
  'entity.too.large': 'The body is over 1 MB; expert YAML and Score files may be at most 256 KiB',
  'encoding.unsupported': 'The body is in an encoding Slipway does not read; send it uncompressed or gzipped',
  'charset.unsupported': 'The body is in a character set Slipway does not read; send UTF-8 JSON',
};

function jsonBody(): express.RequestHandler {
  const json = express.json({ limit: '1mb' });
  return (req, res, next) =>
    json(req, res, (error?: unknown) => {
      const failure = error as { status?: number; type?: string; message?: string } | undefined;
      if (!failure) return next();
      const status = typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500 ? failure.status : undefined;
      if (status === undefined) return next(error);
      return refuse(res, [{ field: 'body', message: BODY_ERRORS[failure.type ?? ''] ?? `The body cannot be read: ${failure.message}` }], { status });
    });
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  cluster: ClusterAccess;
  settings: GuardRailSettings;
}): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, cluster, settings } = options;
  const router = Router();
  router.use(jsonBody());

  async function may(credentials: BackstageCredentials, permission: ResourcePermission, namespace: string) {
    const [decision] = await permissions.authorize([{ permission, resourceRef: namespace }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  // The form's live preview: the same judgement a deploy makes, without writing anything.
  router.post('/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Over-limit expert YAML (size, documents, aliases, depth) is refused here, before anything reaches the cluster.
    const body = parseBody(appPreviewRequestSchema, req, res);
    if (!body) return;
    const spec = compactFormValues(body.spec) as Record<string, unknown>;
    const team = typeof spec.team === 'string' ? spec.team : '';
    const appName = typeof spec.name === 'string' ? spec.name : '';

    let quota;
    let deployAllowed = true;
    if (team && body.environment) {
      let namespace: string;
      try {
        namespace = environmentNamespace(team, body.environment);
      } catch (error) {
        res.json({ errors: [{ field: 'environment', message: (error as Error).message }] } satisfies AppPreview);
        return;
      }
      // Another team's environment looks absent: the preview tells nothing about it.
      if (!(await may(credentials, environmentReadPermission, namespace))) {
        const preview: AppPreview = { errors: [{ field: 'environment', message: `${team} has no environment "${body.environment}" you can deploy to; choose one of your team's environments` }] };
        res.json(preview);
        return;
      }
      deployAllowed = await may(credentials, appDeployPermission, namespace);
      const info = await userInfo.getUserInfo(credentials);
      const caller = callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
      quota = await quotaForDeploy(cluster, { user: caller.user, groups: caller.groups }, { namespace, appName });
    }

    const judged = await judgeDeployment({ spec, environment: body.environment, expertYaml: body.expertYaml }, { cluster, settings, quota });
    if (!judged.success) {
      res.json({ errors: judged.errors } satisfies AppPreview);
      return;
    }
    const { environment, manifests, guardRails } = judged.deployment;
    const errors = deployAllowed ? [] : [{ field: 'environment', message: deployRefusal(environment) }];
    res.json({ errors, environment: { namespace: environment.namespace, type: environment.type }, manifests: renderYaml(manifests), guardRails } satisfies AppPreview);
  });

  // score.yaml (score.dev/v1b1) to an app spec; what Score lacks comes from the golden path.
  router.post('/score-import', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body = parseBody(scoreImportRequestSchema, req, res);
    if (!body) return;
    const { score, ...importOptions } = body;
    const result = importScore(score, importOptions);
    if (!result.success) {
      refuse(res, result.errors, { what: 'The Score file cannot be imported' });
      return;
    }
    res.json({ spec: result.spec, notes: result.notes });
  });

  return router;
}
