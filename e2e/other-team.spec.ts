import { expect, request as requests, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { signInForToken } from './backstageTokens';
import { signIn } from './signIn';

/*
 * No back doors in the browser: carol (team-b) opens the catalog page of team-a's app. The
 * Component itself is public (the catalog says who owns what), but nothing of where or how it
 * runs: no pods, no logs, no environment of team-a, neither in Slipway's Workloads tab nor in
 * Backstage's own Kubernetes tab, which acts as carol.
 */
const tag = randomBytes(2).toString('hex');
const environment = `ot-${tag}`;
const namespace = `team-a-${environment}`;
const app = `ot-web-${tag}`;
const component = `team-a.${app}`;

test.describe.configure({ mode: 'serial' });

test('carol opens team-a’s app and sees no pods, logs or environments of team-a', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  // alice deploys through the portal's APIs (the browser flow of a deploy is golden-path.spec.ts).
  const { token } = await signInForToken(baseURL!, 'alice');
  const alice = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  expect((await alice.post('/api/idp-environments/environments', { data: { team: 'team-a', name: environment, type: 'development' } })).status()).toBe(201);
  const task = await alice.post('/api/scaffolder/v2/tasks', {
    data: { templateRef: 'template:default/slipway-web-app', values: { name: app, team: 'team-a', environment, image: 'registry.example.com/team-a/web:1.0.0', port: 8080 } },
  });
  expect(task.status(), await task.text()).toBe(201);
  const { id } = await task.json();
  await expect.poll(async () => (await (await alice.get(`/api/scaffolder/v2/tasks/${id}`)).json()).status, { timeout: 120_000 }).toBe('completed');
  // The catalog module mirrors deployed apps every 30 s.
  await expect.poll(async () => (await alice.get(`/api/catalog/entities/by-name/component/default/${component}`)).status(), { timeout: 90_000 }).toBe(200);

  try {
    await signIn(page, 'carol');
    await page.goto(`/catalog/default/component/${component}`);
    await expect(page.getByRole('heading', { name: app }).first()).toBeVisible();
    // The overview (description, tags, about card) names no environment of team-a.
    await expect(page.locator('body')).toContainText('App of team-a, deployed by Slipway');
    await expect(page.locator('body')).not.toContainText(environment);

    await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Workloads' }).click();
    await expect(page.getByText(`${app} runs in none of team-a's environments you can see`)).toBeVisible();

    await page.getByRole('navigation', { name: 'Content navigation' }).getByRole('link', { name: 'Kubernetes' }).click();
    await expect(page.getByText(/No resources on any known clusters|No Kubernetes resources/i).first()).toBeVisible({ timeout: 30_000 });
    // Nowhere on the page: not team-a's namespace, not a pod of the app.
    await expect(page.locator('body')).not.toContainText(environment);
    await expect(page.locator('body')).not.toContainText(`${app}-`);

    // The environment itself is absent for carol, in the portal and in the catalog.
    await page.goto(`/environments/${namespace}`);
    await expect(page.getByText(`No environment ${namespace}`).first()).toBeVisible();
    await page.goto(`/catalog/default/resource/${namespace}`);
    await expect(page.getByText(/not found|No entity/i).first()).toBeVisible();
  } finally {
    await alice.delete(`/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  }
});
