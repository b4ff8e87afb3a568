/*
 * The audit trail of every change through the environments API: one event per request, created
 * before anything is checked, so refusals (validation, permission, the rules) are failed events.
 * The cluster is faked here; EnvironmentService.test.ts and previews.test.ts run against it.
 */
import { mockCredentials, mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { AuthenticationError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Caller,
  CreateEnvironmentRequest,
  Environment,
  EnvironmentType,
  environmentCreatePermission,
  environmentDeletePermission,
  environmentQuotaChangePermission,
  environmentReadPermission,
  environmentUpdatePermission,
  previewEnvironmentManagePermission,
  resolveEnvironmentTypes,
} from '@internal/plugin-idp-environments-common';
import express from 'express';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { createRouter } from './router';
import { EnvironmentCloner } from './services/EnvironmentCloner';
import { EnvironmentService, refuse } from './services/EnvironmentService';
import { PreviewEnvironments } from './services/PreviewEnvironments';
import { auditEvents } from '@internal/plugin-idp-environments-node/testUtils';

const SECRET = 'webhook-test-secret';
const ALICE = mockCredentials.user.header('user:default/alice');
const CI = mockCredentials.service.header();

type AuditorMock = ReturnType<typeof mockServices.auditor.mock>;

const environment = (team: string, name: string, type: EnvironmentType = 'development', extra: Partial<Environment> = {}): Environment => ({
  team,
  name,
  namespace: `${team}-${name}`,
  type,
  owner: 'user:default/alice',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-08T00:00:00.000Z',
  protected: false,
  phase: 'Active',
  ...extra,
});

let app: express.Express;
let auditor: AuditorMock;
/** Permissions the policy denies in the current test (by name); everything else is allowed. */
let denied: Set<string>;
/** The environments that exist, by namespace. */
let existing: Map<string, Environment>;
let environments: jest.Mocked<Pick<EnvironmentService, 'find' | 'create' | 'extend' | 'delete' | 'provision' | 'remove' | 'changeQuota'>>;
let cloner: jest.Mocked<Pick<EnvironmentCloner, 'clone'>>;

beforeEach(async () => {
  denied = new Set();
  existing = new Map([['team-a-dev', environment('team-a', 'dev')], ['team-a-prod', environment('team-a', 'prod', 'production', { expiresAt: undefined })]]);
  auditor = mockServices.auditor.mock();
  environments = {
    find: jest.fn(async (namespace: string) => existing.get(namespace)),
    create: jest.fn(async (_caller, req: CreateEnvironmentRequest) => environment(req.team, req.name, req.type)),
    extend: jest.fn(async (_caller: Caller, namespace: string, _ttlDays: number) => ({ ...existing.get(namespace)!, expiresAt: '2026-02-01T00:00:00.000Z' })),
    delete: jest.fn(async (_caller: Caller, _namespace: string, _confirm: string) => undefined),
    // A preview is created the first time, re-applied (creation time kept) after.
    provision: jest.fn(async (_owner, req: CreateEnvironmentRequest, extras) => {
      const namespace = `${req.team}-${req.name}`;
      const now = new Date().toISOString();
      const previous = existing.get(namespace);
      const provisioned = environment(req.team, req.name, req.type, { createdAt: previous?.createdAt ?? now, lastActivityAt: now, preview: extras.preview });
      existing.set(namespace, provisioned);
      return provisioned;
    }),
    remove: jest.fn(async (namespace: string) => existing.delete(namespace)),
    changeQuota: jest.fn(async (_caller: Caller, namespace: string, requested) => {
      const quota = { cpu: '4', memory: '8Gi', pods: 20, ...requested };
      return { environment: { ...existing.get(namespace)!, quotaOverride: quota, quota: [] }, previous: { cpu: '4', memory: '8Gi', pods: 20 }, quota };
    }),
  };
  cloner = { clone: jest.fn() };
  const permissions = mockServices.permissions.mock({
    authorize: (async (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({ result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }))) as any,
  });
  const previews = new PreviewEnvironments(
    environments as unknown as EnvironmentService,
    { repositories: { 'myorg/user-service': 'team-a' }, webhookSecret: SECRET },
    mockServices.logger.mock(),
  );
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    userInfo: mockServices.userInfo(),
    permissions,
    auditor,
    ruleset: {} as any,
    environmentTypes: resolveEnvironmentTypes(undefined),
    environments: environments as unknown as EnvironmentService,
    cloner: cloner as unknown as EnvironmentCloner,
    previews,
  });
  app = express().use(router).use(mockErrorHandler());
});

describe('environment-create', () => {
  it('records a creation with namespace, team, environment and type', async () => {
    const res = await request(app).post('/environments').set('Authorization', ALICE).send({ team: 'team-a', name: 'feature', type: 'development', ttlDays: 3 });
    expect(res.status).toBe(201);
    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ eventId: 'environment-create', severityLevel: 'medium', status: 'succeeded' });
    // The request goes to the auditor: it records the acting user from the request's credentials.
    expect(event.request?.headers.authorization).toBe(ALICE);
    expect(event.meta).toEqual({
      namespace: 'team-a-feature',
      team: 'team-a',
      environment: 'feature',
      type: 'development',
      ttlDays: 3,
      expiresAt: '2026-01-08T00:00:00.000Z',
      outcome: 'created',
    });
    // Created before anything was checked, with what the request asked for.
    expect(event.initialMeta).toEqual({ team: 'team-a', environment: 'feature', type: 'development' });
  });

  it('records an invalid request as a failed event, naming what was asked for', async () => {
    const res = await request(app).post('/environments').set('Authorization', ALICE).send({ team: 'team-a', name: 'Not_A_Label', type: 'qa' });
    expect(res.status).toBe(400);
    expect(environments.create).not.toHaveBeenCalled();
    const events = await auditEvents(auditor);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'environment-create',
        status: 'failed',
        error: expect.any(InputError),
        meta: { team: 'team-a', environment: 'Not_A_Label', type: 'qa', outcome: 'refused' },
      }),
    ]);
  });

  it('records a permission refusal and a rule refusal as failed events', async () => {
    denied.add(environmentCreatePermission.name);
    const forbidden = await request(app).post('/environments').set('Authorization', ALICE).send({ team: 'team-a', name: 'feature', type: 'development' });
    expect(forbidden.status).toBe(403);

    denied.clear();
    environments.create.mockImplementation(async () => refuse({ allowed: false, reason: 'Production environments are created by a tech lead' }));
    const ruled = await request(app).post('/environments').set('Authorization', ALICE).send({ team: 'team-a', name: 'live', type: 'production' });
    expect(ruled.status).toBe(403);

    const [permission, rule] = await auditEvents(auditor);
    expect(permission).toMatchObject({ eventId: 'environment-create', status: 'failed', error: expect.any(NotAllowedError) });
    expect(permission.meta).toMatchObject({ namespace: 'team-a-feature', type: 'development', outcome: 'refused' });
    expect(rule).toMatchObject({ eventId: 'environment-create', status: 'failed', error: expect.any(NotAllowedError) });
    expect(rule.error?.message).toBe('Production environments are created by a tech lead');
    expect(rule.meta).toMatchObject({ namespace: 'team-a-live', team: 'team-a', type: 'production', outcome: 'refused' });
  });

  it('tells a broken cluster from a refusal', async () => {
    environments.create.mockRejectedValue(new Error('socket hang up'));
    const res = await request(app).post('/environments').set('Authorization', ALICE).send({ team: 'team-a', name: 'feature', type: 'development' });
    expect(res.status).toBe(500);
    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ status: 'failed', meta: { outcome: 'error' } });
  });
});

describe('environment-clone, -extend and -delete', () => {
  it('records a clone with the source, the new environment and the objects copied (names only)', async () => {
    cloner.clone.mockResolvedValue({
      environment: environment('team-a', 'qa', 'staging', { clonedFrom: 'team-a-dev' }),
      objects: [
        { kind: 'Deployment', name: 'web', action: 'copied' },
        { kind: 'Secret', name: 'db', action: 'reference', reason: 'Secret values are never copied' },
      ],
    });
    const res = await request(app).post('/environments/team-a-dev/clone').set('Authorization', ALICE).send({ name: 'qa', type: 'staging' });
    expect(res.status).toBe(201);
    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ eventId: 'environment-clone', severityLevel: 'medium', status: 'succeeded' });
    expect(event.meta).toEqual({
      sourceNamespace: 'team-a-dev',
      namespace: 'team-a-qa',
      team: 'team-a',
      environment: 'qa',
      type: 'staging',
      objects: ['Deployment/web', 'Secret/db'],
      outcome: 'cloned',
    });
  });

  it("records a clone of another team's environment as refused (it looks absent)", async () => {
    denied.add(environmentReadPermission.name);
    const res = await request(app).post('/environments/team-a-dev/clone').set('Authorization', ALICE).send({ name: 'steal', type: 'development' });
    expect(res.status).toBe(404);
    expect(cloner.clone).not.toHaveBeenCalled();
    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ eventId: 'environment-clone', status: 'failed', error: expect.any(NotFoundError) });
    expect(event.meta).toMatchObject({ sourceNamespace: 'team-a-dev', environment: 'steal', outcome: 'refused' });
  });

  it('records an extension, and a refused one naming the environment it was refused on', async () => {
    const ok = await request(app).post('/environments/team-a-dev/extend').set('Authorization', ALICE).send({ ttlDays: 20 });
    expect(ok.status).toBe(200);
    // Production is read-only to the permission policy.
    denied.add(environmentUpdatePermission.name);
    const refused = await request(app).post('/environments/team-a-prod/extend').set('Authorization', ALICE).send({ ttlDays: 20 });
    expect(refused.status).toBe(403);

    const [extended, denial] = await auditEvents(auditor);
    expect(extended).toMatchObject({ eventId: 'environment-extend', severityLevel: 'medium', status: 'succeeded' });
    expect(extended.meta).toEqual({
      namespace: 'team-a-dev',
      team: 'team-a',
      environment: 'dev',
      type: 'development',
      ttlDays: 20,
      expiresAt: '2026-02-01T00:00:00.000Z',
      outcome: 'extended',
    });
    expect(denial).toMatchObject({ eventId: 'environment-extend', status: 'failed', error: expect.any(NotAllowedError) });
    expect(denial.meta).toEqual({ namespace: 'team-a-prod', team: 'team-a', environment: 'prod', type: 'production', ttlDays: 20, outcome: 'refused' });
  });

  it('records a deletion as high severity, and a deletion refused by the rules as failed', async () => {
    const ok = await request(app).delete('/environments/team-a-dev').set('Authorization', ALICE).send({ confirm: 'team-a-dev' });
    expect(ok.status).toBe(204);
    environments.delete.mockImplementation(async () => refuse({ allowed: false, field: 'confirm', reason: 'Type team-a-dev to confirm' }));
    const wrong = await request(app).delete('/environments/team-a-dev').set('Authorization', ALICE).send({ confirm: 'wrong' });
    expect(wrong.status).toBe(400);
    denied.add(environmentDeletePermission.name);
    const forbidden = await request(app).delete('/environments/team-a-prod').set('Authorization', ALICE).send({ confirm: 'team-a-prod' });
    expect(forbidden.status).toBe(403);

    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.severityLevel, e.status, e.meta.outcome])).toEqual([
      ['environment-delete', 'high', 'succeeded', 'deleted'],
      ['environment-delete', 'high', 'failed', 'refused'],
      ['environment-delete', 'high', 'failed', 'refused'],
    ]);
    expect(events[0].meta).toEqual({ namespace: 'team-a-dev', team: 'team-a', environment: 'dev', type: 'development', outcome: 'deleted' });
    expect(events[1].error).toBeInstanceOf(InputError);
    expect(events[2]).toMatchObject({ error: expect.any(NotAllowedError), meta: { namespace: 'team-a-prod', type: 'production' } });
  });
});

describe('preview-upsert and preview-remove', () => {
  const body = { team: 'team-a', repository: 'myorg/user-service', pullRequest: 42 };
  const previewMeta = { team: 'team-a', repository: 'myorg/user-service', pullRequest: 42, namespace: 'team-a-pr-user-service-42', type: 'preview' };

  it('records CI creating, renewing and removing a preview, with the CI request for the actor', async () => {
    expect((await request(app).post('/previews').set('Authorization', CI).send(body)).status).toBe(200);
    expect((await request(app).post('/previews').set('Authorization', CI).send(body)).status).toBe(200);
    expect((await request(app).delete('/previews').set('Authorization', CI).send(body)).status).toBe(204);
    expect((await request(app).delete('/previews').set('Authorization', CI).send(body)).status).toBe(404);

    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.severityLevel, e.status, e.meta.outcome])).toEqual([
      ['preview-upsert', 'medium', 'succeeded', 'created'],
      ['preview-upsert', 'medium', 'succeeded', 'updated'],
      ['preview-remove', 'high', 'succeeded', 'deleted'],
      ['preview-remove', 'high', 'succeeded', 'absent'],
    ]);
    for (const event of events) {
      expect(event.request?.headers.authorization).toBe(CI);
      expect(event.meta).toMatchObject(previewMeta);
    }
    expect(events[0].meta).toMatchObject({ environment: 'pr-user-service-42', expiresAt: expect.any(String) });
  });

  it('records refused previews: another team, no permission, an invalid request', async () => {
    expect((await request(app).post('/previews').set('Authorization', CI).send({ ...body, team: 'team-b' })).status).toBe(400);
    expect((await request(app).post('/previews').set('Authorization', CI).send({ ...body, pullRequest: 'x' })).status).toBe(400);
    denied.add(previewEnvironmentManagePermission.name);
    expect((await request(app).post('/previews').set('Authorization', ALICE).send(body)).status).toBe(403);
    expect((await request(app).delete('/previews').set('Authorization', ALICE).send(body)).status).toBe(403);
    expect(environments.provision).not.toHaveBeenCalled();
    expect(environments.remove).not.toHaveBeenCalled();

    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.status, e.meta.outcome, e.error?.name])).toEqual([
      ['preview-upsert', 'failed', 'refused', 'InputError'],
      ['preview-upsert', 'failed', 'refused', 'InputError'],
      ['preview-upsert', 'failed', 'refused', 'NotAllowedError'],
      ['preview-remove', 'failed', 'refused', 'NotAllowedError'],
    ]);
    expect(events[0].meta).toMatchObject({ team: 'team-b', repository: 'myorg/user-service', pullRequest: 42 });
    // What was sent, as sent: the request was refused before it was understood.
    expect(events[1].meta).toMatchObject({ team: 'team-a', repository: 'myorg/user-service', pullRequest: 'x' });
  });
});

describe('github-webhook', () => {
  const sign = (raw: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  const pullRequest = (action: string) => ({ action, number: 7, repository: { full_name: 'myorg/user-service' }, sender: { login: 'octocat' } });
  function webhook(event: object, options: { kind?: string; signature?: string } = {}) {
    const raw = JSON.stringify(event);
    return request(app)
      .post('/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', options.kind ?? 'pull_request')
      .set('x-github-delivery', 'delivery-1')
      .set('x-hub-signature-256', options.signature ?? sign(raw))
      .send(raw);
  }

  it('records the repository, PR number and action of each pull_request event', async () => {
    expect((await webhook(pullRequest('opened'))).status).toBe(200);
    expect((await webhook(pullRequest('labeled'))).status).toBe(200);
    expect((await webhook(pullRequest('closed'))).status).toBe(200);

    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.severityLevel, e.status, e.meta.action, e.meta.outcome])).toEqual([
      ['github-webhook', 'medium', 'succeeded', 'opened', 'upserted'],
      ['github-webhook', 'medium', 'succeeded', 'labeled', 'ignored'],
      ['github-webhook', 'high', 'succeeded', 'closed', 'deleted'],
    ]);
    expect(events[0].meta).toEqual({
      actor: 'github',
      githubEvent: 'pull_request',
      delivery: 'delivery-1',
      repository: 'myorg/user-service',
      pullRequest: 7,
      action: 'opened',
      sender: 'octocat',
      team: 'team-a',
      namespace: 'team-a-pr-user-service-7',
      type: 'preview',
      outcome: 'upserted',
    });
  });

  it('refuses a signed event of the wrong shape with a 400 naming each field, and does nothing', async () => {
    const res = await webhook({ action: 'opened', number: 1.5, repository: { full_name: { value: 'myorg/user-service' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/number: Give the pull request number, e\.g\. 42/);
    expect(res.body.error.message).toMatch(/repository\.full_name: Give the repository as owner\/name/);
    expect((await webhook({ action: 'opened' })).body.error.message).toMatch(/number: Required.*repository: Required/);
    expect(environments.provision).not.toHaveBeenCalled();
  });

  it('records a call with a bad signature as failed, claims and all, and does nothing', async () => {
    const forged = await webhook(pullRequest('closed'), { signature: sign('{}', 'not-the-secret') });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/Invalid or missing X-Hub-Signature-256/);
    expect(environments.remove).not.toHaveBeenCalled();
    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ eventId: 'github-webhook', severityLevel: 'high', status: 'failed', error: expect.any(AuthenticationError) });
    expect(event.meta).toMatchObject({ repository: 'myorg/user-service', pullRequest: 7, action: 'closed', outcome: 'refused' });
    // Not GitHub as far as anyone can tell, and no secret in the record.
    expect(event.meta).not.toHaveProperty('actor');
    expect(JSON.stringify(event.meta)).not.toContain(SECRET);
  });

  it('records nothing for a verified ping or an event it ignores', async () => {
    expect((await webhook({ zen: 'Keep it simple' }, { kind: 'ping' })).status).toBe(200);
    expect((await webhook({ ref: 'main' }, { kind: 'push' })).status).toBe(202);
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });
});

describe('environment-quota-change', () => {
  it('changes the quota and records the old and new values', async () => {
    const res = await request(app).put('/environments/team-a-dev/quota').set('Authorization', ALICE).send({ cpu: '8', pods: 40 });
    expect(res.status).toBe(200);
    expect(res.body.quotaOverride).toEqual({ cpu: '8', memory: '8Gi', pods: 40 });
    expect(environments.changeQuota).toHaveBeenCalledWith(expect.objectContaining({ user: 'alice' }), 'team-a-dev', { cpu: '8', pods: 40 });
    const [event] = await auditEvents(auditor);
    expect(event).toMatchObject({ eventId: 'environment-quota-change', severityLevel: 'medium', status: 'succeeded' });
    expect(event.meta).toEqual({
      namespace: 'team-a-dev',
      team: 'team-a',
      environment: 'dev',
      type: 'development',
      cpu: '8',
      pods: 40,
      previousQuota: 'cpu=4 memory=8Gi pods=20',
      quota: 'cpu=8 memory=8Gi pods=40',
      outcome: 'changed',
    });
  });

  it('answers 404 for another team’s environment, 403 to those who may not change it, 400 for a bad body', async () => {
    denied.add(environmentReadPermission.name);
    expect((await request(app).put('/environments/team-a-dev/quota').set('Authorization', ALICE).send({ cpu: '8' })).status).toBe(404);
    denied = new Set([environmentQuotaChangePermission.name]);
    const forbidden = await request(app).put('/environments/team-a-dev/quota').set('Authorization', ALICE).send({ cpu: '8' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe('Only tech leads of team-a and platform admins can change the quota of team-a-dev; ask a tech lead of team-a');
    denied.clear();
    const invalid = await request(app).put('/environments/team-a-dev/quota').set('Authorization', ALICE).send({ cpu: 8, disk: '1Ti' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^cpu: Give cpu as text/);
    expect(invalid.body.error.message).toMatch(/Give only cpu, memory and pods/);
    expect(environments.changeQuota).not.toHaveBeenCalled();
    const events = await auditEvents(auditor);
    expect(events.map(e => [e.eventId, e.status, e.meta.outcome])).toEqual([
      ['environment-quota-change', 'failed', 'refused'],
      ['environment-quota-change', 'failed', 'refused'],
      ['environment-quota-change', 'failed', 'refused'],
    ]);
  });
});
