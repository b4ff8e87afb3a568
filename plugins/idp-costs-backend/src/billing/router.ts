import { AuditorService, HttpAuthService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { BILLING_EXPORT_FORMATS, BillingImportView } from '@internal/plugin-idp-costs-common';
import { PLATFORM_ADMINS_GROUP, callerFromIdentity, fieldErrors } from '@internal/plugin-idp-environments-common';
import { NO_AUDITOR, audited, jsonBody, pathParamErrors } from '@internal/plugin-idp-environments-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { BillingImportService } from './BillingImportService';
import { BillingImportStore } from './BillingImportStore';
import { PricePeriodSink } from './PricePeriodSink';
import { UploadTooLargeError } from './uploads';

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error).map(e => `${e.field}: ${e.message}`).join('; '));
  return parsed.data;
}

const importQuerySchema = z.object({
  format: z.enum(BILLING_EXPORT_FORMATS, { errorMap: () => ({ message: `Give the export's format: one of ${BILLING_EXPORT_FORMATS.join(', ')}` }) }),
  fileName: z
    .string({ required_error: "Give the exported file's name, e.g. fileName=cur-2026-11.csv.gz" })
    .min(1, "Give the exported file's name, e.g. fileName=cur-2026-11.csv.gz")
    .max(255, 'Use a file name of at most 255 characters'),
});

const applySchema = z.object({
  effectiveFrom: z
    .string({ required_error: 'Give the first day the prices apply, as YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the first day the prices apply, as YYYY-MM-DD')
    .refine(day => {
      const date = new Date(`${day}T00:00:00Z`);
      return Number.isFinite(date.getTime()) && date.toISOString().startsWith(day);
    }, 'Give a real calendar day, as YYYY-MM-DD'),
});

/**
 * `/price-imports` of `/api/idp-costs`: billing exports read into prices. Prices are what every team
 * is charged at, so every route is for platform admins; imports and applies are audited.
 */
export async function createBillingImportRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  store: BillingImportStore;
  priceBook: PricePeriodSink;
  auditor?: AuditorService;
  /** The largest upload accepted (default 200 MB). */
  maxUploadBytes?: number;
}): Promise<express.Router> {
  const { httpAuth, userInfo } = options;
  const auditor = options.auditor ?? NO_AUDITOR;
  const imports = new BillingImportService({ store: options.store, priceBook: options.priceBook, maxBytes: options.maxUploadBytes });
  const router = Router();

  /** The admin's entity ref; anyone else is told who may. */
  async function platformAdmin(req: Request): Promise<string> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    if (!callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs).isPlatformAdmin) {
      throw new NotAllowedError(`Billing imports set the prices every team is charged at: only platform admins (group ${PLATFORM_ADMINS_GROUP}) see and make them; ask one of them`);
    }
    return info.userEntityRef;
  }

  // The body is the export itself, read as it arrives (up to 200 MB): no body parser runs here.
  router.post('/price-imports', async (req, res) => {
    // For the audit record only, as sent; a parameter given as a list or an object (format[x]=1) is recorded as absent and refused by the schema below.
    const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
    const query = { format: text(req.query.format, 40), fileName: text(req.query.fileName, 255) };
    try {
      const view = await audited(auditor, { eventId: 'billing-import', severityLevel: 'medium', request: req, meta: query }, async meta => {
        const actor = await platformAdmin(req);
        const { format, fileName } = parse(importQuerySchema, req.query);
        const imported = await imports.importExport({ format, fileName, actor, body: req });
        Object.assign(meta, { importId: imported.id, rows: imported.rows, periodStart: imported.periodStart, periodEnd: imported.periodEnd, outcome: 'imported' });
        return imported;
      });
      res.status(201).json(view);
    } catch (error) {
      if (!(error instanceof UploadTooLargeError)) throw error;
      res.status(413).json({ error: { name: 'PayloadTooLargeError', message: error.message }, request: { method: req.method, url: req.originalUrl }, response: { statusCode: 413 } });
    }
  });

  router.get('/price-imports', async (req, res) => {
    await platformAdmin(req);
    res.json({ items: await imports.list() } satisfies { items: BillingImportView[] });
  });

  router.get('/price-imports/:id', async (req, res) => {
    await platformAdmin(req);
    res.json(await imports.get(req.params.id));
  });

  router.post('/price-imports/:id/apply', jsonBody(), async (req, res) => {
    const view = await audited(auditor, { eventId: 'billing-import-apply', severityLevel: 'medium', request: req, meta: { importId: req.params.id.slice(0, 64) } }, async meta => {
      const actor = await platformAdmin(req);
      const { effectiveFrom } = parse(applySchema, req.body);
      meta.effectiveFrom = effectiveFrom;
      const applied = await imports.apply(req.params.id, effectiveFrom, actor);
      Object.assign(meta, { currency: applied.derived.currency, outcome: 'applied' });
      return applied;
    });
    res.json(view);
  });

  // After the routes: a path segment that is not UTF-8 is a 400 naming the path.
  router.use(pathParamErrors());
  return router;
}
