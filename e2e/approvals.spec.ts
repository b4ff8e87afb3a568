import { expect, request as requests, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { signInForToken } from './backstageTokens';
import { signIn } from './signIn';

/*
 * A production deploy goes through a tech lead: alice fills the golden-path template for team-a's
 * production environment and gets a deploy request instead of a deploy; bob (team-a's lead) is
 * notified, reads the diff and approves; the platform applies exactly that and alice sees it
 * applied; carol (team-b) finds no trace of it.
 */
const tag = randomBytes(2).toString('hex');
const environment = `prd-${tag}`;
const namespace = `team-a-${environment}`;
const app = `pay-${tag}`;

test('alice requests a production deploy, bob approves it from his notification, the platform applies it; carol sees nothing', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const admin = await requests.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${(await signInForToken(baseURL!, 'erin')).token}` } });
  const created = await admin.post('/api/idp-environments/environments', { data: { team: 'team-a', name: environment, type: 'production' } });
  expect(created.status(), await created.text()).toBe(201);

  try {
    // alice: the template, for production, files a request.
    const alice = await (await browser.newContext()).newPage();
    await signIn(alice, 'alice');
    await alice.goto('/create/templates/default/slipway-web-app');
    await alice.getByLabel('Name').fill(app);
    await alice.locator('[id="root_environment"]').click();
    await alice.getByRole('option', { name: new RegExp(`^${environment} \\(production: needs a tech lead's approval`) }).click();
    await alice.getByLabel('Image').fill('registry.example.com/team-a/pay:2.0.0');
    await expect(alice.getByText('This creates a deploy request; a tech lead of team-a approves it')).toBeVisible({ timeout: 15_000 });
    await alice.getByRole('button', { name: 'Next' }).click();
    await alice.getByRole('button', { name: 'Next' }).click();
    await alice.getByRole('button', { name: 'Review' }).click();
    await alice.getByRole('button', { name: 'Create' }).click();
    await expect(alice.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible({ timeout: 120_000 });
    await expect(alice.getByText(`${app} is not deployed yet`)).toBeVisible();
    // The task's output links the request (a button-styled link).
    const href = (await alice.locator('a[href*="/approvals/requests/"]').first().getAttribute('href'))!;
    const id = href.split('/').pop()!;
    expect(href).toMatch(/\/approvals\/requests\/[0-9a-f-]{36}$/);
    await alice.goto(`/approvals/requests/${id}`);
    await expect(alice.getByText(`Production deploy of team-a, requested by alice`)).toBeVisible();
    await expect(alice.getByRole('button', { name: 'Approve' })).toBeDisabled();

    // bob: notified, reads the request and its diff, approves.
    const bob = await (await browser.newContext()).newPage();
    await signIn(bob, 'bob');
    await bob.goto('/notifications');
    await expect(bob.getByText(`alice asks to deploy ${app} to ${namespace}`)).toBeVisible({ timeout: 30_000 });
    await bob.goto('/approvals');
    await bob.getByRole('link', { name: app }).first().click();
    await expect(bob).toHaveURL(new RegExp(`/approvals/requests/${id}$`));
    await expect(bob.getByLabel(`Deployment/${app} added`)).toBeVisible();
    await bob.getByLabel('Comment').fill('ship it');
    await bob.getByRole('button', { name: 'Approve' }).click();
    await expect(bob.getByText('Applied', { exact: true })).toBeVisible({ timeout: 120_000 });

    // alice's page follows the request live (signals) to the rollout's end.
    await expect(alice.getByText('Applied', { exact: true })).toBeVisible({ timeout: 60_000 });

    // carol: no trace of it, neither the page nor her lists.
    const carol = await (await browser.newContext()).newPage();
    await signIn(carol, 'carol');
    await carol.goto(`/approvals/requests/${id}`);
    await expect(carol.getByText(`No deploy request ${id}`)).toBeVisible();
    await carol.goto('/approvals?view=team');
    await expect(carol.locator('body')).not.toContainText(app);
    await expect(carol.locator('body')).not.toContainText(environment);
  } finally {
    await admin.delete(`/api/idp-environments/environments/${namespace}`, { data: { confirm: namespace } });
  }
});
