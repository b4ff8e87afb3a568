/*
 * Production deploy requests end to end against the real local control plane and a SQLite
 * database, with Slipway's real permission policy: request, decide, apply once as the platform identity.
 */
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ownershipUserInfo, slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { DeployRequestStore } from '../database/DeployRequestStore';
import { DeployRequestService } from './DeployRequestService';

jest.setTimeout(240_000);

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');
const carol = mockCredentials.user('user:default/carol');
const erin = mockCredentials.user('user:default/erin');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

let cluster: ClusterAccess;
let apps: AppsV1Api;
let store: DeployRequestStore;
const environments = new Map<string, Environment>();
const namespaces: string[] = [];
let prod: string;
let staging: string;
let core: CoreV1Api;

async function createEnvironment(name: string, type: 'production' | 'staging') {
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === type)!;
  const objects = renderEnvironment({
    environment: { team: 'team-a', name, type, owner: 'user:default/bob', createdAt: new Date().toISOString(), protected: false },
    settings,
  });
  const client = KubernetesObjectApi.makeApiClient(loadKubeConfig((await ensureLocalCluster()).adminKubeconfig));
  for (const object of objects) await client.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  namespaces.push(objects[0].metadata.name);
  environments.set(objects[0].metadata.name, environmentFromNamespace(objects[0] as any)!);
  return name;
}

function service(options: { now?: () => Date; instance?: string; notifications?: NotificationService } = {}) {
  const permissions = slipwayPolicyPermissions({ environmentOf: namespace => environments.get(namespace) });
  const userInfo = ownershipUserInfo();
  const logger = mockServices.logger.mock();
  const deployments = DeploymentService.create({ cluster, permissions, userInfo, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger });
  return { requests: DeployRequestService.create({ store, deployments, cluster, permissions, userInfo, logger, ...options }), deployments };
}

const webApp = (name: string, image = 'registry.example.com/team-a/user-service:1.4.2') => ({ name, team: 'team-a', type: 'web', image, port: 8080 });
const ask = (requests: DeployRequestService, name: string, who = alice) => requests.create(who, { spec: webApp(name), environment: prod, reason: 'release 1.4.2' });

beforeAll(async () => {
  const local = await ensureLocalCluster();
  cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const admin = loadKubeConfig(local.adminKubeconfig);
  apps = admin.makeApiClient(AppsV1Api);
  core = admin.makeApiClient(CoreV1Api);
  const tag = randomBytes(3).toString('hex');
  prod = await createEnvironment(`apr-${tag}`, 'production');
  staging = await createEnvironment(`aps-${tag}`, 'staging');
  const client = await databases.init('SQLITE_3');
  store = await DeployRequestStore.create({ getClient: async () => client } as any);
});

afterAll(async () => {
  await Promise.all(namespaces.map(name => core.deleteNamespace({ name }).catch(() => undefined)));
});

describe('DeployRequestService on the local cluster', () => {
  it('alice requests, cannot approve her own, bob approves: the platform applies it with the annotations; carol sees nothing', async () => {
    const { requests } = service();
    const request = await ask(requests, 'shop');
    expect(request).toMatchObject({ status: 'pending', requester: 'user:default/alice', approvals: 0, quorum: 1, namespace: `team-a-${prod}` });
    expect(request.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(request.diff.find(d => d.kind === 'Deployment')).toMatchObject({ name: 'shop', change: 'added' });
    expect(request.resourceDelta.replicas).toBeGreaterThan(0);
    expect(request.youMay).toEqual({ approve: false, reject: false, reason: 'You requested it; another tech lead of team-a approves' });

    await expect(requests.decide(alice, request.id, { decision: 'approve' })).rejects.toThrow(new NotAllowedError('You requested it; another tech lead of team-a approves'));
    await expect(requests.get(carol, request.id)).rejects.toThrow(new NotFoundError(`No deploy request ${request.id}`));
    await expect(requests.decide(carol, request.id, { decision: 'approve' })).rejects.toThrow(NotFoundError);
    expect(await requests.list(carol, 'team')).toEqual([]);
    expect((await requests.list(bob, 'inbox')).map(r => r.id)).toContain(request.id);
    expect((await requests.list(alice, 'inbox')).map(r => r.id)).not.toContain(request.id);

    const approved = await requests.decide(bob, request.id, { decision: 'approve', comment: 'ship it' });
    expect(['approved', 'applying']).toContain(approved.status);
    await requests.settled();
    const done = await requests.get(alice, request.id);
    expect(done).toMatchObject({ status: 'applied', outcome: { objects: expect.arrayContaining(['Deployment/shop']) } });
    const deployment = await apps.readNamespacedDeployment({ name: 'shop', namespace: `team-a-${prod}` });
    expect(deployment.metadata?.annotations).toMatchObject({
      'slipway.dev/deploy-request': request.id,
      'slipway.dev/requested-by': 'user:default/alice',
      'slipway.dev/approved-by': 'user:default/bob',
    });
    expect(deployment.status?.readyReplicas).toBeGreaterThan(0);
    await expect(requests.decide(erin, request.id, { decision: 'approve' })).rejects.toThrow(new ConflictError('This request can no longer be decided: it was already approved and applied'));
  });

  it('refuses bob approving his own request, and non-production environments', async () => {
    const { requests } = service();
    const own = await ask(requests, 'own', bob);
    await expect(requests.decide(bob, own.id, { decision: 'approve' })).rejects.toThrow(new NotAllowedError('You requested it; another tech lead of team-a approves'));
    await expect(requests.create(alice, { spec: webApp('x'), environment: staging, reason: 'r' })).rejects.toMatchObject({
      errors: [{ field: 'environment', message: `team-a-${staging} is staging: deploy there directly; deploy requests are for production` }],
    });
  });

  it('makes an approved request stale, applying nothing, when production changed since it was requested', async () => {
    const { requests } = service();
    const first = await ask(requests, 'drift');
    await requests.decide(bob, first.id, { decision: 'approve' });
    await requests.settled();
    const second = await ask(requests, 'drift');
    // Someone changes what runs between the request and its approval.
    const running = await apps.readNamespacedDeployment({ name: 'drift', namespace: `team-a-${prod}` });
    running.metadata!.labels = { ...running.metadata!.labels, touched: 'yes' };
    await apps.replaceNamespacedDeployment({ name: 'drift', namespace: `team-a-${prod}`, body: running });
    await requests.decide(bob, second.id, { decision: 'approve' });
    await requests.settled();
    const stale = await requests.get(alice, second.id);
    expect(stale.status).toBe('stale');
    expect(stale.outcome?.message).toMatch(/^Production changed since the request was made \(Deployment\/team-a-.*\/drift.*nothing was applied/);
    const live = await apps.readNamespacedDeployment({ name: 'drift', namespace: `team-a-${prod}` });
    expect(live.metadata?.annotations?.['slipway.dev/deploy-request']).toBe(first.id);
  });

  it('expires a request nobody decided in time', async () => {
    const request = await ask(service().requests, 'late');
    const { requests } = service({ now: () => new Date(Date.now() + 8 * 86_400_000) });
    await expect(requests.decide(bob, request.id, { decision: 'approve' })).rejects.toThrow(ConflictError);
    expect(await requests.get(alice, request.id)).toMatchObject({ status: 'expired', outcome: { message: expect.stringMatching(/^Expired/) } });
  });

  it('lets one of a concurrent approval and rejection win', async () => {
    const { requests } = service();
    const request = await ask(requests, 'race');
    const results = await Promise.allSettled([requests.decide(bob, request.id, { decision: 'approve' }), requests.decide(erin, request.id, { decision: 'reject' })]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const [lost] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost.reason).toBeInstanceOf(ConflictError);
    await requests.settled();
    expect((await requests.get(alice, request.id)).decisions).toHaveLength(1);
  });

  it('applies a grant once when two backend instances on one database both try (a restart between approval and apply)', async () => {
    const one = service({ instance: 'replica-1' });
    const two = service({ instance: 'replica-2' });
    const request = await ask(one.requests, 'twice');
    // Approved, but the process stopped before applying: the record says approved, unclaimed.
    expect(await store.decide(request.id, { by: 'user:default/bob', decision: 'approve', comment: '', at: new Date().toISOString() }, 1, new Date())).toEqual({ recorded: true, status: 'approved' });
    const applies = [jest.spyOn(one.deployments, 'applyAsPlatform'), jest.spyOn(two.deployments, 'applyAsPlatform')];
    await Promise.all([one.requests.resumeApproved(), two.requests.resumeApproved()]);
    expect(applies[0].mock.calls.length + applies[1].mock.calls.length).toBe(1);
    expect(await one.requests.get(alice, request.id)).toMatchObject({ status: 'applied' });
  });

  it('rolls back to an applied revision with a new request: judged again, its diff against today, approved by bob, applied', async () => {
    const send = jest.fn(async () => undefined);
    const { requests } = service({ notifications: { send } as unknown as NotificationService });
    const deploy = async (image: string) => {
      const request = await requests.create(alice, { spec: webApp('back', image), environment: prod, reason: `release ${image}` });
      await requests.decide(bob, request.id, { decision: 'approve' });
      await requests.settled();
      return requests.get(alice, request.id);
    };
    const first = await deploy('registry.example.com/team-a/user-service:1.4.2');
    const second = await deploy('registry.example.com/team-a/user-service:1.5.0');
    expect([first.status, second.status]).toEqual(['applied', 'applied']);

    const revisions = await requests.revisions(alice, 'team-a', 'back');
    expect(revisions.map(r => r.id)).toEqual([second.id, first.id]);
    expect(revisions[1]).toEqual({
      id: first.id,
      environment: prod,
      namespace: `team-a-${prod}`,
      appliedAt: first.outcome!.at,
      requester: 'user:default/alice',
      approvers: ['user:default/bob'],
      reason: 'release registry.example.com/team-a/user-service:1.4.2',
      digest: first.digest,
      images: ['registry.example.com/team-a/user-service:1.4.2'],
    });

    const rollback = await requests.rollback(alice, first.id, { reason: '1.5.0 breaks checkout' });
    expect(rollback).toMatchObject({ status: 'pending', rollbackOf: first.id, requester: 'user:default/alice', reason: '1.5.0 breaks checkout', digest: first.digest, approvals: 0 });
    expect(rollback.id).not.toBe(first.id);
    // The diff is against what runs today (1.5.0), not against what ran when the first revision was requested.
    const deployment = rollback.diff.find(d => d.kind === 'Deployment')!;
    expect(deployment.change).toBe('changed');
    const imageChanges = deployment.lines.filter(l => l.op !== ' ' && /image:/.test(l.text)).map(l => [l.op, /user-service:([\d.]+)/.exec(l.text)?.[1]]);
    expect(imageChanges).toEqual([
      ['-', '1.5.0'],
      ['+', '1.4.2'],
    ]);
    expect(rollback.youMay.approve).toBe(false);
    expect(send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({ title: `alice asks to roll back back in team-a-${prod} to the revision of ${first.outcome!.at.slice(0, 10)} ${first.outcome!.at.slice(11, 16)} UTC` }),
      }),
    );

    await requests.decide(bob, rollback.id, { decision: 'approve', comment: 'back to 1.4.2' });
    await requests.settled();
    expect(await requests.get(alice, rollback.id)).toMatchObject({ status: 'applied', rollbackOf: first.id });
    const live = await apps.readNamespacedDeployment({ name: 'back', namespace: `team-a-${prod}` });
    expect(live.spec?.template.spec?.containers[0].image).toBe('registry.example.com/team-a/user-service:1.4.2');
    expect(live.metadata?.annotations?.['slipway.dev/deploy-request']).toBe(rollback.id);
    expect((await requests.revisions(bob, 'team-a', 'back')).map(r => [r.id, r.rollbackOf])).toEqual([[rollback.id, first.id], [second.id, undefined], [first.id, undefined]]);

    expect(await requests.revisions(carol, 'team-a', 'back')).toEqual([]);
    await expect(requests.rollback(carol, first.id, { reason: 'mine now' })).rejects.toThrow(new NotFoundError(`No deploy request ${first.id}`));
    await expect(requests.rollback(alice, first.id, { reason: ' ' })).rejects.toMatchObject({ errors: [{ field: 'reason', message: 'Say why you roll back; the tech leads read it' }] });
  });

  it('refuses to roll back to a request that was not applied', async () => {
    const { requests } = service();
    const pending = await ask(requests, 'notyet');
    await expect(requests.rollback(alice, pending.id, { reason: 'undo' })).rejects.toThrow(ConflictError);
    await expect(requests.rollback(alice, pending.id, { reason: 'undo' })).rejects.toThrow(/^Only an applied request is a revision to roll back to; request .* is pending/);
  });
});
