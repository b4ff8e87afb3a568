import { APIRequestContext, APIResponse, expect, request as requests, test } from '@playwright/test';
import { readLocalCluster } from '@internal/local-cluster';
import {
  ENVIRONMENT_ACCESS,
  EnvironmentAccessRow,
  PORTAL_ACCESS,
  READ_VERBS,
  callerFromIdentity,
  environmentClassOf,
  mayDo,
  platformUserName,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { AppsV1Api, AuthorizationV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signInForToken } from './backstageTokens';

/*
 * The permission matrix (PRODUCT.md, "Enforcement model"): every environment action of the access
 * table × every tier × own and other team × non-production and production, at both layers: the
 * portal's HTTP API with the tokens people really get (signed in through the OIDC provider), and
 * the real API server as the impersonated person. The expectations come from the table, so the
 * test fails when the permission policy or the Kubernetes roles drift from it. It also writes the
 * matrix it observed to test-results/permission-matrix.md.
 */

const PEOPLE: Record<string, string[]> = {
  alice: ['team-a'],
  bob: ['team-a', 'team-a-leads'],
  carol: ['team-b'],
  dave: ['team-b', 'team-b-leads'],
  erin: ['platform', 'platform-admins'],
};
const TIER: Record<string, string> = { alice: 'developer', bob: 'lead', carol: 'developer', dave: 'lead', erin: 'platform admin' };
const CI_TOKEN = process.env.SLIPWAY_E2E_CI_TOKEN ?? 'slipway-e2e-ci-token';
const tag = randomBytes(2).toString('hex');

interface Env {
  team: string;
  name: string;
  type: 'development' | 'production';
  namespace: string;
}
const ENVS: Env[] = (['team-a', 'team-b'] as const).flatMap(team =>
  (['development', 'production'] as const).map(type => {
    const name = `mx${type === 'production' ? 'p' : 'd'}-${tag}`;
    return { team, name, type, namespace: `${team}-${name}` };
  }),
);

const callerOf = (person: string) => callerFromIdentity(`user:default/${person}`, PEOPLE[person].map(g => `group:default/${g}`));
/** What the table expects of a person towards an environment. */
const expected = (row: EnvironmentAccessRow, person: string, env: Env) => mayDo(callerOf(person), row, env);
const relation = (person: string, env: Env) => (person === 'erin' ? 'any team' : PEOPLE[person].includes(env.team) ? 'own team' : 'other team');

let baseURL: string;
const api: Record<string, APIRequestContext> = {};
let admin: KubeConfig;
let clusterState: string;
/** Observed results, for the report: row → cell → { portal, kubernetes }. */
const observed = new Map<string, Map<string, { portal?: string; kubernetes?: string }>>();
const record = (row: string, cell: string, layer: 'portal' | 'kubernetes', value: string) => {
  const cells = observed.get(row) ?? new Map();
  cells.set(cell, { ...cells.get(cell), [layer]: value });
  observed.set(row, cells);
};
const cellOf = (person: string, env: Env) => `${TIER[person]} (${person}), ${relation(person, env)}, ${environmentClassOf(env.type) === 'production' ? 'production' : 'non-production'}`;

async function json(res: APIResponse) {
  return res.json().catch(() => undefined);
}

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async ({}, info) => {
  baseURL = info.project.use.baseURL!;
  for (const person of Object.keys(PEOPLE)) {
    const { token } = await signInForToken(baseURL, person);
    api[person] = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  }
  api.ci = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${CI_TOKEN}` } });
  admin = new KubeConfig();
  const local = (await readLocalCluster())!;
  admin.loadFromFile(local.adminKubeconfig);
  clusterState = local.stateDir;

  // The environments, created through the portal by a platform admin (production included).
  for (const env of ENVS) {
    const res = await api.erin.post('/api/idp-environments/environments', { data: { team: env.team, name: env.name, type: env.type } });
    expect(res.status(), `creating ${env.namespace}: ${await res.text()}`).toBe(201);
  }
  // A workload in each, for the operate probes (written by the cluster admin: production is read-only to people).
  const apps = admin.makeApiClient(AppsV1Api);
  for (const env of ENVS) {
    const labels = { 'slipway.dev/app': 'matrix-web' };
    await apps.createNamespacedDeployment({
      namespace: env.namespace,
      body: {
        metadata: { name: 'matrix-web', labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'web',
                  image: 'registry.example.com/matrix/web:1.0.0',
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '50m', memory: '64Mi' } },
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                },
              ],
            },
          },
        },
      },
    });
  }
  // The workloads cache follows the cluster; wait until it knows the new environments.
  await expect
    .poll(async () => {
      const res = await api.erin.get('/api/idp-workloads/environments');
      const listed = ((await json(res))?.items ?? []).map((i: { namespace: string }) => i.namespace);
      return ENVS.every(env => listed.includes(env.namespace));
    }, { timeout: 60_000 })
    .toBe(true);
});

test.afterAll(async () => {
  mkdirSync('test-results', { recursive: true });
  const lines = ['# Permission matrix (observed)', '', 'Each cell: the portal’s answer, then Kubernetes’ (SubjectAccessReview as the impersonated person). "read-only": Kubernetes allows the read verbs only; "no (platform writes)": only the platform identity writes, after the portal decided.', ''];
  for (const [row, cells] of observed) {
    lines.push(`## ${row}`, '', '| who | portal | Kubernetes |', '|---|---|---|');
    for (const [cell, { portal, kubernetes }] of cells) lines.push(`| ${cell} | ${portal ?? '—'} | ${kubernetes ?? '—'} |`);
    lines.push('');
  }
  writeFileSync('test-results/permission-matrix.md', lines.join('\n'));
  for (const env of ENVS) await api.erin?.delete(`/api/idp-environments/environments/${env.namespace}`, { data: { confirm: env.namespace } });
});

/** How the portal answers one person's attempt at a row's action on an environment: allowed or refused. */
type Probe = (person: string, env: Env) => Promise<boolean>;
const refusedStatus = (res: APIResponse) => [403, 404].includes(res.status());

const PORTAL_PROBES: Record<string, Probe> = {
  // Another team's environment looks absent: 404, never 403.
  'environment.read': async (person, env) => {
    const res = await api[person].get(`/api/idp-environments/environments/${env.namespace}`);
    if (res.status() === 404) expect((await json(res)).error.message).toBe(`No environment ${env.namespace}`);
    return res.status() === 200;
  },
  'workload.read': async (person, env) => {
    const res = await api[person].get(`/api/idp-workloads/environments/${env.namespace}`);
    expect([200, 404]).toContain(res.status());
    return res.status() === 200;
  },
  'workload.operate': async (person, env) => {
    const res = await api[person].post(`/api/idp-workloads/environments/${env.namespace}/deployments/matrix-web/restart`);
    if (!refusedStatus(res)) expect(res.status(), await res.text()).toBeLessThan(300);
    return !refusedStatus(res);
  },
  // The form's judgement, which the deploy action shares: a refused environment is an error on `environment`;
  // production the caller may not deploy to directly is a note instead (Create files a deploy request).
  'app.deploy': async (person, env) => {
    const res = await api[person].post('/api/idp-apps/preview', { data: { spec: matrixSpec(env), environment: env.name } });
    expect(res.status()).toBe(200);
    const { errors, notes = [] }: { errors: Array<{ field: string }>; notes?: string[] } = await json(res);
    return !errors.some(e => e.field === 'environment') && !notes.some(n => n.startsWith('This creates a deploy request'));
  },
  // Past the permission and rule checks, a create this long is refused for its TTL (400): nothing is created.
  'environment.create': async (person, env) => {
    const res = await api[person].post('/api/idp-environments/environments', { data: { team: env.team, name: `mxc-${tag}`, type: env.type, ttlDays: 365 } });
    expect([400, 403]).toContain(res.status());
    if (res.status() === 400) expect((await json(res)).error.message).toMatch(/^ttlDays: /);
    return res.status() === 400;
  },
  'environment.extend': async (person, env) => {
    const res = await api[person].post(`/api/idp-environments/environments/${env.namespace}/extend`, { data: { ttlDays: 1 } });
    if (!refusedStatus(res)) expect(res.status(), await res.text()).toBe(200);
    return res.status() === 200;
  },
  // Past the checks, a delete without the typed confirmation is refused (400): nothing is deleted.
  'environment.delete': async (person, env) => {
    const res = await api[person].delete(`/api/idp-environments/environments/${env.namespace}`, { data: { confirm: 'not-the-name' } });
    expect([400, 403, 404]).toContain(res.status());
    return res.status() === 400;
  },
  // Past the checks, a quota above any type's maximum is refused (400) naming the field: nothing changes.
  'quota.change': async (person, env) => {
    const res = await api[person].put(`/api/idp-environments/environments/${env.namespace}/quota`, { data: { pods: 1_000_000 } });
    expect([400, 403, 404], await res.text()).toContain(res.status());
    if (res.status() === 400) expect((await json(res)).error.message).toMatch(/^pods: Use at most \d+ for pods/);
    return res.status() === 400;
  },
  // Past the checks, a write with nothing in it is refused (400) naming the field: no secret is written.
  'secret.write': async (person, env) => {
    const res = await api[person].put(`/api/idp-secrets/environments/${env.namespace}/secrets/matrix-probe`, { data: { set: {} } });
    expect([400, 403, 404], await res.text()).toContain(res.status());
    if (res.status() === 400) expect((await json(res)).error.message).toBe('set: Give at least one key to set or remove');
    return res.status() === 400;
  },
  // A production deploy request is stored (201) and waits; nothing is applied until a tech lead approves.
  'deployRequest.create': async (person, env) => {
    const res = await api[person].post('/api/idp-approvals/requests', { data: { spec: matrixSpec(env), environment: env.name, reason: `matrix ${person}` } });
    expect([201, 400, 403, 404], await res.text()).toContain(res.status());
    return res.status() === 201;
  },
  // Whether the request page offers Approve: read, never decided, so the matrix changes nothing.
  'deployRequest.decide': async (person, env) => {
    if (env.type !== 'production') return false; // only production deploys are requested
    const res = await api[person].get(`/api/idp-approvals/requests/${await teamRequest(env)}`);
    expect([200, 404]).toContain(res.status());
    return res.status() === 200 && (await json(res)).youMay.approve === true;
  },
};

const matrixSpec = (env: Env) => ({ name: 'matrix-app', team: env.team, type: 'web', image: 'registry.example.com/matrix/app:1.0.0', port: 8080 });
// One request per production environment, filed by the team's developer (alice or carol), whom it leaves unable to approve it.
const teamRequests = new Map<string, Promise<string>>();
const teamRequest = (env: Env) => {
  if (!teamRequests.has(env.namespace)) {
    const developer = env.team === 'team-a' ? 'alice' : 'carol';
    teamRequests.set(
      env.namespace,
      api[developer].post('/api/idp-approvals/requests', { data: { spec: matrixSpec(env), environment: env.name, reason: 'matrix: who may approve' } }).then(async res => {
        expect(res.status(), await res.text()).toBe(201);
        return (await json(res)).id as string;
      }),
    );
  }
  return teamRequests.get(env.namespace)!;
};

test('portal: every environment action of the table, for every tier, team and class', async () => {
  const failures: string[] = [];
  for (const row of ENVIRONMENT_ACCESS) {
    const probe = PORTAL_PROBES[row.action];
    for (const person of Object.keys(PEOPLE)) {
      for (const env of ENVS) {
        const want = expected(row, person, env);
        if (!probe) {
          // Actions the portal does not expose to people by themselves (platform-only and nobody's): the policy has no grant.
          expect(row.permission, `${row.action} is exposed but has no probe`).toBeUndefined();
          record(row.action, cellOf(person, env), 'portal', want ? 'yes' : 'no');
          continue;
        }
        const got = await probe(person, env);
        record(row.action, cellOf(person, env), 'portal', got ? 'yes' : 'no');
        if (got !== want) failures.push(`${row.action}: ${cellOf(person, env)} (${env.namespace}): portal says ${got ? 'yes' : 'no'}, the table says ${want ? 'yes' : 'no'}`);
      }
    }
  }
  expect(failures).toEqual([]);
});

test('portal: the permission endpoint answers each environment permission as the table says', async () => {
  const failures: string[] = [];
  for (const row of ENVIRONMENT_ACCESS.filter(r => r.permission && r.permission !== 'slipway.environment.create')) {
    for (const person of Object.keys(PEOPLE)) {
      const items = ENVS.map((env, i) => ({ id: String(i), permission: { type: 'resource', name: row.permission, attributes: {}, resourceType: 'slipway-environment' }, resourceRef: env.namespace }));
      const res = await api[person].post('/api/permission/authorize', { data: { items } });
      expect(res.status()).toBe(200);
      const answers: Array<{ id: string; result: string }> = (await json(res)).items;
      for (const answer of answers) {
        const env = ENVS[Number(answer.id)];
        if ((answer.result === 'ALLOW') !== expected(row, person, env)) failures.push(`${row.permission} ${cellOf(person, env)}: ${answer.result}`);
      }
    }
  }
  expect(failures).toEqual([]);
});

test('Kubernetes: as the impersonated person, RBAC grants exactly the table (read-only in production)', async () => {
  const authz = admin.makeApiClient(AuthorizationV1Api);
  const failures: string[] = [];
  const allowedAs = async (user: string, groups: string[], namespace: string, group: string, resource: string, verb: string) => {
    const [res, sub] = resource.split('/');
    const review = await authz.createSubjectAccessReview({
      body: { spec: { user, groups, resourceAttributes: { namespace, group, resource: res, subresource: sub, verb, name: resource === 'namespaces' ? namespace : undefined } } },
    });
    return !!review.status?.allowed;
  };
  // Rows may name the same resource (an app's objects are written by people outside production and
  // by the platform inside it): what a person may do is the union of the rows that let them.
  const tableAllows = (person: string, env: Env, group: string, resource: string, verb: string) =>
    ENVIRONMENT_ACCESS.some(
      row =>
        row.kubernetes.by === 'user' &&
        expected(row, person, env) &&
        (environmentClassOf(env.type) !== 'production' || (READ_VERBS as readonly string[]).includes(verb)) &&
        row.kubernetes.rules.some(rule => rule.apiGroups.includes(group) && rule.resources.includes(resource) && rule.verbs.includes(verb)),
    );
  for (const row of ENVIRONMENT_ACCESS) {
    for (const person of Object.keys(PEOPLE)) {
      for (const env of ENVS) {
        const checks = row.kubernetes.rules.flatMap(rule => rule.apiGroups.flatMap(group => rule.resources.flatMap(resource => rule.verbs.map(verb => ({ group, resource, verb })))));
        const results = await Promise.all(
          checks.map(async c => ({ ...c, allowed: await allowedAs(person, PEOPLE[person], env.namespace, c.group, c.resource, c.verb) })),
        );
        for (const r of results) {
          if (r.allowed !== tableAllows(person, env, r.group, r.resource, r.verb)) {
            failures.push(`${row.action}: ${cellOf(person, env)}: ${r.verb} ${r.group || 'core'}/${r.resource} is ${r.allowed ? 'allowed' : 'refused'}`);
          }
        }
        const allowed = results.filter(r => r.allowed);
        const platformOnly = row.kubernetes.by === 'platform' ? ' (platform writes)' : '';
        record(row.action, cellOf(person, env), 'kubernetes', allowed.length === 0 ? `no${platformOnly}` : allowed.length === results.length ? 'yes' : 'read-only');
      }
    }
  }
  expect(failures).toEqual([]);
});

test('Kubernetes: the platform identity holds the platform rows and no Secret reads, and impersonates no system identity', async () => {
  const authz = admin.makeApiClient(AuthorizationV1Api);
  const platform = platformUserName();
  const env = ENVS[1];
  const can = async (resource: string, verb: string, group = '') => {
    const [res, subresource] = resource.split('/');
    const attributes = { namespace: env.namespace, group, resource: res, subresource, verb };
    return !!(await authz.createSubjectAccessReview({ body: { spec: { user: platform, groups: ['system:serviceaccounts'], resourceAttributes: attributes } } })).status?.allowed;
  };
  for (const row of ENVIRONMENT_ACCESS.filter(r => r.kubernetes.by !== 'user')) {
    for (const rule of row.kubernetes.rules) {
      for (const verb of rule.verbs) {
        const [resource] = rule.resources;
        expect(await can(resource, verb, rule.apiGroups[0]), `platform ${verb} ${resource} (${row.action})`).toBe(row.kubernetes.by === 'platform');
      }
    }
  }
  const impersonate = async (resource: 'users' | 'groups', name: string) =>
    !!(await authz.createSubjectAccessReview({ body: { spec: { user: platform, resourceAttributes: { group: '', resource, verb: 'impersonate', name } } } })).status?.allowed;
  expect(await impersonate('users', 'alice')).toBe(true);
  expect(await impersonate('groups', 'team-a-leads')).toBe(true);
  expect(await impersonate('groups', 'system:masters')).toBe(false);
  expect(await impersonate('users', 'system:admin')).toBe(false);
  expect(await impersonate('users', 'mallory')).toBe(false);
});

/** The Kubernetes API as a person, as `kubectl --as <person> --as-group <their groups>` (the cluster admin impersonates). */
const kubectlAs = (person: string) => new ClusterAccess(admin).asUser(KubernetesObjectApi, { user: person, groups: PEOPLE[person] });

const refusal = async (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'allowed',
    (error: { code?: number; body?: unknown }) => {
      const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      return `${error.code}: ${(body as { message?: string })?.message ?? ''}`;
    },
  );

test('Kubernetes, directly: kubectl as a person cannot write production, read Secrets, open Services or touch the platform’s objects', async () => {
  const [aDev, aProd] = ENVS;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'direct', namespace: aProd.namespace },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'registry.example.com/x:1' }] } } },
  };
  const apply = (person: string, object: object) => kubectlAs(person).patch(object as any, undefined, undefined, 'kubectl', true, PatchStrategy.ServerSideApply);
  expect(await refusal(apply('bob', deployment))).toMatch(/^403: .*User "bob" cannot patch resource "deployments"/);
  expect(await refusal(apply('erin', deployment))).toMatch(/^403: .*User "erin" cannot patch resource "deployments"/);
  expect(await refusal(kubectlAs('alice').list('v1', 'Secret', aDev.namespace))).toMatch(/^403: .*User "alice" cannot list resource "secrets"/);
  expect(await refusal(kubectlAs('erin').list('v1', 'Secret', aDev.namespace))).toMatch(/^403: /);
  expect(await refusal(kubectlAs('erin').list('v1', 'Pod', 'kube-system'))).toMatch(/^403: .*User "erin" cannot list resource "pods" .* "kube-system"/);
  const service = (type: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `direct-${type.toLowerCase()}`, namespace: aDev.namespace }, spec: { type, ports: [{ port: 80 }] } });
  expect(await refusal(apply('alice', service('NodePort')))).toMatch(/^403: .*slipway-service-exposure.*spec.type NodePort is not allowed/);
  expect(await refusal(apply('alice', service('LoadBalancer')))).toMatch(/^403: .*spec.type LoadBalancer is not allowed/);
  expect(await apply('alice', service('ClusterIP')).then(() => 'allowed')).toBe('allowed');
  const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'slipway-quota', namespace: aDev.namespace }, spec: { hard: { pods: '1000' } } };
  expect(await refusal(apply('bob', quota))).toMatch(/^403: .*User "bob" cannot patch resource "resourcequotas"/);
  const openPolicy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: aDev.namespace }, spec: { podSelector: {}, ingress: [{}] } };
  expect(await refusal(apply('alice', openPolicy))).toMatch(/^403: /);
  record('kubectl directly: write production, read Secrets, NodePort/LoadBalancer, quota, network policy', 'every tier', 'kubernetes', 'no');
});

test('Kubernetes audits an impersonated write with both identities', async () => {
  const [aDev] = ENVS;
  const res = await api.alice.post(`/api/idp-workloads/environments/${aDev.namespace}/deployments/matrix-web/restart`);
  expect(res.status()).toBeLessThan(300);
  await expect
    .poll(
      () => {
        const lines = readFileSync(join(clusterState, 'logs', 'audit.log'), 'utf8').trim().split('\n');
        return lines
          .map(line => JSON.parse(line))
          .some(
            e =>
              e.verb === 'patch' &&
              e.objectRef?.resource === 'deployments' &&
              e.objectRef?.namespace === aDev.namespace &&
              e.user?.username === platformUserName() &&
              e.impersonatedUser?.username === 'alice' &&
              e.impersonatedUser?.groups?.includes('team-a'),
          );
      },
      { timeout: 20_000 },
    )
    .toBe(true);
});

test('Backstage’s catalog: other teams’ environments are not listed; only platform admins register locations', async () => {
  const [aDev, , bDev] = ENVS;
  await expect
    .poll(async () => (await api.erin.get(`/api/catalog/entities/by-name/resource/default/${aDev.namespace}`)).status(), { timeout: 60_000 })
    .toBe(200);
  for (const person of Object.keys(PEOPLE)) {
    const res = await api[person].get(`/api/catalog/entities/by-name/resource/default/${aDev.namespace}`);
    const want = person === 'erin' || PEOPLE[person].includes('team-a');
    expect(res.status(), `${person} reads ${aDev.namespace} in the catalog`).toBe(want ? 200 : 404);
    record('catalog: read another team’s environment', `${TIER[person]} (${person})`, 'portal', want ? 'yes (own team)' : 'no');
  }
  const listed = await json(await api.carol.get('/api/catalog/entities?filter=kind=resource,spec.type=environment'));
  const names = listed.map((e: { metadata: { name: string } }) => e.metadata.name);
  expect(names).toContain(bDev.namespace);
  expect(names).not.toContain(aDev.namespace);
  // Components stay visible to everyone: the catalog is how teams find who owns what.
  expect((await api.carol.get('/api/catalog/entities/by-name/component/default/slipway-portal')).status()).toBe(200);

  const location = { type: 'url', target: 'https://github.com/acme/templates/blob/main/template.yaml' };
  for (const person of ['alice', 'bob']) {
    const res = await api[person].post('/api/catalog/locations?dryRun=true', { data: location });
    expect(res.status(), `${person} registers a location`).toBe(403);
    record('catalog: register a location or template', `${TIER[person]} (${person})`, 'portal', 'no');
  }
  const erin = await api.erin.post('/api/catalog/locations?dryRun=true', { data: location });
  expect(erin.status(), 'a platform admin may register (the dry run then fails to read the URL offline)').not.toBe(403);
  record('catalog: register a location or template', 'platform admin (erin)', 'portal', 'yes');
  expect((await api.bob.delete('/api/catalog/locations/00000000-0000-0000-0000-000000000000')).status()).toBe(403);
});

test('Backstage’s scaffolder: a task is its initiator’s, their tech leads’ and platform admins’ only; templates come from git', async () => {
  const [aDev] = ENVS;
  const values = { name: `mxt-${tag}`, team: 'team-a', environment: aDev.name, image: 'registry.example.com/team-a/mx:1.0.0', port: 8080 };
  const created = await api.alice.post('/api/scaffolder/v2/tasks', { data: { templateRef: 'template:default/slipway-web-app', values } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await json(created);
  for (const person of Object.keys(PEOPLE)) {
    const res = await api[person].get(`/api/scaffolder/v2/tasks/${id}`);
    const want = ['alice', 'bob', 'erin'].includes(person);
    expect(refusedStatus(res) ? 'no' : res.status() === 200 ? 'yes' : res.status(), `${person} reads alice's task`).toBe(want ? 'yes' : 'no');
    record('scaffolder: read alice’s task (parameters, logs)', `${TIER[person]} (${person})`, 'portal', want ? 'yes' : 'no');
    const list = await json(await api[person].get('/api/scaffolder/v2/tasks'));
    expect(list.tasks.some((t: { id: string }) => t.id === id), `${person} lists alice's task`).toBe(want);
  }
  for (const person of ['carol', 'dave']) {
    const res = await api[person].post(`/api/scaffolder/v2/tasks/${id}/cancel`);
    expect(refusedStatus(res), `${person} cancels alice's task`).toBe(true);
    record('scaffolder: cancel alice’s task', `${TIER[person]} (${person})`, 'portal', 'no');
  }
  // The template editor runs templates that are not in git: platform admins only.
  const dryRun = await api.bob.post('/api/scaffolder/v2/dry-run', { data: { template: { apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'x' }, spec: { steps: [] } }, values: {}, directoryContents: [] } });
  expect(dryRun.status()).toBe(403);
  record('scaffolder: run a template that is not in git (dry-run)', 'tech lead (bob)', 'portal', 'no');
  // The task ends (it deploys into team-a's environment), so it leaves no running work behind.
  await expect.poll(async () => (await json(await api.alice.get(`/api/scaffolder/v2/tasks/${id}`)))?.status, { timeout: 120_000 }).toMatch(/completed|failed/);
});

test('Backstage’s Kubernetes proxy acts as the person: another team and client-sent impersonation get nothing', async () => {
  const [aDev, aProd] = ENVS;
  const proxy = (person: string, path: string, headers: Record<string, string> = {}) =>
    api[person].get(`/api/kubernetes/proxy${path}`, { headers: { 'Backstage-Kubernetes-Cluster': 'local', ...headers } });
  expect((await proxy('alice', `/api/v1/namespaces/${aDev.namespace}/pods`)).status()).toBe(200);
  expect((await proxy('carol', `/api/v1/namespaces/${aDev.namespace}/pods`)).status()).toBe(403);
  const masters = await proxy('carol', `/api/v1/namespaces/${aDev.namespace}/secrets`, { 'Impersonate-Group': 'system:masters', 'Impersonate-User': 'kubernetes-admin' });
  expect(masters.status()).toBe(403);
  expect((await json(masters)).message).toMatch(/User "carol" cannot list resource "secrets"/);
  expect((await proxy('alice', `/api/v1/namespaces/${aDev.namespace}/secrets`)).status()).toBe(403);
  const write = await api.bob.post(`/api/kubernetes/proxy/apis/apps/v1/namespaces/${aProd.namespace}/deployments`, {
    headers: { 'Backstage-Kubernetes-Cluster': 'local' },
    data: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sneaky' }, spec: {} },
  });
  expect(write.status()).toBe(403);
  record('kubernetes proxy: beyond the person’s RBAC (other team, Secrets, production writes, client impersonation)', 'every tier', 'portal', 'no');
});

test('the policy decides every permission the portal’s plugins expose: each one is in the table', async () => {
  const named = new Set([...PORTAL_ACCESS.map(r => r.permission), ...ENVIRONMENT_ACCESS.flatMap(r => (r.permission ? [r.permission] : []))]);
  const exposed: string[] = [];
  for (const plugin of ['catalog', 'scaffolder', 'kubernetes', 'search', 'notifications', 'idp-environments', 'idp-workloads', 'idp-apps', 'idp-approvals', 'idp-secrets']) {
    const res = await api.erin.get(`/api/${plugin}/.well-known/backstage/permissions/metadata`);
    expect(res.status(), plugin).toBe(200);
    exposed.push(...((await json(res)).permissions as Array<{ name: string }>).map(p => p.name));
  }
  expect(exposed).toEqual(expect.arrayContaining(['catalog.entity.read', 'scaffolder.task.read', 'kubernetes.proxy', 'slipway.workload.operate', 'slipway.app.deploy']));
  expect(exposed.filter(name => !named.has(name))).toEqual([]);
});

test('the CI token manages previews and nothing else', async () => {
  const preview = { team: 'team-a', repository: 'acme/shop', pullRequest: Number.parseInt(tag, 16) % 10000 + 1 };
  const created = await api.ci.post('/api/idp-environments/previews', { data: preview });
  expect(created.status(), await created.text()).toBe(200);
  const refusals = [
    api.ci.get('/api/idp-environments/environments'),
    api.ci.post('/api/idp-environments/environments', { data: { team: 'team-a', name: 'ci-made', type: 'development' } }),
    api.ci.get('/api/catalog/entities?limit=1'),
    api.ci.post('/api/scaffolder/v2/tasks', { data: { templateRef: 'template:default/slipway-web-app', values: {} } }),
    api.ci.get(`/api/idp-workloads/environments/${ENVS[0].namespace}`),
    api.ci.get(`/api/kubernetes/proxy/api/v1/namespaces/${ENVS[0].namespace}/pods`, { headers: { 'Backstage-Kubernetes-Cluster': 'local' } }),
    api.ci.post('/api/permission/authorize', { data: { items: [{ id: '1', permission: { type: 'basic', name: 'catalog.location.create', attributes: {} } }] } }),
  ];
  for (const res of await Promise.all(refusals)) expect([401, 403], res.url()).toContain(res.status());
  const removed = await api.ci.delete('/api/idp-environments/previews', { data: preview });
  expect(removed.status()).toBe(204);
  record('CI token', 'previews', 'portal', 'yes');
  record('CI token', 'anything else (environments, catalog, scaffolder, workloads, Kubernetes proxy)', 'portal', 'no');
});
