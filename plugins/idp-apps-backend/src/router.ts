import { BackstageCredentials, HttpAuthService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AppPreview,
  GuardRailSettings,
  appPreviewRequestSchema,
  compactFormValues,
  importScore,
  renderYaml,
  scoreImportRequestSchema,
} from '@internal/plugin-idp-apps-common';
import { judgeDeployment, quotaForDeploy } from '@internal/plugin-idp-apps-node';
import { callerFromIdentity, environmentNamespace, environmentReadPermission, fieldErrors } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

function parseBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error).map(e => `${e.field}: ${e.message}`).join('; '));
  return parsed.data;
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
  router.use(express.json({ limit: '1mb' }));

  async function mayRead(credentials: BackstageCredentials, namespace: string) {
    const [decision] = await permissions.authorize([{ permission: environmentReadPermission, resourceRef: namespace }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  // The form's live preview: the same judgement a deploy makes, without writing anything.
  router.post('/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseBody(appPreviewRequestSchema, req.body);
    const spec = compactFormValues(body.spec) as Record<string, unknown>;
    const team = typeof spec.team === 'string' ? spec.team : '';
    const appName = typeof spec.name === 'string' ? spec.name : '';

    let quota;
    if (team && body.environment) {
      let namespace: string;
      try {
        namespace = environmentNamespace(team, body.environment);
      } catch (error) {
        res.json({ errors: [{ field: 'environment', message: (error as Error).message }] } satisfies AppPreview);
        return;
      }
      // Another team's environment looks absent: the preview tells nothing about it.
      if (!(await mayRead(credentials, namespace))) {
        const preview: AppPreview = { errors: [{ field: 'environment', message: `${team} has no environment "${body.environment}" you can deploy to; choose one of your team's environments` }] };
        res.json(preview);
        return;
      }
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
    const errors =
      environment.type === 'production'
        ? [{ field: 'environment', message: `${environment.namespace} is production: deploys there go through a tech lead's approval, not this form` }]
        : [];
    res.json({ errors, environment: { namespace: environment.namespace, type: environment.type }, manifests: renderYaml(manifests), guardRails } satisfies AppPreview);
  });

  // score.yaml (score.dev/v1b1) to an app spec; what Score lacks comes from the golden path.
  router.post('/score-import', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { score, ...importOptions } = parseBody(scoreImportRequestSchema, req.body);
    const result = importScore(score, importOptions);
    if (!result.success) {
      res.status(400).json({ error: { name: 'InputError', message: `The Score file cannot be imported: ${result.errors.map(e => `${e.field}: ${e.message}`).join('; ')}` }, errors: result.errors });
      return;
    }
    res.json({ spec: result.spec, notes: result.notes });
  });

  return router;
}
