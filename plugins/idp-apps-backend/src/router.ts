import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AppPreview, appPreviewRequestSchema, compactFormValues, importScore, productionRequestNote, renderYaml, scoreImportRequestSchema } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { FieldError, fieldErrors } from '@internal/plugin-idp-environments-common';
import { jsonBody } from '@internal/plugin-idp-environments-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';

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

export async function createRouter(options: { httpAuth: HttpAuthService; deployments: DeploymentService }): Promise<express.Router> {
  const { httpAuth, deployments } = options;
  const router = Router();
  router.use(jsonBody({ limit: '1mb', tooLargeHint: 'expert YAML and Score files may be at most 256 KiB' }));

  // The form's live preview: the same judgement a deploy makes, without writing anything.
  router.post('/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Over-limit expert YAML (size, documents, aliases, depth) is refused here, before anything reaches the cluster.
    const body = parseBody(appPreviewRequestSchema, req, res);
    if (!body) return;
    const judged = await deployments.judge(credentials, { spec: compactFormValues(body.spec), environment: body.environment, expertYaml: body.expertYaml });
    if (!judged.success) {
      res.json({ errors: judged.errors } satisfies AppPreview);
      return;
    }
    const { environment, manifests, guardRails } = judged.deployment;
    const { decision } = judged;
    // Production is not refused here: Create files a deploy request a tech lead approves, so the form says so instead of blocking.
    const requested = !decision.allowed && decision.refusal === 'production';
    // Any other refused deploy still shows what it would be; the form blocks Create on the error.
    const errors = decision.allowed || requested ? [] : [{ field: decision.field, message: decision.reason }];
    const notes = requested ? [productionRequestNote(environment.team)] : [];
    res.json({ errors, notes, environment: { namespace: environment.namespace, type: environment.type }, manifests: renderYaml(manifests), guardRails } satisfies AppPreview);
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
