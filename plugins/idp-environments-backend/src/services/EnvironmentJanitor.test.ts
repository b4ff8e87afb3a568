/*
 * The janitor against the real local control plane: environments are created "in the past"
 * (an injected clock) so their TTL has run out, then the janitor runs at the real time.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { callerFromIdentity, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, EnvironmentActivity } from '@internal/plugin-idp-kubernetes-node';
import { AdmissionregistrationV1Api, ApiException, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { randomBytes } from 'node:crypto';
import { EnvironmentJanitor } from './EnvironmentJanitor';
import { EnvironmentService } from './EnvironmentService';

jest.setTimeout(120_000);

const bob = callerFromIdentity('user:default/bob', ['user:default/bob', 'group:default/team-a', 'group:default/team-a-leads']);
const DAY = 24 * 3600 * 1000;

let cluster: ClusterAccess;
let admin: CoreV1Api;
let admission: AdmissionregistrationV1Api;
const created: string[] = [];

async function createAt(when: Date, type: 'development' | 'production' | 'staging', protect = false, ttlDays?: number) {
  const service = EnvironmentService.create({
    cluster,
    types: resolveEnvironmentTypes(undefined),
    logger: mockServices.logger.mock(),
    now: () => when,
  });
  const env = await service.create(bob, { team: 'team-a', name: `jan-${randomBytes(3).toString('hex')}`, type, protected: protect, ttlDays });
  created.push(env.namespace);
  return env.namespace;
}

async function phaseOf(name: string) {
  const ns = await admin.readNamespace({ name }).catch(e => e);
  return ns instanceof ApiException ? 'gone' : ns.status?.phase;
}

beforeAll(async () => {
  const local = await ensureLocalCluster();
  cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  admission = loadKubeConfig(local.adminKubeconfig).makeApiClient(AdmissionregistrationV1Api);
});

afterAll(async () => {
  await Promise.all(created.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

describe('EnvironmentJanitor', () => {
  it('deletes expired environments, keeps production and protected ones, warns before deleting', async () => {
    const now = Date.now();
    const expired = await createAt(new Date(now - 10 * DAY), 'development');
    const production = await createAt(new Date(now - 400 * DAY), 'production');
    const protectedDev = await createAt(new Date(now - 10 * DAY), 'development', true);
    const expiringSoon = await createAt(new Date(now - 7 * DAY + 3600 * 1000), 'development');
    const fresh = await createAt(new Date(now), 'development');

    const sent: NotificationSendOptions[] = [];
    const janitor = EnvironmentJanitor.create({
      cluster,
      logger: mockServices.logger.mock(),
      notifications: { send: async options => void sent.push(options) },
    });

    // A dry run changes nothing and sends nothing.
    const dry = await EnvironmentJanitor.create({ cluster, logger: mockServices.logger.mock(), dryRun: true, notifications: { send: async o => void sent.push(o) } }).run();
    expect(dry.deleted).toContain(expired);
    expect(sent).toEqual([]);
    expect(await phaseOf(expired)).toBe('Active');

    const run = await janitor.run();
    expect(run.deleted).toContain(expired);
    expect(run.deleted).not.toEqual(expect.arrayContaining([production]));
    expect(run.deleted).not.toContain(protectedDev);
    expect(run.deleted).not.toContain(fresh);
    expect(run.notified).toContain(expiringSoon);

    expect(await phaseOf(expired)).toMatch(/gone|Terminating/);
    for (const kept of [production, protectedDev, expiringSoon, fresh]) expect(await phaseOf(kept)).toBe('Active');

    const recipients = sent.map(s => `${(s.recipients as { entityRef: string }).entityRef}: ${s.payload.title}`);
    expect(recipients).toEqual(
      expect.arrayContaining([
        `user:default/bob: Environment ${expiringSoon} will be deleted soon`,
        `user:default/bob: Environment ${expired} was deleted`,
      ]),
    );

    // The owner is warned once per expiry, not on every run.
    const again = await janitor.run();
    expect(again.notified).not.toContain(expiringSoon);
  });

  it('counts activity (a deploy yesterday) and goes on past an environment it cannot delete, reporting it', async () => {
    const now = Date.now();
    // Staging for 120 days, untouched for 40: inactive, unless someone acted yesterday.
    const active = await createAt(new Date(now - 40 * DAY), 'staging', false, 120);
    const idle = await createAt(new Date(now - 40 * DAY), 'staging', false, 120);
    await new EnvironmentActivity(cluster, mockServices.logger.mock(), { now: () => new Date(now - DAY) }).record(active);
    expect((await admin.readNamespace({ name: active })).metadata?.annotations?.['slipway.dev/last-activity']).toBe(new Date(now - DAY).toISOString());

    // An expired environment the API server refuses to delete (a real admission policy), and one it deletes.
    const stuck = await createAt(new Date(now - 10 * DAY), 'development');
    const expired = await createAt(new Date(now - 10 * DAY), 'development');
    await admin.patchNamespace(
      { name: stuck, body: { metadata: { labels: { 'slipway.dev/janitor-test': 'undeletable' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const policy = `slipway-janitor-test-${randomBytes(3).toString('hex')}`;
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name: policy },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] }] },
          validations: [{ expression: "!has(oldObject.metadata.labels) || !('slipway.dev/janitor-test' in oldObject.metadata.labels)", message: 'this namespace is kept for a test' }],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({ body: { metadata: { name: policy }, spec: { policyName: policy, validationActions: ['Deny'] } } });
    try {
      // Admission policies take a moment to load: a dry-run delete says when this one holds.
      for (let i = 0; i < 60; i++) {
        const refused = await admin.deleteNamespace({ name: stuck, dryRun: 'All' }).then(() => false, () => true);
        if (refused) break;
        await new Promise(r => setTimeout(r, 500));
      }
      const run = await EnvironmentJanitor.create({ cluster, logger: mockServices.logger.mock() }).run();
      expect(run.failed).toEqual(expect.arrayContaining([{ namespace: stuck, error: expect.stringContaining('this namespace is kept for a test') }]));
      expect(await phaseOf(expired)).toMatch(/gone|Terminating/);
      expect(await phaseOf(idle)).toMatch(/gone|Terminating/);
      expect(await phaseOf(active)).toBe('Active');
      expect(await phaseOf(stuck)).toBe('Active');
    } finally {
      await admission.deleteValidatingAdmissionPolicyBinding({ name: policy }).catch(() => undefined);
      await admission.deleteValidatingAdmissionPolicy({ name: policy }).catch(() => undefined);
    }
  });
});
