/*
 * Bad input to the preview and Score import is a 4xx naming the field, never a 500, and is
 * refused before anything reaches the cluster: the cluster here is one nobody can reach, and
 * every way into it is watched.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { YAML_LIMITS } from '@internal/plugin-idp-apps-common';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { appsPlugin } from './plugin';

jest.setTimeout(60_000);

const alice = 'user:default/alice';
const app = { name: 'user-service', team: 'team-a', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080, type: 'web' };
const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: hello
containers:
  main:
    image: registry.example.com/team-a/hello:2.0.1
service:
  ports:
    www:
      port: 8080
`;
const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');

let server: Parameters<typeof request>[0];
const clusterCalls = jest.fn();
const permissions = mockServices.permissions.mock();

beforeAll(async () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'nowhere', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
    currentContext: 'nowhere',
  });
  const cluster = new ClusterAccess(kc);
  for (const method of ['asService', 'asUser', 'objectsAsService', 'informerAsService', 'fetchAsUser'] as const) {
    jest.spyOn(cluster, method).mockImplementation(((...args: unknown[]) => {
      clusterCalls(method, ...args);
      throw new Error(`the cluster was called (${method})`);
    }) as any);
  }
  permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.ALLOW }]);
  ({ server } = await startTestBackend({
    features: [
      appsPlugin,
      permissions.factory,
      mockServices.userInfo.factory(),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => cluster }),
    ],
  }));
});

// Every test also checks that nothing reached the cluster or the permission framework.
afterEach(() => {
  const reached = [...clusterCalls.mock.calls.map(([method]) => `the cluster (${method})`), ...permissions.authorize.mock.calls.map(() => 'the permission framework')];
  clusterCalls.mockClear();
  permissions.authorize.mockClear();
  if (reached.length > 0) throw new Error(`Bad input reached ${reached.join(', ')}`);
});

const post = (path: string, body: string | object) =>
  request(server).post(`/api/idp-apps${path}`).set('Authorization', mockCredentials.user.header(alice)).set('Content-Type', 'application/json').send(body);

/** A refusal: the status, Backstage's error body, and one field error per problem. */
async function refused(path: string, body: string | object, status = 400) {
  const res = await post(path, body);
  expect({ status: res.status, name: res.body.error?.name }).toEqual({ status, name: 'InputError' });
  expect(res.body.errors.length).toBeGreaterThan(0);
  expect(res.body.errors.length).toBeLessThanOrEqual(YAML_LIMITS.maxErrors + 1);
  for (const error of res.body.errors) expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
  return res.body.errors as { field: string; message: string }[];
}

describe('POST /preview refuses bad input before the cluster', () => {
  it('a body that is not JSON, or too large', async () => {
    expect(await refused('/preview', '{"spec": {"name": ')).toEqual([{ field: 'body', message: 'The body is not valid JSON; send the request as a JSON object' }]);
    expect(await refused('/preview', JSON.stringify({ spec: app, expertYaml: 'x'.repeat(1_100_000) }), 413)).toEqual([{ field: 'body', message: expect.stringMatching(/over 1 MB/) }]);
  });

  it('fields of the wrong type, or missing', async () => {
    expect(await refused('/preview', { spec: 'web', environment: 5, expertYaml: ['kind: Deployment'] })).toEqual([
      { field: 'spec', message: 'Send the app spec as an object' },
      { field: 'environment', message: 'Send the environment name as text' },
      { field: 'expertYaml', message: 'Send the edited YAML as text' },
    ]);
    expect(await refused('/preview', { environment: 'dev' })).toEqual([{ field: 'spec', message: 'Send the app spec as spec' }]);
    expect(await refused('/preview', [app])).toEqual([{ field: 'body', message: 'Send a JSON object' }]);
    // Sent as text: the test client's own serializer recurses, the backend's parser does not.
    expect(await refused('/preview', `{"spec": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}, "environment": "dev"}`)).toEqual([
      { field: 'spec', message: expect.stringMatching(/nests deeper than 16 levels/) },
    ]);
  });

  it('expert YAML over the limits: size, documents, aliases, nesting', async () => {
    const object = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    const preview = (expertYaml: string) => refused('/preview', { spec: app, environment: 'dev', expertYaml });
    expect(await preview(`${object}data:\n  big: "${'x'.repeat(300 * 1024)}"\n`)).toEqual([{ field: 'expertYaml.documents', message: 'The YAML is 301 KiB; Slipway reads at most 256 KiB' }]);
    expect(await preview(Array(51).fill(object).join('---\n'))).toEqual([{ field: 'expertYaml.documents', message: expect.stringMatching(/^More than 50 documents/) }]);
    expect(await preview(`${object}---\n${aliasBomb}\n`)).toEqual([{ field: 'expertYaml.documents[1]', message: 'Its aliases (*name) expand to more than 100 copies; write the values out instead' }]);
    expect(await preview(`${object}data:\n  x: ${'['.repeat(100_000)}`)).toEqual([{ field: 'expertYaml.documents[0]', message: expect.stringMatching(/nest more than 32 deep/) }]);
  });

  it('answers mistakes within the limits as the preview’s field errors', async () => {
    const res = await post('/preview', { spec: app, expertYaml: 'kind: [unclosed\n' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ errors: [{ field: 'environment', message: 'Choose the environment to deploy to' }] });
  });
});

describe('POST /score-import refuses bad input', () => {
  const score = (body: object) => refused('/score-import', { team: 'team-a', type: 'web', ...body });

  it('a body that is not JSON, fields of the wrong type', async () => {
    expect(await refused('/score-import', 'score: yes')).toEqual([{ field: 'body', message: 'The body is not valid JSON; send the request as a JSON object' }]);
    expect(await refused('/score-import', { score: 42, team: ['team-a'], type: 'daemon', schedule: 5 })).toEqual([
      { field: 'score', message: 'Send the score.yaml text as score' },
      { field: 'team', message: 'Name the team that owns the app, e.g. team-a' },
      { field: 'type', message: 'Say what kind of app it is: web, worker, cron' },
      { field: 'schedule', message: expect.stringMatching(/^Give the schedule as text/) },
    ]);
  });

  it('a Score file that is too large, malformed, an alias bomb, or more than one workload', async () => {
    expect(await score({ score: `${SCORE}x: "${'x'.repeat(300 * 1024)}"\n` })).toEqual([{ field: 'score', message: 'The Score file is 301 KiB; Slipway reads at most 256 KiB' }]);
    expect(await score({ score: 'apiVersion: score.dev/v1b1\nmetadata: {name: x\n' })).toEqual([{ field: 'score.yaml', message: expect.stringMatching(/^Line \d+: .*; fix the YAML syntax$/) }]);
    expect(await score({ score: `${SCORE}${aliasBomb}\n` })).toEqual([{ field: 'score.yaml', message: 'Its aliases (*name) expand to more than 100 copies; write the values out instead' }]);
    expect(await score({ score: `${SCORE}---\n${SCORE}` })).toEqual([{ field: 'score.yaml', message: expect.stringMatching(/^A Score file describes one workload/) }]);
    expect(await score({ score: '- just\n- a list\n' })).toEqual([{ field: 'score.yaml', message: expect.stringMatching(/^Give a Score workload/) }]);
    const many = await score({ score: `${SCORE}${Array.from({ length: 40 }, (_, i) => `extra${i}: x`).join('\n')}\n` });
    expect(many[20]).toEqual({ field: 'score.yaml', message: '…and 20 more; fix the errors above first' });
  });

  it('never answers 500, whatever the Score text', async () => {
    // A seeded walk over cut and spliced Score files; the import is pure, so any 5xx is a bug.
    let state = 42;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const pieces = ['- ', ': ', '[', ']', '{', '}', '&a ', '*a', '!!', '---\n', '\n', '  ', '"', "'", '#', 'toString', '9'.repeat(50), 'containers:', 'main:', 'image: x'];
    const answers = new Set<string>();
    for (let i = 0; i < 150; i++) {
      let text = SCORE;
      for (let edit = 0; edit < 1 + random(4); edit++) {
        const at = random(text.length);
        text = random(2) ? text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + random(40));
      }
      const res = await post('/score-import', { score: text || ' ', team: 'team-a', type: ['web', 'worker', 'cron'][random(3)], schedule: '0 3 * * *' });
      answers.add(res.status === 200 ? '200' : `${res.status} ${Array.isArray(res.body.errors) ? 'with field errors' : 'without field errors'}`);
    }
    expect([...answers].filter(answer => answer !== '200' && answer !== '400 with field errors')).toEqual([]);
    expect(answers).toContain('400 with field errors');
  });
});
