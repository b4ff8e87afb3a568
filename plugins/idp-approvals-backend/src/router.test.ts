/*
 * The routes are thin: each maps the service's answer or typed refusal to HTTP, and bad input to a
 * 400 naming the field before the service is asked. The refusals' reasons are the service's
 * (DeployRequestService.test.ts, against the real cluster and database).
 */
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import request from 'supertest';
import { createRouter } from './router';
import { AuditEntryService } from './services/AuditEntryService';
import { DeployRequestInputError, DeployRequestService } from './services/DeployRequestService';

const requests = { create: jest.fn(), list: jest.fn(), get: jest.fn(), decide: jest.fn(), rollback: jest.fn(), revisions: jest.fn() };
// What was audited: each event's id, its meta at the end and how it ended.
const events: { eventId: string; meta: unknown; ended?: string }[] = [];
const auditor = {
  async createEvent(options: { eventId: string; meta?: unknown }) {
    const event: { eventId: string; meta: unknown; ended?: string } = { eventId: options.eventId, meta: options.meta };
    events.push(event);
    return {
      success: async (o?: { meta?: unknown }) => void Object.assign(event, { meta: o?.meta, ended: 'success' }),
      fail: async (o: { meta?: unknown; error: Error }) => void Object.assign(event, { meta: o.meta, ended: `fail: ${o.error.message}` }),
    };
  },
};
let server: Parameters<typeof request>[0];

beforeAll(async () => {
  const plugin = createBackendPlugin({
    pluginId: 'idp-approvals',
    register(env) {
      env.registerInit({
        deps: { httpAuth: coreServices.httpAuth, httpRouter: coreServices.httpRouter },
        async init({ httpAuth, httpRouter }) {
          // The audit route has its own test (router.audit.test.ts).
          const auditEntries = {} as AuditEntryService;
          httpRouter.use(await createRouter({ httpAuth, requests: requests as unknown as DeployRequestService, auditEntries, auditor: auditor as any }));
        },
      });
    },
  });
  // Without a token a request has no credentials (the test backend's default would be a user).
  ({ server } = await startTestBackend({ features: [plugin, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })] }));
});

beforeEach(() => {
  jest.resetAllMocks();
  events.length = 0;
});

const as = (user: string) => ({ Authorization: mockCredentials.user.header(`user:default/${user}`) });
const errorOf = (res: request.Response) => ({ status: res.status, name: res.body.error?.name, message: res.body.error?.message });

describe('the approvals routes', () => {
  it('refuse a caller without a token, and bad input with field errors before asking the service', async () => {
    expect((await request(server).get('/api/idp-approvals/requests')).status).toBe(401);
    const res = await request(server).post('/api/idp-approvals/requests').set(as('alice')).send({ spec: 'web', environment: 5 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'spec', message: expect.any(String) },
      { field: 'environment', message: expect.any(String) },
      { field: 'reason', message: 'Say why this deploy is needed; the tech leads read it' },
    ]);
    const decision = await request(server).post('/api/idp-approvals/requests/r1/decisions').set(as('bob')).send({ decision: 'maybe' });
    expect(decision.body.errors).toEqual([{ field: 'decision', message: 'Choose approve or reject' }]);
    expect((await request(server).get('/api/idp-approvals/requests?view=everything').set(as('bob'))).body.errors).toEqual([{ field: 'view', message: 'Use view=inbox, mine or team' }]);
    expect(Object.values(requests).every(fn => fn.mock.calls.length === 0)).toBe(true);
  });

  it('create a request as the caller (201), and pass the service’s field errors on as a 400', async () => {
    requests.create.mockResolvedValueOnce({ id: 'r1', status: 'pending' });
    const body = { spec: { name: 'web' }, environment: 'prod', reason: 'release 1.2' };
    const res = await request(server).post('/api/idp-approvals/requests').set(as('alice')).send(body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { id: 'r1', status: 'pending' } });
    expect(requests.create).toHaveBeenCalledWith(expect.objectContaining({ principal: expect.objectContaining({ userEntityRef: 'user:default/alice' }) }), body);

    requests.create.mockRejectedValueOnce(new DeployRequestInputError([{ field: 'environment', message: 'team-a-dev is development: deploy there directly' }]));
    const refused = await request(server).post('/api/idp-approvals/requests').set(as('alice')).send(body);
    expect({ status: refused.status, errors: refused.body.errors }).toEqual({ status: 400, errors: [{ field: 'environment', message: 'team-a-dev is development: deploy there directly' }] });
  });

  it('answer the service’s refusals as 403, 404 and 409 with its reason', async () => {
    requests.get.mockRejectedValueOnce(new NotFoundError('No deploy request r9'));
    expect(errorOf(await request(server).get('/api/idp-approvals/requests/r9').set(as('carol')))).toEqual({ status: 404, name: 'NotFoundError', message: 'No deploy request r9' });

    requests.decide.mockRejectedValueOnce(new NotAllowedError('You requested it; another tech lead of team-a approves it'));
    expect(errorOf(await request(server).post('/api/idp-approvals/requests/r1/decisions').set(as('bob')).send({ decision: 'approve' }))).toEqual({
      status: 403,
      name: 'NotAllowedError',
      message: 'You requested it; another tech lead of team-a approves it',
    });

    requests.decide.mockRejectedValueOnce(new ConflictError('This request expired; request the deploy again'));
    expect(errorOf(await request(server).post('/api/idp-approvals/requests/r1/decisions').set(as('bob')).send({ decision: 'reject', comment: 'no' }))).toEqual({
      status: 409,
      name: 'ConflictError',
      message: 'This request expired; request the deploy again',
    });
    expect(requests.decide).toHaveBeenLastCalledWith(expect.anything(), 'r1', { decision: 'reject', comment: 'no' });
    // Refused decisions are on record too.
    expect(events.map(e => [e.eventId, e.ended, (e.meta as { outcome?: string }).outcome])).toEqual([
      ['deploy-request-decide', 'fail: You requested it; another tech lead of team-a approves it', 'refused'],
      ['deploy-request-decide', 'fail: This request expired; request the deploy again', 'refused'],
    ]);
  });

  it('audit a created request with what it is for', async () => {
    requests.create.mockResolvedValueOnce({ id: 'r1', status: 'pending', namespace: 'team-a-prod', team: 'team-a' });
    await request(server).post('/api/idp-approvals/requests').set(as('alice')).send({ spec: { name: 'web' }, environment: 'prod', reason: 'release' });
    expect(events).toEqual([
      { eventId: 'deploy-request-create', ended: 'success', meta: { environment: 'prod', app: 'web', request: 'r1', namespace: 'team-a-prod', team: 'team-a', outcome: 'succeeded' } },
    ]);
  });

  it('list the caller’s view, inbox by default', async () => {
    requests.list.mockResolvedValue([]);
    expect((await request(server).get('/api/idp-approvals/requests').set(as('bob'))).body).toEqual({ items: [] });
    await request(server).get('/api/idp-approvals/requests?view=mine').set(as('bob'));
    expect(requests.list.mock.calls.map(call => call[1])).toEqual(['inbox', 'mine']);
  });

  it('roll back as a new request (201), audited with the revision; refusals as 400, 404 and 409', async () => {
    requests.rollback.mockResolvedValueOnce({ id: 'r2', status: 'pending', rollbackOf: 'r1', namespace: 'team-a-prod', team: 'team-a', app: 'web' });
    const res = await request(server).post('/api/idp-approvals/requests/r1/rollback').set(as('alice')).send({ reason: '1.5 breaks checkout' });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { id: 'r2', status: 'pending', rollbackOf: 'r1', namespace: 'team-a-prod', team: 'team-a', app: 'web' } });
    expect(requests.rollback).toHaveBeenCalledWith(expect.objectContaining({ principal: expect.objectContaining({ userEntityRef: 'user:default/alice' }) }), 'r1', { reason: '1.5 breaks checkout' });
    expect(events).toEqual([
      { eventId: 'deploy-request-rollback', ended: 'success', meta: { rollbackOf: 'r1', request: 'r2', namespace: 'team-a-prod', team: 'team-a', app: 'web', outcome: 'succeeded' } },
    ]);

    expect((await request(server).post('/api/idp-approvals/requests/r1/rollback').set(as('alice')).send({})).body.errors).toEqual([
      { field: 'reason', message: 'Say why you roll back; the tech leads read it' },
    ]);
    expect(requests.rollback).toHaveBeenCalledTimes(1);

    requests.rollback.mockRejectedValueOnce(new NotFoundError('No deploy request r9'));
    expect(errorOf(await request(server).post('/api/idp-approvals/requests/r9/rollback').set(as('carol')).send({ reason: 'x' }))).toEqual({
      status: 404,
      name: 'NotFoundError',
      message: 'No deploy request r9',
    });
    requests.rollback.mockRejectedValueOnce(new ConflictError('Only an applied request is a revision to roll back to; request r3 is pending'));
    expect(errorOf(await request(server).post('/api/idp-approvals/requests/r3/rollback').set(as('alice')).send({ reason: 'x' }))).toEqual({
      status: 409,
      name: 'ConflictError',
      message: 'Only an applied request is a revision to roll back to; request r3 is pending',
    });
    requests.rollback.mockRejectedValueOnce(new DeployRequestInputError([{ field: 'environment', message: 'team-a-prod is staging now' }]));
    const refused = await request(server).post('/api/idp-approvals/requests/r1/rollback').set(as('alice')).send({ reason: 'x' });
    expect({ status: refused.status, errors: refused.body.errors }).toEqual({ status: 400, errors: [{ field: 'environment', message: 'team-a-prod is staging now' }] });
  });

  it('list an app’s production revisions as the caller', async () => {
    requests.revisions.mockResolvedValueOnce([{ id: 'r1', images: ['r/web:1'] }]);
    const res = await request(server).get('/api/idp-approvals/apps/team-a/web/revisions').set(as('alice'));
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items: [{ id: 'r1', images: ['r/web:1'] }] } });
    expect(requests.revisions).toHaveBeenCalledWith(expect.objectContaining({ principal: expect.objectContaining({ userEntityRef: 'user:default/alice' }) }), 'team-a', 'web');
    expect((await request(server).get('/api/idp-approvals/apps/team-a/web/revisions')).status).toBe(401);
  });
});
