/*
 * Load on a real backend process against the shared local cluster: N concurrent environment creates,
 * M concurrent golden-path template runs (the scaffolder API with the web-app template), and F
 * concurrent log follows; each kind's p50/p95/max beside a single run (the median of several made one at
 * a time), the failures, the backend's RSS (read from /proc) before, at its peak and after, and the CPU
 * each process (backend, control plane, this bench) used per batch: on a machine whose cores are all
 * busy that CPU, divided by the cores, is the least time the batch can take. Prints its figures; it is
 * not a test.
 *
 * The backend is started as the browser tests start it (`backstage-cli package start` with
 * app-config.yaml + app-config.e2e.yaml, on its own port and SQLite directory) with the local OIDC
 * provider, and the bench signs alice (team-a) in through the real OIDC flow for her token. The bench's
 * own config (written next to the SQLite files) raises two limits so the load reaches the code rather
 * than a queue: the scaffolder's concurrent task limit (default 10) and the log follows per user
 * (default 5). Everything created is deleted at the end.
 *
 *   bash bench/load/bench.sh [--creates 50] [--runs 20] [--follows 200] [--follow-seconds 20]
 */
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ENVIRONMENT_LABELS, MANAGED_BY } from '@internal/plugin-idp-environments-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { request as playwrightRequest } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    creates: { type: 'string', default: '50' },
    runs: { type: 'string', default: '20' },
    follows: { type: 'string', default: '200' },
    'follow-seconds': { type: 'string', default: '20' },
    port: { type: 'string', default: process.env.SLIPWAY_LOAD_PORT ?? '7307' },
    'oidc-port': { type: 'string', default: process.env.SLIPWAY_LOAD_OIDC_PORT ?? '5567' },
  },
});
const CREATES = Number(values.creates);
const RUNS = Number(values.runs);
const FOLLOWS = Number(values.follows);
const FOLLOW_MS = Number(values['follow-seconds']) * 1000;
const PORT = Number(values.port);
const BASE = `http://localhost:${PORT}`;
const ISSUER = `http://127.0.0.1:${values['oidc-port']}`;
const ROOT = resolve(__dirname, '../..');
const TAG = Date.now().toString(36).slice(-5);
const USER = 'alice';
/** Creates made one at a time before the concurrent ones; their median is the single-run baseline. */
const SINGLES = 5;

const percentile = (samples: number[], p: number) => (samples.length ? [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] : NaN);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

// --- The backend process and its memory -------------------------------------------------------------------

const children: ChildProcess[] = [];
function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: string }) {
  const out = openSync(options.log, 'w');
  // Its own process group, so stopping it stops what it started (the backend under backstage-cli).
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', out, out], detached: true });
  children.push(child);
  return child;
}
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function waitFor(what: string, url: string, timeoutMs: number, log: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then(r => r.ok, () => false)) return;
    await sleep(1000);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s; see ${log}`);
}

/** The pid listening on the backend's port: the backend itself, not backstage-cli's wrapper. */
function listenerPid(port: number): number {
  const line = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(line)?.[1];
  if (!pid) throw new Error(`No process listens on port ${port}`);
  return Number(pid);
}
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Samples RSS every 250 ms; `peak()` since the last `reset()`. */
function rssSampler(pid: number) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 250);
  return { peak: () => peak, reset: () => void (peak = rssMb(pid)), stop: () => clearInterval(timer) };
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat; NaN when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * The CPU every process of a phase used: the backend, each control-plane component and this bench
 * (its HTTP clients). On a machine whose cores are all busy, a batch cannot end before
 * (CPU used) / (cores), whatever the code does; the report prints that bound beside the latencies.
 */
function cpuMeter(pids: Record<string, number>) {
  const read = () => ({
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)])),
    bench: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage()),
  });
  let start = read();
  let wallStart = performance.now();
  return {
    reset() {
      start = read();
      wallStart = performance.now();
    },
    report(what: string, count: number) {
      const wall = (performance.now() - wallStart) / 1000;
      const end = read();
      const used = Object.entries(end).map(([name, value]) => [name, value - (start as Record<string, number>)[name]] as const).filter(([, v]) => Number.isFinite(v));
      const total = used.reduce((sum, [, v]) => sum + v, 0);
      const cores = availableParallelism();
      console.log(
        `  CPU for ${what}: ${total.toFixed(1)} s in ${wall.toFixed(1)} s of wall time on ${cores} cores (${((100 * total) / (wall * cores)).toFixed(0)}% busy); ` +
          `${((1000 * total) / count).toFixed(0)} ms per item; so the batch cannot end before ${(total / cores).toFixed(2)} s`,
      );
      console.log(`    ${[...used].sort((a, b) => b[1] - a[1]).map(([name, v]) => `${name} ${v.toFixed(1)} s`).join(', ')}`);
    },
  };
}

/**
 * The TCP connections process `pid` holds to `port` on loopback: its socket inodes (/proc/<pid>/fd)
 * matched against the established connections in /proc/net/tcp. The watches the workload cache holds
 * are most of them.
 */
function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed while reading
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map(line => line.trim().split(/\s+/))
    .filter(f => f.length > 9 && f[2]?.endsWith(`:${hexPort}`) && f[3] === '01' && inodes.has(f[9])).length;
}

/** The pids of the local control plane's components (cluster.sh keeps them under <state>/pids). */
function controlPlanePids(stateDir: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']) {
    const pid = Number(readFileSync(join(stateDir, 'pids', `${component}.pid`), 'utf8').trim());
    if (Number.isInteger(pid) && pid > 1) pids[component] = pid;
  }
  return pids;
}

// --- Signing in -------------------------------------------------------------------------------------------

/** alice's Backstage token, through the backend's OIDC start, the provider's login form and the refresh endpoint. */
async function signIn(user: string): Promise<string> {
  const context = await playwrightRequest.newContext({ baseURL: BASE });
  try {
    const startPage = await context.get(`/api/auth/oidc/start?env=development&scope=openid%20profile%20email&origin=${encodeURIComponent(BASE)}&flow=popup`);
    const action = (await startPage.text()).match(/action="([^"]+\/login)"/)?.[1];
    if (!startPage.ok() || !action) throw new Error(`No OIDC login form for ${user} (status ${startPage.status()})`);
    const login = await context.post(new URL(action, startPage.url()).toString(), { form: { login: user, password: process.env.SLIPWAY_OIDC_PASSWORD ?? 'slipway' } });
    if (!login.ok()) throw new Error(`Login of ${user} failed: ${login.status()}`);
    const refresh = await context.get('/api/auth/oidc/refresh?env=development&optional', { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    const answer = await refresh.text();
    const token = refresh.ok() ? JSON.parse(answer).backstageIdentity?.token : undefined;
    if (!token) throw new Error(`No Backstage token for ${user}: the session refresh answered ${refresh.status()} ${answer.slice(0, 300)}`);
    return token;
  } finally {
    await context.dispose();
  }
}

async function signedInWithin(user: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await signIn(user);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(3000);
    }
  }
}

// --- The three kinds of load ------------------------------------------------------------------------------

interface Timed {
  ms: number;
  error?: string;
}

async function timed(work: () => Promise<void>): Promise<Timed> {
  const started = performance.now();
  try {
    await work();
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error: String((error as Error)?.message ?? error).slice(0, 300) };
  }
}

function api(token: string) {
  return async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const res = await fetch(`${BASE}${path}`, {
      method,
      signal,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res;
  };
}
type Api = ReturnType<typeof api>;

async function expectOk(res: Response, what: string) {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

const createEnvironment = (call: Api, name: string) => async () => {
  await expectOk(await call('POST', '/api/idp-environments/environments', { team: 'team-a', name, type: 'development', ttlDays: 1 }), `create ${name}`);
};

/** A web-app template run: submitted through the scaffolder API, until the task completes (rendered, applied, rolled out). */
const runTemplate = (call: Api, environment: string, app: string) => async () => {
  const values = { name: app, team: 'team-a', environment, image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 };
  const { id } = await expectOk(await call('POST', '/api/scaffolder/v2/tasks', { templateRef: 'template:default/slipway-web-app', values }), `template run ${app}`);
  for (;;) {
    const task = await expectOk(await call('GET', `/api/scaffolder/v2/tasks/${id}`), `task ${id}`);
    if (task.status === 'completed') return;
    if (task.status === 'failed' || task.status === 'cancelled') {
      const events = await (await call('GET', `/api/scaffolder/v2/tasks/${id}/events`)).json().catch(() => []);
      const last = (events as any[]).filter(e => e.body?.message).slice(-3).map(e => e.body.message).join(' | ');
      throw new Error(`task ${id} ${task.status}: ${last.slice(0, 300)}`);
    }
    await sleep(500);
  }
};

/** A follow: time to the first streamed log line, then held open until `holdMs`; fails if it never streamed. */
async function follow(call: Api, namespace: string, pod: string, holdMs: number): Promise<Timed & { lines: number }> {
  const controller = new AbortController();
  const started = performance.now();
  let lines = 0;
  let firstLineMs: number | undefined;
  const timer = setTimeout(() => controller.abort(), holdMs);
  try {
    const res = await call('GET', `/api/idp-workloads/environments/${namespace}/logs?pod=${pod}&follow=true&tailLines=1`, undefined, controller.signal);
    if (!res.ok || !res.body) return { ms: performance.now() - started, lines, error: `${res.status} ${(await res.text()).slice(0, 200)}` };
    const decoder = new TextDecoder();
    for await (const chunk of res.body as any as AsyncIterable<Uint8Array>) {
      const n = decoder.decode(chunk, { stream: true }).split('\n').length - 1;
      if (n > 0 && firstLineMs === undefined) firstLineMs = performance.now() - started;
      lines += n;
    }
  } catch (error) {
    if (!controller.signal.aborted) return { ms: performance.now() - started, lines, error: String(error).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
  return firstLineMs === undefined ? { ms: performance.now() - started, lines, error: 'no log line' } : { ms: firstLineMs, lines };
}

function summary(kind: string, single: Timed[], load: Timed[]) {
  const ok = load.filter(t => !t.error).map(t => t.ms);
  const singles = single.filter(t => !t.error).map(t => t.ms);
  const base = percentile(singles, 50);
  const p95 = percentile(ok, 95);
  const baseText = singles.length > 1 ? `single ${s(base)} (median of ${singles.length} one at a time: ${singles.map(ms => (ms / 1000).toFixed(2)).join(', ')})` : `single ${s(base)}`;
  console.log(
    `${kind}: ${baseText} | ${load.length} concurrent: p50 ${s(percentile(ok, 50))} p95 ${s(p95)} max ${s(Math.max(...ok))} | p95/single ${(p95 / base).toFixed(2)}× | failures ${load.length - ok.length}`,
  );
  for (const failure of single.filter(t => t.error).slice(0, 3)) console.log(`  single-run failure: ${failure.error}`);
  for (const failure of load.filter(t => t.error).slice(0, 5)) console.log(`  failure: ${failure.error}`);
}

// --- The run ----------------------------------------------------------------------------------------------

async function main() {
  const local = await ensureLocalCluster();
  const admin = loadKubeConfig(local.adminKubeconfig);
  const core = admin.makeApiClient(CoreV1Api);
  const apiServerPort = Number(new URL(admin.getCurrentCluster()!.server).port);
  const dir = mkdtempSync(join(tmpdir(), 'slipway-load-'));
  const config = join(dir, 'app-config.load.yaml');
  mkdirSync(join(dir, 'sqlite'));
  writeFileSync(config, ['scaffolder:', `  concurrentTasksLimit: ${Math.max(RUNS, 10)}`, 'slipway:', '  workloads:', '    logs:', '      follow:', `        maxPerUser: ${Math.max(FOLLOWS, 5)}`, `        maxTotal: ${Math.max(FOLLOWS, 200)}`, ''].join('\n'));
  start('node', ['packages/local-oidc-provider/src/cli.js'], {
    cwd: ROOT,
    env: { SLIPWAY_OIDC_PORT: String(values['oidc-port']), SLIPWAY_OIDC_REDIRECT_URIS: `${BASE}/api/auth/oidc/handler/frame` },
    log: join(dir, 'oidc.log'),
  });
  const backendLog = join(dir, 'backend.log');
  start('node', ['../../node_modules/.bin/backstage-cli', 'package', 'start', '--config', '../../app-config.yaml', '--config', '../../app-config.e2e.yaml', '--config', config], {
    cwd: join(ROOT, 'packages/backend'),
    env: { SLIPWAY_E2E_PORT: String(PORT), SLIPWAY_OIDC_ISSUER: ISSUER, SLIPWAY_E2E_SQLITE_DIR: join(dir, 'sqlite') },
    log: backendLog,
  });
  await waitFor('The OIDC provider', `${ISSUER}/healthz`, 30_000, join(dir, 'oidc.log'));
  const t0 = Date.now();
  await waitFor('The backend', `${BASE}/.backstage/health/v1/readiness`, 300_000, backendLog);
  console.log(`backend ready in ${s(Date.now() - t0)} (log: ${backendLog})`);
  // Sign-in resolves alice through the catalog, which loads the organisation shortly after the backend is ready.
  const call = api(await signedInWithin(USER, 180_000));
  // The template comes from the catalog's location; wait until it is ingested.
  const deadline = Date.now() + 180_000;
  while (!(await call('GET', '/api/catalog/entities/by-name/template/default/slipway-web-app')).ok) {
    if (Date.now() > deadline) throw new Error('The web-app template never appeared in the catalog');
    await sleep(2000);
  }
  const pid = listenerPid(PORT);
  await sleep(5000);
  const rssBefore = rssMb(pid);
  const rss = rssSampler(pid);
  // The first SINGLES names are created one at a time (the baseline), the rest at once.
  const names = Array.from({ length: CREATES + SINGLES }, (_, i) => `ld${TAG}-${i}`);
  const cpu = cpuMeter({ backend: pid, ...controlPlanePids(local.stateDir) });
  try {
    // 0. A request's floor, one at a time: the signed-in user's token checked (the types), then that plus
    // a permission decision and the cluster-backed list; what a create costs beyond its Kubernetes calls.
    for (const [what, path] of [
      ['GET /environment-types (auth only)', '/api/idp-environments/environment-types'],
      ['GET /environments (auth, permission, list)', '/api/idp-environments/environments'],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = await timed(async () => void (await expectOk(await call('GET', path), what)));
        if (!t.error) samples.push(t.ms);
      }
      console.log(`${what}: p50 ${(percentile(samples, 50)).toFixed(1)} ms, p95 ${(percentile(samples, 95)).toFixed(1)} ms (20 sequential)`);
    }
    // 1. Environment creates: SINGLES one at a time (their median is "a single run"), then CREATES at once.
    const singleCreate: Timed[] = [];
    for (const name of names.slice(0, SINGLES)) singleCreate.push(await timed(createEnvironment(call, name)));
    cpu.reset();
    const creates = await Promise.all(names.slice(SINGLES).map(name => timed(createEnvironment(call, name))));
    summary('environment create', singleCreate, creates);
    cpu.report(`${CREATES} concurrent creates`, CREATES);
    const createPeak = rss.peak();
    await sleep(3000); // the workload cache starts the new environments' watches
    const environments = (await core.listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` })).items.length;
    console.log(`backend's connections to the API server: ${connectionsTo(pid, apiServerPort)} (the workload cache watches ${environments} environments, 6 kinds each)`);

    // 2. Template runs: three one at a time (in the first environments), then RUNS at once, each in an environment of its own.
    rss.reset();
    const singleRun: Timed[] = [];
    for (const [i, name] of names.slice(0, Math.min(3, SINGLES)).entries()) singleRun.push(await timed(runTemplate(call, name, `web${i}`)));
    const ready = names.slice(SINGLES).filter((_, i) => !creates[i].error);
    cpu.reset();
    const runs = await Promise.all(Array.from({ length: RUNS }, (_, i) => timed(runTemplate(call, ready[i % ready.length], `web${i + 10}`))));
    summary('golden-path template run', singleRun, runs);
    cpu.report(`${RUNS} concurrent template runs`, RUNS);
    const runPeak = rss.peak();

    // 3. Log follows of the deployed pods: one alone, then FOLLOWS at once, held FOLLOW_MS.
    const pods: { namespace: string; pod: string }[] = [];
    for (const namespace of [names[0], ...ready].map(n => `team-a-${n}`)) {
      const list = await core.listNamespacedPod({ namespace });
      for (const p of list.items) if (p.status?.phase === 'Running') pods.push({ namespace, pod: p.metadata!.name! });
    }
    if (pods.length === 0) throw new Error('No running pod to follow');
    rss.reset();
    const singleFollow = [await follow(call, pods[0].namespace, pods[0].pod, 5_000)];
    const beforeFollows = rssMb(pid);
    const follows = await Promise.all(Array.from({ length: FOLLOWS }, (_, i) => follow(call, pods[i % pods.length].namespace, pods[i % pods.length].pod, FOLLOW_MS)));
    summary(`log follow (first line; held ${FOLLOW_MS / 1000} s)`, singleFollow, follows);
    const followPeak = rss.peak();
    console.log(`  log lines streamed: ${follows.reduce((n, f) => n + f.lines, 0)} over ${pods.length} pods`);
    await sleep(10_000);
    console.log(`backend RSS: before ${rssBefore.toFixed(0)} MB | peak during creates ${createPeak.toFixed(0)} MB, template runs ${runPeak.toFixed(0)} MB, follows ${followPeak.toFixed(0)} MB (${beforeFollows.toFixed(0)} MB before them) | after ${rssMb(pid).toFixed(0)} MB`);
  } finally {
    rss.stop();
    await Promise.all(names.map(n => core.deleteNamespace({ name: `team-a-${n}` }).catch(() => undefined)));
    stopAll();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    stopAll();
    process.exit(1);
  },
);
