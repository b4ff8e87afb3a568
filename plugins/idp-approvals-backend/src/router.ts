import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { FieldError, fieldErrors } from '@internal/plugin-idp-environments-common';
import { NO_AUDITOR, audited, jsonBody, pathParamErrors } from '@internal/plugin-idp-environments-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { MAX_AUDIT_PAGE } from '@internal/plugin-idp-approvals-common';
import { AuditEntryService, parseAuditCursor } from './services/AuditEntryService';
import { DeployRequestInputError, DeployRequestService } from './services/DeployRequestService';

const createSchema = z.object({
  spec: z.record(z.unknown(), { required_error: 'Send the app spec' }),
  environment: z.string({ required_error: 'Choose the production environment' }),
  expertYaml: z.string().max(256 * 1024, 'Expert YAML may be at most 256 KiB').optional(),
  reason: z.string({ required_error: 'Say why this deploy is needed; the tech leads read it' }).max(2000, 'Keep the reason under 2000 characters'),
});
const decideSchema = z.object({
  decision: z.enum(['approve', 'reject'], { errorMap: () => ({ message: 'Choose approve or reject' }) }),
  comment: z.string().max(2000, 'Keep the comment under 2000 characters').optional(),
});
const rollbackSchema = z.object({
  reason: z.string({ required_error: 'Say why you roll back; the tech leads read it' }).max(2000, 'Keep the reason under 2000 characters'),
});
const name = (what: string) =>
  z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `Give a ${what} name: lower-case letters, digits and dashes`).max(63, `A ${what} name has at most 63 characters`).optional();
const auditSchema = z.object({
  team: name('team'),
  namespace: name('environment namespace (e.g. team-a-prod)'),
  actor: z.string().regex(/^[\w.:/@-]{1,255}$/, 'Give the actor as a user entity ref, e.g. user:default/alice').optional(),
  action: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,254}$/, 'Give an action (event id), e.g. deploy-request-decide').optional(),
  before: z
    .string()
    .transform((value, ctx) => parseAuditCursor(value) ?? (ctx.addIssue({ code: 'custom', message: "Use the 'next' value of the previous page" }), z.NEVER))
    .optional(),
  // Only text becomes a number: a query parameter can also arrive as a list or an object (limit[x]=1), which z.coerce would crash on.
  limit: z.preprocess(value => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), z.number({ invalid_type_error: 'Give limit as a number' }).int('Give limit as a whole number').min(1, 'Ask for at least 1 entry').max(MAX_AUDIT_PAGE, `Ask for at most ${MAX_AUDIT_PAGE} entries`)).default(50),
});
const listSchema = z.object({ view: z.enum(['inbox', 'mine', 'team'], { errorMap: () => ({ message: 'Use view=inbox, mine or team' }) }).default('inbox') });

/** Bad input: Backstage's error body plus the field errors a form shows. */
function refuse(res: express.Response, errors: FieldError[]) {
  res.status(400).json({ error: { name: 'InputError', message: `The request is not valid: ${errors.map(e => `${e.field}: ${e.message}`).join('; ')}` }, errors });
}

/** Thin: the caller, the input parsed, the service; its typed errors become 403, 404 and 409 by the error handler. */
export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  requests: DeployRequestService;
  auditEntries: AuditEntryService;
  auditor?: AuditorService;
}): Promise<express.Router> {
  const { httpAuth, requests, auditEntries } = deps;
  const auditor = deps.auditor ?? NO_AUDITOR;
  const router = Router();
  router.use(jsonBody({ limit: '1mb' }));

  router.post('/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = createSchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res, fieldErrors(body.error));
    try {
      // Requests and decisions are audited, refusals included; the manifests are in the request, not the event.
      const meta = { environment: body.data.environment, app: typeof body.data.spec.name === 'string' ? body.data.spec.name : undefined };
      const created = await audited(auditor, { eventId: 'deploy-request-create', severityLevel: 'medium', request: req, meta }, async m => {
        const view = await requests.create(credentials, body.data);
        Object.assign(m, { request: view.id, namespace: view.namespace, team: view.team });
        return view;
      });
      return res.status(201).json(created);
    } catch (error) {
      if (error instanceof DeployRequestInputError) return refuse(res, error.errors);
      throw error;
    }
  });

  // A rollback is a new request, refused and audited like one; it names the revision it returns to.
  router.post('/requests/:id/rollback', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = rollbackSchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res, fieldErrors(body.error));
    try {
      const created = await audited(auditor, { eventId: 'deploy-request-rollback', severityLevel: 'medium', request: req, meta: { rollbackOf: req.params.id } }, async m => {
        const view = await requests.rollback(credentials, req.params.id, body.data);
        Object.assign(m, { request: view.id, namespace: view.namespace, team: view.team, app: view.app });
        return view;
      });
      return res.status(201).json(created);
    } catch (error) {
      if (error instanceof DeployRequestInputError) return refuse(res, error.errors);
      throw error;
    }
  });

  router.get('/apps/:team/:app/revisions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ items: await requests.revisions(credentials, req.params.team, req.params.app) });
  });

  router.get('/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const query = listSchema.safeParse(req.query);
    if (!query.success) return refuse(res, fieldErrors(query.error));
    return res.json({ items: await requests.list(credentials, query.data.view) });
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await requests.get(credentials, req.params.id));
  });

  router.post('/requests/:id/decisions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = decideSchema.safeParse(req.body ?? {});
    if (!body.success) return refuse(res, fieldErrors(body.error));
    const meta = { request: req.params.id, decision: body.data.decision };
    const view = await audited(auditor, { eventId: 'deploy-request-decide', severityLevel: 'high', request: req, meta }, async m => {
      const decided = await requests.decide(credentials, req.params.id, body.data);
      Object.assign(m, { namespace: decided.namespace, team: decided.team, app: decided.app, status: decided.status });
      return decided;
    });
    return res.json(view);
  });

  // The audit log of every Slipway plugin, as far as the caller may see it (AuditEntryService).
  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const query = auditSchema.safeParse(req.query);
    if (!query.success) return refuse(res, fieldErrors(query.error));
    return res.json(await auditEntries.list(credentials, query.data));
  });

  // After the routes: a path segment that is not UTF-8 is a 400 naming the path.
  router.use(pathParamErrors());
  return router;
}
