import { AuditorService, BackstageCredentials, BackstageUserPrincipal, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import { Environment, environmentReadPermission, fieldErrors } from '@internal/plugin-idp-environments-common';
import { AuditMeta, NO_AUDITOR, audited, jsonBody, pathParamErrors } from '@internal/plugin-idp-environments-node';
import {
  EnvironmentSecretsView,
  SecretStoreInfo,
  deleteSecretRequestSchema,
  generateSecretRequestSchema,
  secretNameSchema,
  secretWritePermission,
  writeSecretRequestSchema,
} from '@internal/plugin-idp-secrets-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { SecretService } from './services/SecretService';

/** Parses with a schema; every problem is named by field, and no message repeats a value. */
function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error).map(e => `${e.field}: ${e.message}`).join('; '));
  return parsed.data;
}

/** The key names a write body names, for the audit event of a write refused before it was understood. */
function keyNames(body: unknown, field: 'set' | 'remove'): string[] | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  let names: unknown[] = [];
  if (field === 'set' && value && typeof value === 'object' && !Array.isArray(value)) names = Object.keys(value);
  else if (field === 'remove' && Array.isArray(value)) names = value;
  const valid = names.filter((n): n is string => typeof n === 'string' && /^[-._a-zA-Z0-9]{1,253}$/.test(n)).slice(0, 100);
  return valid.length ? valid : undefined;
}

/**
 * `/api/idp-secrets`. Reading names, versions and consumers takes `slipway.environment.read`
 * (another team's environment is a 404); every change takes `slipway.secret.write` and is audited.
 * Request bodies carry values in; no response carries one out.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  secrets: SecretService;
  store: SecretStoreInfo;
  auditor?: AuditorService;
}): Promise<express.Router> {
  const { httpAuth, permissions, secrets, store } = options;
  const auditor = options.auditor ?? NO_AUDITOR;
  const router = Router();
  // A secret holds at most 900 KiB of values; JSON escaping of multi-line values adds some.
  router.use(jsonBody({ limit: '2mb' }));

  async function may(credentials: BackstageCredentials, permission: ResourcePermission, namespace: string) {
    const [decision] = await permissions.authorize([{ permission, resourceRef: namespace }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Read access first: another team's environment looks absent. */
  async function readable(req: Request): Promise<{ credentials: BackstageCredentials<BackstageUserPrincipal>; environment: Environment }> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { namespace } = req.params;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || !(await may(credentials, environmentReadPermission, namespace))) {
      throw new NotFoundError(`No environment ${namespace}`);
    }
    return { credentials, environment: await secrets.environment(namespace) };
  }

  function readOnlyReason(environment: Environment): string {
    return environment.type === 'production'
      ? `Production secrets are written by tech leads of ${environment.team} and platform admins; ask a tech lead of ${environment.team}`
      : `Secrets of ${environment.namespace} are written by members of ${environment.team} and platform admins`;
  }

  async function writable(req: Request, meta: AuditMeta): Promise<{ actor: string; environment: Environment; name: string }> {
    const { credentials, environment } = await readable(req);
    Object.assign(meta, { team: environment.team, type: environment.type });
    if (!(await may(credentials, secretWritePermission, environment.namespace))) throw new NotAllowedError(readOnlyReason(environment));
    const name = parse(secretNameSchema, req.params.name);
    return { actor: credentials.principal.userEntityRef, environment, name };
  }

  const change = <T>(req: Request, eventId: string, extra: AuditMeta, work: (meta: AuditMeta) => Promise<T>) =>
    audited(auditor, { eventId, severityLevel: 'medium', request: req, meta: { namespace: req.params.namespace, secret: String(req.params.name).slice(0, 253), ...extra } }, work);

  router.get('/store', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(store);
  });

  router.get('/environments/:namespace/secrets', async (req, res) => {
    const { credentials, environment } = await readable(req);
    const canWrite = await may(credentials, secretWritePermission, environment.namespace);
    const listed = await secrets.list(environment);
    const view: EnvironmentSecretsView = {
      namespace: environment.namespace,
      team: environment.team,
      environmentType: environment.type,
      store: store.type,
      canWrite,
      readOnlyReason: canWrite ? undefined : readOnlyReason(environment),
      ...listed,
    };
    res.json(view);
  });

  // Names only: the form's picker and the deploy's reference check (on behalf of the deploying person).
  router.get('/environments/:namespace/secret-keys', async (req, res) => {
    const { environment } = await readable(req);
    res.json(await secrets.keys(environment.namespace));
  });

  router.get('/environments/:namespace/secrets/:name', async (req, res) => {
    const { environment } = await readable(req);
    res.json(await secrets.get(environment, parse(secretNameSchema, req.params.name)));
  });

  router.get('/environments/:namespace/secrets/:name/rotations', async (req, res) => {
    const { environment } = await readable(req);
    res.json({ items: await secrets.rotations(environment, parse(secretNameSchema, req.params.name)) });
  });

  router.put('/environments/:namespace/secrets/:name', async (req, res) => {
    const outcome = await change(req, 'secret-write', { keysSet: keyNames(req.body, 'set'), keysRemoved: keyNames(req.body, 'remove') }, async meta => {
      const { actor, environment, name } = await writable(req, meta);
      const request = parse(writeSecretRequestSchema, req.body);
      const written = await secrets.write(actor, environment, name, request);
      Object.assign(meta, { version: written.secret.version, keysSet: written.keysSet, keysRemoved: written.keysRemoved, outcome: written.secret.version === 1 ? 'created' : 'updated' });
      return written;
    });
    res.status(outcome.secret.version === 1 ? 201 : 200).json(outcome.secret);
  });

  router.post('/environments/:namespace/secrets/:name/generate', async (req, res) => {
    const outcome = await change(req, 'secret-generate', {}, async meta => {
      const { actor, environment, name } = await writable(req, meta);
      const request = parse(generateSecretRequestSchema, req.body);
      const generated = await secrets.generate(actor, environment, name, request);
      Object.assign(meta, { version: generated.secret.version, generator: request.generator.kind, keysSet: generated.keysSet, everyDays: request.rotation?.everyDays, outcome: 'generated' });
      return generated;
    });
    res.status(201).json(outcome.secret);
  });

  router.post('/environments/:namespace/secrets/:name/rotate', async (req, res) => {
    const outcome = await change(req, 'secret-rotate', {}, async meta => {
      const { actor, environment, name } = await writable(req, meta);
      const rotated = await secrets.rotate(actor, environment, name);
      Object.assign(meta, { version: rotated.secret.version, keysSet: rotated.keysSet, outcome: 'rotated' });
      return rotated;
    });
    res.json(outcome.secret);
  });

  router.delete('/environments/:namespace/secrets/:name', async (req, res) => {
    await change(req, 'secret-delete', {}, async meta => {
      const { environment, name } = await writable(req, meta);
      const { confirm } = parse(deleteSecretRequestSchema, req.body);
      const { consumers } = await secrets.delete(environment, name, confirm ?? false);
      Object.assign(meta, { confirmed: confirm ?? false, consumers: consumers.map(c => `${c.kind}/${c.name}`), outcome: 'deleted' });
    });
    res.status(204).end();
  });

  // After the routes: a path segment that is not UTF-8 is a 400 naming the path.
  router.use(pathParamErrors());
  return router;
}
