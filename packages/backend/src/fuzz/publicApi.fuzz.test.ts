/*
 * Fuzz test of every public endpoint of Slipway's backend plugins and of the scaffolder actions'
 * inputs: random JSON, mutations of valid bodies, hostile YAML and Score files, hostile path
 * segments and query strings. Every answer must be a 4xx carrying Backstage's error body — a 400
 * naming the field — or a 2xx whose effect is checked and undone; never a 5xx, within a time bound,
 * with the heap bounded.
 *
 * The plugins are the real ones, on one test backend, with the real auditor and audit log, Slipway's
 * real permission policy and the shared local control plane as the portal's service account. Each
 * request carries a user token (alice, a developer of team-a, mostly; bob a tech lead, carol of
 * team-b, erin a platform admin). Most inputs are refused before Kubernetes is called.
 *
 *   SLIPWAY_FUZZ_SEED=<n>      reproduce a run (the seed is printed, with the input of every failure)
 *   SLIPWAY_FUZZ_INPUTS=<n>    HTTP inputs (default 10,000); SLIPWAY_FUZZ_ACTION_INPUTS (default 1,000)
 */
import { coreServices, createBackendPlugin, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import { DeploymentService, SecretKeyDirectoryClient } from '@internal/plugin-idp-apps-node';
import approvalsPlugin from '@internal/plugin-idp-approvals-backend';
import appsPlugin from '@internal/plugin-idp-apps-backend';
import costsPlugin from '@internal/plugin-idp-costs-backend';
import environmentsPlugin from '@internal/plugin-idp-environments-backend';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import secretsPlugin from '@internal/plugin-idp-secrets-backend';
import workloadsPlugin from '@internal/plugin-idp-workloads-backend';
import { ownershipUserInfo, slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { APP_DEPLOYMENT_INPUT, createApplyAppAction, createRenderAppAction } from '@internal/plugin-scaffolder-backend-module-idp';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { createHmac, randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { z } from 'zod/v3';
import { auditLogServiceFactory } from '../audit/auditLogServiceFactory';
import { auditorServiceFactory } from '../audit/auditorServiceFactory';
import { Random, VALID_EXPERT_YAML, deeplyNestedJson, hostileYaml, mutate, pathSegment, randomJson, randomQuery, randomText, scoreText, seededRandom } from './inputs';

const SEED = Number(process.env.SLIPWAY_FUZZ_SEED ?? randomInt(2 ** 31));
const HTTP_INPUTS = Number(process.env.SLIPWAY_FUZZ_INPUTS ?? 10_000);
const ACTION_INPUTS = Number(process.env.SLIPWAY_FUZZ_ACTION_INPUTS ?? 1_000);
const CONCURRENCY = 8;
/** A refusal is quick; an accepted input may write to the cluster (an environment is a few objects). */
const REFUSAL_BOUND_MS = 10_000;
const ACCEPTED_BOUND_MS = 60_000;
/** Heap growth allowed over the whole run, after a full collection at both ends. */
const HEAP_GROWTH_BOUND_MB = 150;
const WEBHOOK_SECRET = 'fuzz-webhook-secret';
const PREVIEW_REPOSITORY = 'acme/fuzz';

jest.setTimeout(20 * 60_000);
// The actions' task log: the test reads outcomes, not log lines.
const quietLogger: any = { info() {}, warn() {}, error() {}, debug() {}, child: () => quietLogger };

const USERS = { alice: 'user:default/alice', bob: 'user:default/bob', carol: 'user:default/carol', erin: 'user:default/erin' } as const;
type User = keyof typeof USERS;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const tag = (SEED % 100_000).toString(36);
/** The fixture: one development environment of team-a, so valid-looking paths reach the services. */
const FIXTURE = `fz${tag}`;
const NS = `team-a-${FIXTURE}`;
const environments = new Map<string, Environment>();
/** Namespaces an accepted input created; deleted at the end. */
const created = new Set<string>([NS]);

let server: Parameters<typeof request>[0];
let admin: CoreV1Api;
let actions: { render: ReturnType<typeof createRenderAppAction>; apply: ReturnType<typeof createApplyAppAction> };

// --- The endpoints ---------------------------------------------------------------------------------------

interface Body {
  /** JSON value, or raw text with a content type. */
  json?: unknown;
  raw?: { text: string; type: string };
}
interface Endpoint {
  name: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: (r: Random) => string;
  body?: (r: Random) => Body;
  headers?: (body: Body) => Record<string, string>;
  user?: (r: Random) => User;
  /** Checks what an accepted (2xx) answer did; returns a problem, or undefined. */
  accepted?: (res: request.Response) => Promise<string | undefined> | string | undefined;
}

/** A JSON body around a valid one: mostly mutations, sometimes anything, sometimes broken JSON. */
function jsonBody(valid: unknown, extra?: (r: Random) => unknown): (r: Random) => Body {
  return r => {
    const roll = r.next();
    if (roll < 0.6) return { json: mutate(r, valid) };
    if (roll < 0.7 && extra) return { json: extra(r) };
    if (roll < 0.8) return { json: randomJson(r, 3) };
    if (roll < 0.9) return { raw: rawBody(r) };
    return { json: valid };
  };
}

function rawBody(r: Random): { text: string; type: string } {
  switch (r.int(6)) {
    case 0:
      return { text: deeplyNestedJson(r.pick([100, 5_000, 50_000]), r.chance(0.5) ? 'array' : 'object'), type: 'application/json' };
    case 1:
      return { text: r.pick(['{', '{"a":', 'nul', '{"a":1,}', "{'a':1}", '\u0000', '[1,2', '{"__proto__":{"polluted":true}}', '1e999', '"\\ud800"']), type: 'application/json' };
    case 2:
      return { text: `{"name":"${'x'.repeat(r.pick([1_100_000, 2_200_000]))}"}`, type: 'application/json' };
    case 3:
      return { text: 'team=team-a&name=x', type: 'application/x-www-form-urlencoded' };
    case 4:
      return { text: hostileYaml(r), type: r.pick(['text/yaml', 'text/plain', 'application/octet-stream']) };
    default:
      return { text: '{}', type: r.pick(['application/json; charset=utf-16', 'application/json; charset=bogus']) };
  }
}

/** Expert YAML: hostile half the time, the valid Deployment a quarter, absent a quarter. */
function maybeYaml(r: Random): string | undefined {
  if (r.chance(0.5)) return hostileYaml(r);
  return r.chance(0.5) ? VALID_EXPERT_YAML : undefined;
}
const validSpec = { name: 'user-service', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 };
const ns = (r: Random) => pathSegment(r, r.chance(0.8) ? NS : r.pick(['team-b-dev', 'kube-system', 'team-a-prod']));
const users = (...candidates: User[]) => (r: Random) => r.pick(candidates);
const E = '/api/idp-environments';
const A = '/api/idp-apps';
const P = '/api/idp-approvals';
const C = '/api/idp-costs';
const S = '/api/idp-secrets';
const W = '/api/idp-workloads';

/** A namespace an accepted create/clone/preview made must exist, and is deleted at the end. */
async function createdNamespace(namespace: unknown): Promise<string | undefined> {
  if (typeof namespace !== 'string') return 'the answer names no namespace';
  created.add(namespace);
  const found = await admin.readNamespace({ name: namespace }).catch(() => undefined);
  return found ? undefined : `the answer names ${namespace}, which does not exist`;
}

function signed(body: Body): Record<string, string> {
  const text = body.raw?.text ?? JSON.stringify(body.json ?? null);
  return { 'x-github-event': 'pull_request', 'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(text).digest('hex')}` };
}

const ENDPOINTS: Endpoint[] = [
  // idp-environments
  { name: 'environment types', method: 'get', path: r => `${E}/environment-types${randomQuery(r, { type: 'development' })}` },
  { name: 'environment list', method: 'get', path: r => `${E}/environments${randomQuery(r, { team: 'team-a' })}` },
  {
    name: 'environment create',
    method: 'post',
    path: () => `${E}/environments`,
    body: jsonBody({ team: 'team-a', name: `${FIXTURE}c`, type: 'development', ttlDays: 1 }),
    accepted: res => createdNamespace(res.body.namespace),
  },
  { name: 'environment get', method: 'get', path: r => `${E}/environments/${ns(r)}` },
  {
    name: 'environment clone',
    method: 'post',
    path: r => `${E}/environments/${ns(r)}/clone`,
    body: jsonBody({ name: `${FIXTURE}k`, type: 'development', ttlDays: 1 }),
    accepted: res => createdNamespace(res.body.environment?.namespace),
  },
  { name: 'environment extend', method: 'post', path: r => `${E}/environments/${ns(r)}/extend`, body: jsonBody({ ttlDays: 3 }), user: users('alice', 'bob') },
  { name: 'environment quota', method: 'put', path: r => `${E}/environments/${ns(r)}/quota`, body: jsonBody({ cpu: '2', memory: '4Gi', pods: 10 }), user: users('alice', 'bob') },
  // confirm never names the fixture: an accepted delete would end the run's environment.
  { name: 'environment delete', method: 'delete', path: r => `${E}/environments/${pathSegment(r, 'team-a-gone')}`, body: jsonBody({ confirm: 'team-a-gone' }) },
  {
    name: 'preview upsert',
    method: 'post',
    path: () => `${E}/previews`,
    body: jsonBody({ team: 'team-a', repository: PREVIEW_REPOSITORY, pullRequest: 7 }),
    accepted: res => createdNamespace(res.body.namespace),
  },
  { name: 'preview delete', method: 'delete', path: () => `${E}/previews`, body: jsonBody({ team: 'team-a', repository: PREVIEW_REPOSITORY, pullRequest: 7 }) },
  {
    name: 'GitHub webhook',
    method: 'post',
    path: () => `${E}/webhooks/github`,
    // 'labeled' is ignored; a mutation that opens a pull request creates a preview, checked and deleted.
    body: jsonBody({ action: 'labeled', number: 7, repository: { full_name: PREVIEW_REPOSITORY }, sender: { login: 'octocat' } }),
    headers: body => signed(body),
    accepted: res => {
      const namespace = /preview (\S+) ready/.exec(String(res.body.message))?.[1];
      return namespace ? createdNamespace(namespace) : undefined;
    },
  },
  // idp-apps
  {
    name: 'deploy preview',
    method: 'post',
    path: () => `${A}/preview`,
    body: jsonBody({ spec: validSpec, environment: FIXTURE }, r => ({ spec: mutate(r, validSpec), environment: FIXTURE, expertYaml: maybeYaml(r) })),
  },
  {
    name: 'Score import',
    method: 'post',
    path: () => `${A}/score-import`,
    body: jsonBody({ score: 'apiVersion: score.dev/v1b1\nmetadata: {name: user-service}\ncontainers: {main: {image: nginx:1.27}}', team: 'team-a', type: 'web' }, r => ({
      score: scoreText(r),
      team: r.chance(0.8) ? 'team-a' : randomText(r),
      type: r.pick(['web', 'worker', 'cron-job', 'cron', '']),
      schedule: r.chance(0.3) ? randomText(r) : undefined,
    })),
  },
  // idp-approvals
  { name: 'deploy request create', method: 'post', path: () => `${P}/requests`, body: jsonBody({ spec: validSpec, environment: FIXTURE, reason: 'release' }, r => ({ spec: validSpec, environment: FIXTURE, reason: 'r', expertYaml: hostileYaml(r) })) },
  { name: 'deploy request rollback', method: 'post', path: r => `${P}/requests/${pathSegment(r, '00000000-0000-0000-0000-000000000000')}/rollback`, body: jsonBody({ reason: 'broken' }) },
  { name: 'app revisions', method: 'get', path: r => `${P}/apps/${pathSegment(r, 'team-a')}/${pathSegment(r, 'user-service')}/revisions` },
  { name: 'deploy request list', method: 'get', path: r => `${P}/requests${randomQuery(r, { view: 'inbox' })}`, user: users('alice', 'bob', 'erin') },
  { name: 'deploy request get', method: 'get', path: r => `${P}/requests/${pathSegment(r, '00000000-0000-0000-0000-000000000000')}` },
  { name: 'deploy request decide', method: 'post', path: r => `${P}/requests/${pathSegment(r, '00000000-0000-0000-0000-000000000000')}/decisions`, body: jsonBody({ decision: 'approve', comment: 'ok' }), user: users('bob', 'erin') },
  {
    name: 'audit log',
    method: 'get',
    path: r => `${P}/audit${randomQuery(r, { team: 'team-a', namespace: NS, actor: USERS.alice, action: 'environment-create', before: 'x', limit: '20' })}`,
    user: users('alice', 'bob', 'erin'),
  },
  // idp-costs
  { name: 'price sheet', method: 'get', path: () => `${C}/price-sheet` },
  { name: 'team showback', method: 'get', path: r => `${C}/teams/${pathSegment(r, 'team-a')}/showback${randomQuery(r, { from: '2026-11-01', to: '2026-11-30', by: 'app' })}` },
  { name: 'platform showback', method: 'get', path: r => `${C}/showback${randomQuery(r, { from: '2026-11-01', to: '2026-11-30' })}`, user: users('alice', 'erin') },
  { name: 'app cost', method: 'get', path: r => `${C}/apps/${pathSegment(r, 'team-a')}/${pathSegment(r, 'user-service')}${randomQuery(r, { days: '30' })}` },
  { name: 'run rates', method: 'get', path: () => `${C}/environments/run-rates` },
  { name: 'chargeback months', method: 'get', path: r => `${C}/teams/${pathSegment(r, 'team-a')}/chargeback` },
  { name: 'chargeback report', method: 'get', path: r => `${C}/teams/${pathSegment(r, 'team-a')}/chargeback/${pathSegment(r, '2026-10')}${randomQuery(r, { format: 'csv' })}` },
  { name: 'allocation', method: 'get', path: r => `${C}/allocation/compute${randomQuery(r, { window: '7d', aggregate: 'team', step: '1d', accumulate: 'true' })}`, user: users('alice', 'erin') },
  {
    name: 'billing import',
    method: 'post',
    path: r => `${C}/price-imports${randomQuery(r, { format: 'aws-cur-2.0-csv', fileName: 'cur.csv' })}`,
    body: r => ({ raw: { text: billingCsv(r), type: r.pick(['text/csv', 'application/octet-stream', 'application/json']) } }),
    user: users('erin', 'erin', 'alice'),
  },
  { name: 'billing import list', method: 'get', path: () => `${C}/price-imports`, user: users('erin', 'alice') },
  { name: 'billing import get', method: 'get', path: r => `${C}/price-imports/${pathSegment(r, '1')}`, user: users('erin') },
  { name: 'billing import apply', method: 'post', path: r => `${C}/price-imports/${pathSegment(r, '1')}/apply`, body: jsonBody({ effectiveFrom: '2026-12-01' }), user: users('erin') },
  // idp-secrets
  { name: 'secret store', method: 'get', path: () => `${S}/store` },
  { name: 'secret list', method: 'get', path: r => `${S}/environments/${ns(r)}/secrets` },
  { name: 'secret keys', method: 'get', path: r => `${S}/environments/${ns(r)}/secret-keys` },
  { name: 'secret get', method: 'get', path: r => `${S}/environments/${ns(r)}/secrets/${pathSegment(r, 'db')}` },
  { name: 'secret rotations', method: 'get', path: r => `${S}/environments/${ns(r)}/secrets/${pathSegment(r, 'db')}/rotations` },
  { name: 'secret write', method: 'put', path: r => `${S}/environments/${ns(r)}/secrets/${pathSegment(r, 'db')}`, body: jsonBody({ set: { password: 'hunter2hunter2' }, remove: ['old'] }) },
  {
    name: 'secret generate',
    method: 'post',
    path: r => `${S}/environments/${ns(r)}/secrets/${pathSegment(r, 'gen')}/generate`,
    body: jsonBody({ generator: { kind: 'password', length: 24, alphabet: 'letters-digits' }, key: 'password', rotation: { everyDays: 30, graceHours: 24 } }),
  },
  { name: 'secret rotate', method: 'post', path: r => `${S}/environments/${ns(r)}/secrets/${pathSegment(r, 'absent')}/rotate`, body: jsonBody({}) },
  { name: 'secret delete', method: 'delete', path: r => `${S}/environments/${ns(r)}/secrets/${pathSegment(r, 'absent')}`, body: jsonBody({ confirm: true }) },
  // idp-workloads
  { name: 'workload summaries', method: 'get', path: () => `${W}/environments` },
  { name: 'workload status', method: 'get', path: r => `${W}/environments/${ns(r)}` },
  { name: 'workload events', method: 'get', path: r => `${W}/environments/${ns(r)}/events` },
  { name: 'workload metrics', method: 'get', path: r => `${W}/environments/${ns(r)}/metrics${randomQuery(r, { minutes: '60' })}` },
  { name: 'workload RED', method: 'get', path: r => `${W}/environments/${ns(r)}/red` },
  {
    name: 'pod logs',
    method: 'get',
    // follow stays false unless a mutation asks for it: a follow of an absent pod must end too.
    path: r => `${W}/environments/${ns(r)}/logs${randomQuery(r, { pod: 'web-1', container: 'web', tailLines: '50', previous: 'false', follow: 'false', search: 'GET', sinceTime: '2026-12-01T10:00:00Z' })}`,
  },
  { name: 'deployment scale', method: 'post', path: r => `${W}/environments/${ns(r)}/deployments/${pathSegment(r, 'web')}/scale`, body: jsonBody({ replicas: 2 }) },
  { name: 'deployment restart', method: 'post', path: r => `${W}/environments/${ns(r)}/deployments/${pathSegment(r, 'web')}/restart`, body: jsonBody({}) },
  { name: 'pod delete', method: 'delete', path: r => `${W}/environments/${ns(r)}/pods/${pathSegment(r, 'web-1')}` },
  { name: 'app workloads', method: 'get', path: r => `${W}/apps/${pathSegment(r, 'team-a')}/${pathSegment(r, 'user-service')}` },
];

const CUR_HEADER = 'line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,line_item_unblended_cost,line_item_usage_amount,pricing_unit,product_instance_type,product_vcpu,product_memory';

function billingCsv(r: Random): string {
  switch (r.int(5)) {
    case 0:
      return randomText(r);
    case 1:
      return `${CUR_HEADER}\n${Array.from({ length: 1 + r.int(50) }, () => Array.from({ length: 10 }, () => (r.chance(0.5) ? randomText(r).slice(0, 40) : String(r.int(100)))).join(',')).join('\n')}`;
    case 2:
      return `${CUR_HEADER}\n2026-11-01T00:00:00Z,2026-11-01T01:00:00Z,AmazonEC2,BoxUsage:m5.large,0.096,1,Hrs,m5.large,2,8 GiB\n`;
    case 3:
      return `"unterminated,${'"'.repeat(r.int(10))}\n${'a,'.repeat(r.int(10_000))}`;
    default:
      return hostileYaml(r);
  }
}

// --- Running an input -------------------------------------------------------------------------------------

interface Outcome {
  endpoint: string;
  status: number;
  ms: number;
  problem?: string;
  input: string;
}

/** A failure's input, short enough to print and enough to see what it was (the seed reproduces it whole). */
const describeInput = (method: string, path: string, body: Body) =>
  `${method.toUpperCase()} ${path.slice(0, 300)} ${(body.raw ? `[${body.raw.type}] ${body.raw.text}` : JSON.stringify(body.json) ?? '').slice(0, 600)}`;

/** A field as fieldPath writes it: `env.0.name`, `set["a key"]` (a caller's own key, quoted as JSON). */
const fieldFirst = /(^|[\s;:.])[\w-]+(?:\.[\w-]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*: \S/;
/** "field: what is wrong" somewhere in the message; an upload is named by its file name, which may be any text. */
const namesField = (message: string) => fieldFirst.test(message) || /^\S+: \S/.test(message);

/** A 4xx must be Backstage's error body; a 400 must name the field it is about ("field: what is wrong"). */
function refusalProblem(res: request.Response): string | undefined {
  // Node's HTTP parser refuses a request line or headers over its limit (16 KiB) before any route runs: no body to check.
  if (res.status === 431 || res.status === 414) return undefined;
  const message = res.body?.error?.message;
  if (typeof message !== 'string' || !message.trim()) return `${res.status} without an error message: ${res.text.slice(0, 200)}`;
  if ((res.status === 400 || res.status === 413 || res.status === 415) && !namesField(message)) return `${res.status} naming no field: ${message.slice(0, 200)}`;
  return undefined;
}

async function run(endpoint: Endpoint, r: Random): Promise<Outcome> {
  const path = endpoint.path(r);
  const body: Body = endpoint.body ? endpoint.body(r) : {};
  // alice (a developer of the fixture's team) mostly; the others now and then.
  const anyone = (): User => (r.chance(0.85) ? 'alice' : r.pick(['bob', 'carol', 'erin'] as const));
  const user = endpoint.user ? endpoint.user(r) : anyone();
  let req = request(server)[endpoint.method](path).set('Authorization', mockCredentials.user.header(USERS[user])).timeout(ACCEPTED_BOUND_MS + 5_000);
  for (const [name, value] of Object.entries(endpoint.headers?.(body) ?? {})) req = req.set(name, value);
  if (body.raw) req = req.set('Content-Type', body.raw.type).send(body.raw.text);
  else if (endpoint.body) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body.json ?? null));
  const input = describeInput(endpoint.method, path, body);
  const started = performance.now();
  let res: request.Response;
  try {
    res = await req;
  } catch (error) {
    return { endpoint: endpoint.name, status: 0, ms: performance.now() - started, problem: `no answer: ${error}`, input };
  }
  const ms = performance.now() - started;
  const outcome: Outcome = { endpoint: endpoint.name, status: res.status, ms, input };
  if (res.status >= 500) outcome.problem = `${res.status}: ${res.text.slice(0, 300)}`;
  else if (res.status >= 400) {
    outcome.problem = refusalProblem(res);
    if (!outcome.problem && ms > REFUSAL_BOUND_MS) outcome.problem = `refused after ${Math.round(ms)} ms (bound ${REFUSAL_BOUND_MS} ms)`;
  } else if (res.status >= 200 && res.status < 300) {
    if (ms > ACCEPTED_BOUND_MS) outcome.problem = `answered after ${Math.round(ms)} ms (bound ${ACCEPTED_BOUND_MS} ms)`;
    else outcome.problem = await endpoint.accepted?.(res);
  } else outcome.problem = `unexpected status ${res.status}`;
  // Only a failure keeps its input: 10,000 of them would count against the heap bound.
  if (!outcome.problem) outcome.input = '';
  return outcome;
}

/** Runs `count` jobs, `CONCURRENCY` at a time. */
async function pool<T>(count: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await job(i);
      }
    }),
  );
  return results;
}

function report(what: string, outcomes: Outcome[]) {
  const byEndpoint = new Map<string, Map<number, number>>();
  for (const o of outcomes) {
    const statuses = byEndpoint.get(o.endpoint) ?? new Map();
    statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    byEndpoint.set(o.endpoint, statuses);
  }
  const lines = [...byEndpoint].map(([name, statuses]) => `  ${name.padEnd(26)} ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
  const slowest = Math.max(...outcomes.map(o => o.ms));
  // eslint-disable-next-line no-console
  console.log(`${what}: ${outcomes.length} inputs, seed ${SEED}, slowest ${Math.round(slowest)} ms\n${lines.join('\n')}`);
}

// --- Setup ------------------------------------------------------------------------------------------------

beforeAll(async () => {
  const local = await ensureLocalCluster();
  const adminConfig = loadKubeConfig(local.adminKubeconfig);
  admin = adminConfig.makeApiClient(CoreV1Api);
  const writer = KubernetesObjectApi.makeApiClient(adminConfig);
  const objects = renderEnvironment({
    environment: { team: 'team-a', name: FIXTURE, type: 'development', owner: USERS.alice, createdAt: new Date().toISOString(), protected: false },
    settings: resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!,
  });
  for (const object of objects) await writer.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  environments.set(NS, environmentFromNamespace(objects[0] as any)!);

  const cluster = createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(local.backendKubeconfig)) });
  // The permission backend resolves conditions with idp-environments' environments; here: the fixture's and any an input created.
  const permissions = slipwayPolicyPermissions({ environmentOf: namespace => environments.get(namespace) });
  // The scaffolder actions, built exactly as the scaffolder module builds them, on this backend's services.
  const actionsPlugin = createBackendPlugin({
    pluginId: 'fuzz-actions',
    register(env) {
      env.registerInit({
        deps: { logger: coreServices.logger, userInfo: coreServices.userInfo, permissions: coreServices.permissions, auditor: coreServices.auditor, discovery: coreServices.discovery, auth: coreServices.auth, cluster: clusterAccessServiceRef },
        async init({ logger, userInfo, permissions: perms, auditor, discovery, auth, cluster: access }) {
          const secretKeys = SecretKeyDirectoryClient.create({ discovery, auth });
          const deployments = DeploymentService.create({ cluster: access, permissions: perms, userInfo, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger, secretKeys });
          actions = { render: createRenderAppAction({ deployments }), apply: createApplyAppAction({ deployments, auditor, approvals: { discovery, auth } }) };
        },
      });
    },
  });
  ({ server } = await startTestBackend({
    features: [
      environmentsPlugin,
      appsPlugin,
      approvalsPlugin,
      workloadsPlugin,
      secretsPlugin,
      costsPlugin,
      actionsPlugin,
      cluster,
      auditLogServiceFactory,
      auditorServiceFactory,
      createServiceFactory({ service: coreServices.permissions, deps: {}, factory: () => permissions }),
      createServiceFactory({ service: coreServices.userInfo, deps: {}, factory: () => ownershipUserInfo() }),
      // As in production: a request without a token has no principal.
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootLogger.factory({ level: 'error' }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: { client: 'better-sqlite3', connection: ':memory:' } },
          slipway: {
            environments: {
              previews: { repositories: [{ repository: PREVIEW_REPOSITORY, team: 'team-a' }], github: { webhookSecret: WEBHOOK_SECRET } },
              janitor: { frequency: { hours: 24 } },
            },
          },
        },
      }),
    ],
  }));
});

afterAll(async () => {
  await Promise.all([...created].map(name => admin?.deleteNamespace({ name }).catch(() => undefined)));
});

// --- The tests --------------------------------------------------------------------------------------------

describe(`the public API under fuzzed input (seed ${SEED})`, () => {
  it(`refuses ${HTTP_INPUTS} generated inputs across ${ENDPOINTS.length} endpoints with a 4xx and a field error, never a 5xx, within bounds`, async () => {
    const random = seededRandom(SEED);
    // One PRNG per input, seeded from the run's, so concurrency does not change which input is which.
    const seeds = Array.from({ length: HTTP_INPUTS }, () => random.int(2 ** 31));
    const heapBefore = heapMb();
    let heapPeak = heapBefore;
    const outcomes = await pool(HTTP_INPUTS, async i => {
      const r = seededRandom(seeds[i]);
      const outcome = await run(ENDPOINTS[i % ENDPOINTS.length], r);
      if (i % 500 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed / 2 ** 20);
      return outcome;
    });
    const heapAfter = heapMb();
    report('HTTP', outcomes);
    // eslint-disable-next-line no-console
    console.log(`heap: ${heapBefore.toFixed(0)} MB before, ${heapPeak.toFixed(0)} MB peak (uncollected), ${heapAfter.toFixed(0)} MB after; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
    const failures = outcomes.map((o, i) => ({ ...o, seed: seeds[i] })).filter(o => o.problem);
    expect(failures.slice(0, 20).map(f => `${f.endpoint} (input seed ${f.seed}): ${f.problem}\n    input: ${f.input}`)).toEqual([]);
    expect(outcomes.filter(o => o.status >= 500)).toHaveLength(0);
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_BOUND_MB);
  });

  it(`refuses ${ACTION_INPUTS} generated scaffolder action inputs with a named field, never a crash`, async () => {
    const random = seededRandom(SEED ^ 0x5eed);
    const inputSchema = z.object(Object.fromEntries(Object.entries(APP_DEPLOYMENT_INPUT).map(([k, f]) => [k, f(z)])));
    const refusals = ['InputError', 'NotAllowedError', 'NotFoundError', 'ConflictError'];
    const seeds = Array.from({ length: ACTION_INPUTS }, () => random.int(2 ** 31));
    const heapBefore = heapMb();
    const outcomes = await pool(ACTION_INPUTS, async i => {
      const r = seededRandom(seeds[i]);
      const action = i % 2 === 0 ? actions.render : actions.apply;
      const input = r.chance(0.8)
        ? (mutate(r, { spec: validSpec, environment: FIXTURE, ...(r.chance(0.4) ? { expertYaml: r.chance(0.5) ? hostileYaml(r) : VALID_EXPERT_YAML } : {}) }) as Record<string, unknown>)
        : { spec: randomJson(r, 3), environment: r.chance(0.5) ? FIXTURE : randomText(r) };
      const name = `${action.id} ${JSON.stringify(input).slice(0, 600)}`;
      const started = performance.now();
      // The scaffolder checks the input against the action's schema before the handler runs; what it refuses never reaches it.
      if (!inputSchema.safeParse(input).success) return { endpoint: action.id, status: 400, ms: 0, input: name };
      const outputs: Record<string, unknown> = {};
      try {
        await action.handler({
          input: input as any,
          // Dry run: apply judges and server-side dry-runs as the user, and writes nothing.
          isDryRun: true,
          logger: quietLogger,
          logStream: new PassThrough(),
          output: (key: string, value: unknown) => void (outputs[key] = value),
          getInitiatorCredentials: async () => mockCredentials.user(USERS.alice) as any,
          checkpoint: async (o: { fn: () => unknown }) => o.fn(),
          createTemporaryDirectory: async () => tmpdir(),
          workspacePath: tmpdir(),
        } as any);
        const ms = performance.now() - started;
        const problem = typeof outputs.manifests === 'string' || typeof outputs.namespace === 'string' ? undefined : 'accepted without its outputs';
        return { endpoint: action.id, status: 200, ms, problem: problem ?? (ms > ACCEPTED_BOUND_MS ? `took ${Math.round(ms)} ms` : undefined), input: name };
      } catch (error) {
        const ms = performance.now() - started;
        const { name: errorName, message } = error as Error;
        let problem: string | undefined;
        if (!refusals.includes(errorName)) problem = `crashed with ${errorName}: ${String(message).slice(0, 300)}`;
        else if (errorName === 'InputError' && !namesField(message)) problem = `InputError naming no field: ${message.slice(0, 300)}`;
        else if (ms > REFUSAL_BOUND_MS) problem = `refused after ${Math.round(ms)} ms`;
        return { endpoint: action.id, status: 400, ms, problem, input: name };
      }
    });
    const heapAfter = heapMb();
    report('actions', outcomes);
    const failures = outcomes.map((o, i) => ({ ...o, seed: seeds[i] })).filter(o => o.problem);
    expect(failures.slice(0, 20).map(f => `${f.endpoint} (input seed ${f.seed}): ${f.problem}\n    input: ${f.input}`)).toEqual([]);
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_BOUND_MB);
  });
});

