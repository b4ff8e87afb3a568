import { APIRequestContext, expect, request as requests, test } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { signInForToken } from '../backstageTokens';

/*
 * A backend killed (SIGKILL, no shutdown) in the middle of work, then started again: nothing is
 * left half-made, the work ends with a clear answer, and the same request again converges.
 * Runs after two-replicas.spec.ts (file order, one worker), because it kills the replicas that
 * scripts/test-replicas.sh started; the replicas it restarts it stops itself.
 */
const replicaA = process.env.SLIPWAY_REPLICA_A!;
const replicaB = process.env.SLIPWAY_REPLICA_B!;
const pgidA = Number(process.env.SLIPWAY_REPLICA_A_PGID);
const pgidB = Number(process.env.SLIPWAY_REPLICA_B_PGID);
const logDir = process.env.SLIPWAY_REPLICAS_LOG_DIR ?? '/tmp';
const root = join(__dirname, '..', '..');

const restarted: ChildProcess[] = [];
/** The process group of each replica now (a restarted one has a new one). */
const processGroup: Record<'a' | 'b', number> = { a: pgidA, b: pgidB };
let token: string;
let api: APIRequestContext;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  if (!replicaA || !replicaB || !pgidA || !pgidB) {
    throw new Error('Run through scripts/test-replicas.sh: SLIPWAY_REPLICA_A/B and SLIPWAY_REPLICA_A/B_PGID are unset');
  }
  const signedIn = await signInForToken(replicaB, 'alice');
  token = signedIn.token;
  await signedIn.context.dispose();
  api = await requests.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
});

test.afterAll(async () => {
  for (const child of restarted) {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await api?.dispose();
});

function kill(replica: 'a' | 'b') {
  process.kill(-processGroup[replica], 'SIGKILL');
}

/** The environment's guard objects as the cluster has them (the admin kubeconfig, read only). */
function guardObjects(namespace: string): string[] {
  const kubectl = process.env.SLIPWAY_KUBECTL ?? 'kubectl';
  const kubeconfig = join(process.env.SLIPWAY_CLUSTER_DIR ?? '', 'admin.kubeconfig');
  return execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'resourcequota,limitrange,networkpolicy,rolebinding', '-n', namespace, '-o', 'name'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(line => line.split('/')[0].split('.')[0])
    .sort();
}

/** Starts a replica again exactly as scripts/replicas.sh does (same configuration, database and secrets). */
async function restart(url: string, name: 'a' | 'b'): Promise<void> {
  const port = new URL(url).port;
  const log = openSync(join(logDir, `backend-${name}-restarted.log`), 'a');
  const child = spawn(
    process.execPath,
    [
      '../../node_modules/.bin/backstage-cli',
      'package',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.e2e.yaml',
      '--config',
      '../../e2e/replicas/app-config.replicas.yaml',
    ],
    { cwd: join(root, 'packages', 'backend'), env: { ...process.env, SLIPWAY_E2E_PORT: port }, detached: true, stdio: ['ignore', log, log] },
  );
  restarted.push(child);
  processGroup[name] = child.pid!;
  // scripts/replicas.sh stops these too, should this run die before its afterAll.
  appendFileSync(join(logDir, 'restarted.pgids'), `${child.pid}\n`);
  await expect
    .poll(
      async () => {
        const ready = await api.get(`${url}/.backstage/health/v1/readiness`).catch(() => undefined);
        return ready?.status();
      },
      { message: `replica ${name} ready again after its restart (log: ${logDir}/backend-${name}-restarted.log)`, timeout: 240_000, intervals: [2_000] },
    )
    .toBe(200);
}

test('a backend killed in the middle of an environment create: the same request again converges, and the restarted backend agrees', async () => {
  test.setTimeout(420_000);
  const name = `killed-${Date.now().toString(36)}`;
  const namespace = `team-a-${name}`;
  const body = { team: 'team-a', name, type: 'development', ttlDays: 1 };

  // The create goes to A, which is killed while it works (the answer never comes back).
  const inFlight = api.post(`${replicaA}/api/idp-environments/environments`, { data: body, timeout: 60_000 }).catch(error => error);
  await new Promise(resolve => setTimeout(resolve, 150));
  kill('a');
  await inFlight;

  // The same request, from the same person, on B: it finishes the job (or answers the finished one).
  const retried = await api.post(`${replicaB}/api/idp-environments/environments`, { data: body });
  expect([200, 201], `retry on B: ${await retried.text()}`).toContain(retried.status());
  const environment = await (await api.get(`${replicaB}/api/idp-environments/environments/${namespace}`)).json();
  expect(environment.phase).toBe('Active');
  // Whole: the quota, the limits, the three NetworkPolicies and the three RoleBindings (developers, leads, platform admins).
  expect(guardObjects(namespace)).toEqual(['limitrange', 'networkpolicy', 'networkpolicy', 'networkpolicy', 'resourcequota', 'rolebinding', 'rolebinding', 'rolebinding']);

  // Someone else asking for the same name gets a clear conflict and touches nothing.
  const bob = await signInForToken(replicaB, 'bob');
  const conflict = await bob.context.post(`${replicaB}/api/idp-environments/environments`, {
    data: body,
    headers: { Authorization: `Bearer ${bob.token}` },
  });
  expect(conflict.status(), await conflict.text()).toBe(409);
  await bob.context.dispose();

  // A is started again: it serves the same environment, whole.
  await restart(replicaA, 'a');
  const fromA = await (await api.get(`${replicaA}/api/idp-environments/environments/${namespace}`)).json();
  expect(fromA.phase).toBe('Active');
  expect(fromA.namespace).toBe(namespace);

  // Deletion is idempotent: twice through A, then absent.
  const deleted = await api.delete(`${replicaA}/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  expect(deleted.status(), await deleted.text()).toBeLessThan(300);
  const again = await api.delete(`${replicaA}/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  expect([200, 202, 204, 404], await again.text()).toContain(again.status());
});

test('every backend killed during a golden-path template run: the task ends failed with a clear error, and running it again deploys', async () => {
  test.setTimeout(600_000);
  const name = `runkill-${Date.now().toString(36)}`;
  const namespace = `team-a-${name}`;
  const created = await api.post(`${replicaA}/api/idp-environments/environments`, { data: { team: 'team-a', name, type: 'development', ttlDays: 1 } });
  expect([200, 201], await created.text()).toContain(created.status());
  // The template takes the environment's name; the namespace is <team>-<name>.
  const values = { name: 'killed-run', team: 'team-a', environment: name, image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 };

  const submitted = await api.post(`${replicaA}/api/scaffolder/v2/tasks`, { data: { templateRef: 'template:default/slipway-web-app', values } });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const { id } = await submitted.json();
  // Either replica may have claimed it: both are killed once it runs.
  await expect
    .poll(async () => (await (await api.get(`${replicaA}/api/scaffolder/v2/tasks/${id}`)).json()).status, { message: 'the task starts', timeout: 60_000, intervals: [100] })
    .toBe('processing');
  kill('a');
  kill('b');

  // One backend comes back; the task whose backend died stops heartbeating and is failed, with a message.
  await restart(replicaA, 'a');
  await expect
    .poll(async () => (await (await api.get(`${replicaA}/api/scaffolder/v2/tasks/${id}`)).json()).status, {
      message: 'the interrupted task ends (scaffolder.taskTimeout in app-config.replicas.yaml)',
      timeout: 180_000,
      intervals: [2_000],
    })
    .toMatch(/^(failed|completed)$/);
  const task = await (await api.get(`${replicaA}/api/scaffolder/v2/tasks/${id}`)).json();
  if (task.status === 'failed') {
    const events: Array<{ body?: { message?: string; error?: { message?: string } } }> = await (await api.get(`${replicaA}/api/scaffolder/v2/tasks/${id}/events`)).json();
    const said = events.map(event => event.body?.error?.message ?? event.body?.message ?? '').join('\n');
    expect(said, 'the failed task says why').toMatch(/stale|timeout/i);
  }

  // Running the template again converges: rendered, applied, rolled out.
  const again = await api.post(`${replicaA}/api/scaffolder/v2/tasks`, { data: { templateRef: 'template:default/slipway-web-app', values } });
  expect(again.status(), await again.text()).toBe(201);
  const rerun = (await again.json()).id;
  await expect
    .poll(async () => (await (await api.get(`${replicaA}/api/scaffolder/v2/tasks/${rerun}`)).json()).status, { message: 'the run again completes', timeout: 300_000, intervals: [1_000] })
    .toBe('completed');

  const deleted = await api.delete(`${replicaA}/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  expect(deleted.status(), await deleted.text()).toBeLessThan(300);
});
