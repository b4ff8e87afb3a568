import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

const sidebar = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'sidebar nav' });

test('alice signs in with OIDC and sees the catalog and her team', async ({ page }) => {
  await signIn(page, 'alice');

  await expect(sidebar(page).getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();
  await expect(sidebar(page).getByRole('link', { name: 'Environments' })).toBeVisible();
  // The catalog opens on her own components when she owns any (an app an earlier test deployed): all of them list the portal.
  await page.getByRole('menuitem', { name: /^All/ }).click();
  await expect(page.getByRole('link', { name: 'Slipway portal' })).toBeVisible();

  // Her own catalog User, resolved from the OIDC email, with her team.
  await page.goto('/catalog/default/user/alice');
  await expect(page.getByText('Alice Developer').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /team-a/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /team-b/ })).toHaveCount(0);

  await page.goto('/settings');
  await expect(page.getByText('alice@example.com').first()).toBeVisible();
});

test('carol signs in and sees her own team, not alice’s', async ({ page }) => {
  await signIn(page, 'carol');
  await expect(sidebar(page).getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();

  await page.goto('/catalog/default/user/carol');
  await expect(page.getByText('Carol Developer').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /team-b/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /team-a/ })).toHaveCount(0);

  await page.goto('/settings');
  await expect(page.getByText('carol@example.com').first()).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  const popup = await signIn(page, 'alice', 'not-her-password');
  await expect(popup.getByRole('alert')).toHaveText('Wrong username or password. Check both and try again.');
  await expect(page.getByText('Slipway SSO')).toBeVisible();
});

test('the Slipway pages load for a signed-in user', async ({ page }) => {
  await signIn(page, 'bob');
  await expect(sidebar(page).getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();

  await page.goto('/environments');
  await page.getByRole('tab', { name: 'Environment types' }).click();
  await expect(page.getByRole('cell', { name: 'production' })).toBeVisible();

  await page.goto('/costs');
  await expect(page.getByRole('heading', { name: 'Costs of team-a' })).toBeVisible();
  await page.goto('/costs/prices');
  await expect(page.getByText('0.031611 USD').first()).toBeVisible();

  await page.goto('/secrets');
  await expect(page.getByText('secret/<name>/<key>', { exact: true })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Environment' })).toBeVisible();
});
