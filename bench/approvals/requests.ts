/*
 * Deploy requests at scale, through DeployRequestService with Slipway's real permission policy:
 *  1. the approvals lists (a lead's inbox, a team's requests, a platform admin's inbox) over
 *     --requests stored requests (default 10,000) in SQLite: p50/p95 against the 100 ms target;
 *  2. approval to all replicas Ready for the golden-path web app on the local cluster: a lead's
 *     decision until the platform identity has applied it and the rollout finished (--applies runs).
 * Prints its figures; it is not a test.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { NewDeployRequest } from '@internal/plugin-idp-approvals-backend/src/database/DeployRequestStore';
import { DeployRequestStore } from '@internal/plugin-idp-approvals-backend/src/database/DeployRequestStore';
import { DeployRequestService } from '@internal/plugin-idp-approvals-backend/src/services/DeployRequestService';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ownershipUserInfo, slipwayPolicyPermissions, SEEDED_OWNERSHIP } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import knexFactory from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '10000' }, queries: { type: 'string', default: '200' }, applies: { type: 'string', default: '3' } } });
const REQUESTS = Number(values.requests);
const QUERIES = Number(values.queries);
const APPLIES = Number(values.applies);
const TEAMS = 50;

// Quiet: the bench prints its own figures (mockServices' logger needs jest).
const quiet: LoggerService = { error() {}, warn() {}, info() {}, debug() {}, child: () => quiet };

const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function time(run: () => Promise<unknown>, count: number) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function lists() {
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  const store = await DeployRequestStore.create({ getClient: async () => db } as any);
  const teams = Array.from({ length: TEAMS }, (_, i) => (i === 0 ? 'team-a' : `team-${i}`));
  const environments = new Map<string, Environment>();
  for (const team of teams) {
    const namespace = `${team}-prod`;
    environments.set(namespace, { team, name: 'prod', namespace, type: 'production', owner: '', createdAt: '', protected: false, phase: 'Active' });
  }
  const now = Date.now();
  const statuses = ['pending', 'applied', 'applied', 'rejected', 'expired', 'stale'] as const;
  const started = Date.now();
  await db.transaction(async tx => {
    const inTx = await DeployRequestStore.create({ getClient: async () => tx } as any);
    for (let i = 0; i < REQUESTS; i++) {
      const team = teams[i % TEAMS];
      const request: NewDeployRequest = {
        id: randomUUID(),
        team,
        app: `app-${i % 40}`,
        environment: 'prod',
        namespace: `${team}-prod`,
        type: 'production',
        requester: i % 7 === 0 ? 'user:default/bob' : 'user:default/alice',
        reason: `release ${i}`,
        spec: { name: `app-${i % 40}`, team },
        manifests: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i % 40}`, namespace: `${team}-prod` } }],
        digest: 'a'.repeat(64),
        liveVersions: {},
        diff: [],
        guardRails: { passed: true, violations: [] },
        resourceDelta: { cpuMillicores: 0, memoryBytes: 0, replicas: 0 },
        createdAt: new Date(now - (REQUESTS - i) * 60_000).toISOString(),
        // Pending ones stay pending for the bench; the others' expiry does not matter.
        expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
      };
      await inTx.insert(request);
      const status = statuses[i % statuses.length];
      if (status !== 'pending') await tx('deploy_requests').where({ id: request.id }).update({ status });
    }
  });
  const seeded = Date.now() - started;
  const ownership = { ...SEEDED_OWNERSHIP, 'user:default/lead-many': [...teams.slice(0, 10).flatMap(t => [`group:default/${t}`, `group:default/${t}-leads`])] };
  const permissions = slipwayPolicyPermissions({ ownership, environmentOf: namespace => environments.get(namespace) });
  const requests = DeployRequestService.create({
    store,
    deployments: {} as DeploymentService, // lists never deploy
    cluster: {} as ClusterAccess,
    permissions,
    userInfo: ownershipUserInfo(ownership),
    logger: quiet,
  });
  const as = (user: string) => mockCredentials.user(`user:default/${user}`);
  const cases: [string, () => Promise<unknown>][] = [
    ['inbox of a tech lead (bob, team-a)', () => requests.list(as('bob'), 'inbox')],
    ['inbox of a lead of 10 teams', () => requests.list(as('lead-many'), 'inbox')],
    ['inbox of a platform admin (every team)', () => requests.list(as('erin'), 'inbox')],
    ['team view (alice, team-a)', () => requests.list(as('alice'), 'team')],
    ['mine (alice)', () => requests.list(as('alice'), 'mine')],
  ];
  console.log(`\n1. Lists over ${REQUESTS.toLocaleString('en')} stored requests (${TEAMS} teams, SQLite; seeded in ${seeded} ms), ${QUERIES} queries each`);
  console.log(`   ${'list'.padEnd(40)} ${'items'.padStart(6)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}   target p95`);
  for (const [name, run] of cases) {
    const items = ((await run()) as unknown[]).length;
    await time(run, 10); // warm up
    const { p50, p95 } = await time(run, QUERIES);
    console.log(`   ${name.padEnd(40)} ${String(items).padStart(6)} ${ms(p50).padStart(10)} ${ms(p95).padStart(10)}   < 100 ms ${p95 < 100 ? '(met)' : '(MISSED)'}`);
  }
  await db.destroy();
}

async function approvalToReady() {
  const local = await ensureLocalCluster();
  const cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const admin = loadKubeConfig(local.adminKubeconfig);
  const name = `apb-${randomBytes(3).toString('hex')}`;
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'production')!;
  const objects = renderEnvironment({ environment: { team: 'team-a', name, type: 'production', owner: 'user:default/bob', createdAt: new Date().toISOString(), protected: false }, settings });
  const client = KubernetesObjectApi.makeApiClient(admin);
  for (const object of objects) await client.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  const namespace = objects[0].metadata.name;
  const environments = new Map([[namespace, environmentFromNamespace(objects[0] as any)!]]);
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  try {
    const store = await DeployRequestStore.create({ getClient: async () => db } as any);
    const permissions = slipwayPolicyPermissions({ environmentOf: ns => environments.get(ns) });
    const userInfo = ownershipUserInfo();
    const logger = quiet;
    const deployments = DeploymentService.create({ cluster, permissions, userInfo, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger });
    const requests = DeployRequestService.create({ store, deployments, cluster, permissions, userInfo, logger });
    console.log(`\n2. Approval to all replicas Ready: golden-path web app (3 replicas) in ${namespace}, ${APPLIES} runs`);
    const samples: number[] = [];
    for (let run = 0; run < APPLIES; run++) {
      const spec = { name: 'bench-web', team: 'team-a', type: 'web', image: `registry.example.com/team-a/bench-web:1.0.${run}`, port: 8080 };
      const created = await requests.create(mockCredentials.user('user:default/alice'), { spec, environment: name, reason: `bench run ${run}` });
      const started = Date.now();
      await requests.decide(mockCredentials.user('user:default/bob'), created.id, { decision: 'approve' });
      await requests.settled();
      const elapsed = Date.now() - started;
      const done = await store.get(created.id);
      if (done?.status !== 'applied') throw new Error(`run ${run}: the request ended ${done?.status}: ${done?.outcome?.message}`);
      samples.push(elapsed);
      console.log(`   run ${run + 1}: ${elapsed} ms (${run === 0 ? 'first deploy' : 'new image, rolling update'})`);
    }
    console.log(`   p50 ${percentile(samples, 50)} ms, max ${Math.max(...samples)} ms (KWOK marks pods Ready at once; a real cluster adds image pulls and probes)`);
  } finally {
    await db.destroy();
    await admin.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace }).catch(() => undefined);
  }
}

async function main() {
  await lists();
  if (APPLIES > 0) await approvalToReady();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
