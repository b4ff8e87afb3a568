import { expect, request as requests, test } from '@playwright/test';
import { readLocalCluster } from '@internal/local-cluster';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signInForToken } from './backstageTokens';
import { signIn } from './signIn';

/*
 * Showback and chargeback in the browser: a workload of team-a runs with known usage, the sampler
 * (every 15 s in the browser tests' config) stores its cost; bob, team-a's lead, opens team-a's
 * costs, sees the chart and the app in the breakdown, and downloads the month's CSV with the
 * app's line; carol (team-b) is told team-a's costs are not hers to see, and the API says 404.
 */
const tag = randomBytes(2).toString('hex');
const environment = `cst-${tag}`;
const namespace = `team-a-${environment}`;
const app = `ledger-${tag}`;

test('bob reads team-a’s costs and downloads the month’s CSV; carol cannot open them', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const bobApi = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${(await signInForToken(baseURL!, 'bob')).token}` } });
  const created = await bobApi.post('/api/idp-environments/environments', { data: { team: 'team-a', name: environment, type: 'development' } });
  expect(created.status(), await created.text()).toBe(201);
  const admin = new KubeConfig();
  admin.loadFromFile((await readLocalCluster())!.adminKubeconfig);
  const labels = { 'app.kubernetes.io/name': app, 'slipway.dev/app': app };
  await admin.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: app, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'kwok.x-k8s.io/usage-cpu': '400m', 'kwok.x-k8s.io/usage-memory': '256Mi' } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: `registry.example.com/team-a/${app}:1.0.0`,
                resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              },
            ],
          },
        },
      },
    },
  });

  try {
    // The sampler's next runs store the app's cost.
    await expect
      .poll(
        async () => {
          const res = await bobApi.get('/api/idp-costs/teams/team-a/showback?by=app');
          return res.ok() ? ((await res.json()).topApps as Array<{ app: string }>).some(a => a.app === app) : false;
        },
        { timeout: 120_000, intervals: [5_000] },
      )
      .toBe(true);

    const bob = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await signIn(bob, 'bob');
    await bob.goto('/costs/teams/team-a');
    await expect(bob.getByRole('heading', { name: 'Costs of team-a' })).toBeVisible();
    await expect(bob.getByRole('img', { name: /^Daily cost of team-a by environment/ })).toBeVisible();
    await expect(bob.getByText(namespace).first()).toBeVisible();
    await expect(bob.getByRole('row').filter({ hasText: app }).first()).toBeVisible();

    const month = new Date().toISOString().slice(0, 7);
    await bob.goto(`/costs/teams/team-a/chargeback/${month}`);
    await expect(bob.getByRole('table', { name: new RegExp(`^Chargeback of team-a for`) })).toContainText(app);
    const [download] = await Promise.all([bob.waitForEvent('download'), bob.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(new RegExp(`team-a.*${month}.*\\.csv$`));
    expect(csv.split('\n')[0]).toMatch(/^namespace,environment,type,app,cpu,ram,storage,total,currency/);
    expect(csv).toContain(`${namespace},${environment},development,${app},`);

    const carol = await (await browser.newContext()).newPage();
    await signIn(carol, 'carol');
    await carol.goto('/costs/teams/team-a');
    await expect(carol.getByText('The costs of team-a are not yours to see')).toBeVisible();
    const carolApi = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${(await signInForToken(baseURL!, 'carol')).token}` } });
    expect((await carolApi.get('/api/idp-costs/teams/team-a/showback')).status()).toBe(404);
    expect((await carolApi.get(`/api/idp-costs/teams/team-a/chargeback/${month}?format=csv`)).status()).toBe(404);
  } finally {
    await bobApi.delete(`/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  }
});
