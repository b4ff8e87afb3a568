import { expect, request as requests, test } from '@playwright/test';
import { readLocalCluster } from '@internal/local-cluster';
import { CoreV1Api, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { signInForToken } from './backstageTokens';
import { signIn } from './signIn';

/*
 * Write-only secrets through the portal: alice adds a secret on her environment's Secrets tab,
 * picks it in the web-app form, deploys, and the pod's env refers to it; the Secrets page shows the
 * app as its consumer. The value is a canary: after it was created, updated, referenced, cloned
 * and a generated secret rotated, it is searched for in every answer the browser and the API got,
 * the task's log, the backend's log, every plugin's database, and the annotations, events and
 * ConfigMaps of both environments — 0 hits; it is only in the Secret's data.
 */
const tag = randomBytes(2).toString('hex');
const environment = `sec-${tag}`;
const namespace = `team-a-${environment}`;
const clone = `secc-${tag}`;
const app = `shop-${tag}`;
const CANARY = `canary-${randomBytes(10).toString('hex')}`;
const CANARY_UPDATED = `canary-${randomBytes(10).toString('hex')}`;

test('alice adds a secret, references it through the picker, deploys; the pod refers to it; no value appears anywhere else', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const answers: string[] = [];
  page.on('response', response => {
    response
      .text()
      .then(text => answers.push(text))
      .catch(() => undefined);
  });
  const { token } = await signInForToken(baseURL!, 'alice');
  const alice = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const api = async (method: 'get' | 'post' | 'put' | 'delete', path: string, data?: object) => {
    const res = await alice[method](path, { data });
    answers.push(await res.text());
    return res;
  };
  const created = await api('post', '/api/idp-environments/environments', { team: 'team-a', name: environment, type: 'development' });
  expect(created.status(), await created.text()).toBe(201);
  const local = (await readLocalCluster())!;
  const admin = new KubeConfig();
  admin.loadFromFile(local.adminKubeconfig);
  const core = admin.makeApiClient(CoreV1Api);

  try {
    // The Secrets tab: a new secret, its value masked as it is typed.
    await signIn(page, 'alice');
    await page.goto(`/environments/${namespace}?tab=secrets`);
    await page.getByRole('button', { name: 'Add secret' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('db');
    await editor.getByRole('textbox', { name: 'Key', exact: true }).fill('DATABASE_URL');
    const value = editor.getByLabel('Value of DATABASE_URL', { exact: true });
    await value.fill(`postgres://shop:${CANARY}@db/shop`);
    await expect(value).toHaveAttribute('type', 'password');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toContainText('Saved db, version 1');
    await editor.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'DATABASE_URL' })).toContainText('no workload');

    // The golden path: the variable's secret is chosen from the environment's secrets.
    await page.goto('/create/templates/default/slipway-web-app');
    await page.getByLabel('Name').fill(app);
    await page.locator('[id="root_environment"]').click();
    await page.getByRole('option', { name: new RegExp(`^${environment} \\(development`) }).click();
    await page.getByLabel('Image').fill('registry.example.com/team-a/shop:1.0.0');
    await expect(page.getByText('All guard rails pass')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Next' }).click();
    // The only list on the page: the environment variables.
    await page.getByRole('button', { name: 'Add Item' }).click();
    const variables = page.locator('form');
    await variables.getByRole('textbox', { name: 'Name', exact: true }).first().fill('DATABASE_URL');
    await variables.getByRole('combobox', { name: 'Secret', exact: true }).selectOption('db');
    await expect(variables.getByRole('textbox', { name: 'Secret reference' })).toHaveValue('secret/db/DATABASE_URL');
    await expect(page.getByText('All guard rails pass')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Deployed')).toBeVisible({ timeout: 120_000 });
    const taskId = page.url().split('/').pop()!;

    // The pod's env refers to the secret: its value never entered the Deployment.
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app.kubernetes.io/name=${app}` });
    expect(pods.items.length).toBeGreaterThan(0);
    expect(pods.items[0].spec?.containers[0].env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'DATABASE_URL' } } });

    // The Secrets page names the app as the consumer of the key.
    await page.goto(`/environments/${namespace}?tab=secrets`);
    await expect(page.getByRole('row').filter({ hasText: 'DATABASE_URL' })).toContainText(app);

    // Through the API: an update, a generated secret and its rotation, and a clone that still needs db.
    expect((await api('put', `/api/idp-secrets/environments/${namespace}/secrets/db`, { set: { PASSWORD: CANARY_UPDATED } })).status()).toBe(200);
    expect((await api('post', `/api/idp-secrets/environments/${namespace}/secrets/session/generate`, { generator: { kind: 'password' }, rotation: { everyDays: 7, graceHours: 1 } })).status()).toBe(201);
    expect((await api('post', `/api/idp-secrets/environments/${namespace}/secrets/session/rotate`)).status()).toBe(200);
    const cloned = await api('post', `/api/idp-environments/environments/${namespace}/clone`, { sourceNamespace: namespace, name: clone, type: 'development' });
    expect(cloned.status(), await cloned.text()).toBe(201);
    const needed = await (await api('get', `/api/idp-secrets/environments/team-a-${clone}/secrets`)).json();
    expect(needed.missing.map((m: { name: string }) => m.name)).toEqual(['db']);
    const taskLog = await api('get', `/api/scaffolder/v2/tasks/${taskId}/events`);
    expect(taskLog.status()).toBe(200);

    // The canary, and the generated values, searched everywhere but the Secrets' data.
    const read = async (name: string) => Object.values((await core.readNamespacedSecret({ namespace, name })).data ?? {}).map(v => Buffer.from(v, 'base64').toString());
    const generated = await read('session');
    expect(generated).toHaveLength(2);
    const needles = [CANARY, CANARY_UPDATED, ...generated];
    const haystacks: Record<string, string> = {
      'browser and API answers': answers.join('\n'),
      'backend log': readFileSync('test-results/backend.log', 'utf8'),
    };
    for (const file of readdirSync('test-results/e2e-sqlite')) haystacks[`database ${file}`] = readFileSync(join('test-results/e2e-sqlite', file)).toString('latin1');
    const objects = KubernetesObjectApi.makeApiClient(admin);
    for (const ns of [namespace, `team-a-${clone}`]) {
      for (const [apiVersion, kind] of [['v1', 'ConfigMap'], ['v1', 'Event'], ['v1', 'Secret'], ['v1', 'Pod'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet']]) {
        const { items } = await objects.list(apiVersion, kind, ns);
        const seen = kind === 'ConfigMap' || kind === 'Event' ? items : items.map(i => [i.metadata?.annotations, i.metadata?.labels]);
        haystacks[`${ns} ${kind}s`] = JSON.stringify(seen);
      }
    }
    expect(Object.keys(haystacks).filter(k => k.startsWith('database')).length).toBeGreaterThan(3);
    const hits = Object.entries(haystacks).flatMap(([where, text]) => needles.filter(n => text.includes(n) || text.includes(Buffer.from(n).toString('base64'))).map(() => where));
    expect(hits).toEqual([]);
    expect((await read('db')).join('\n')).toContain(CANARY);

    // carol (team-b) finds no such environment's secrets.
    const carol = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${(await signInForToken(baseURL!, 'carol')).token}` } });
    expect((await carol.get(`/api/idp-secrets/environments/${namespace}/secrets`)).status()).toBe(404);
  } finally {
    await alice.delete(`/api/idp-environments/environments/team-a-${clone}`, { data: { confirm: `team-a-${clone}` } });
    await alice.delete(`/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  }
});
