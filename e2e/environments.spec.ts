import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { signIn } from './signIn';

const name = `e2e-${randomBytes(3).toString('hex')}`;
const namespace = `team-a-${name}`;

test.describe.serial('environments', () => {
  test('alice creates a development environment from the portal', async ({ page }) => {
    await signIn(page, 'alice');
    await page.goto('/environments');
    await page.getByRole('button', { name: 'Create environment' }).first().click();

    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: 'Create environment' })).toBeVisible();
    // Live validation before anything is sent.
    await dialog.getByLabel('Name').fill('Not_Valid');
    await expect(dialog.getByText(/lowercase letters, digits and dashes/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
    await dialog.getByLabel('Name').fill(name);
    await expect(dialog.getByText(`Namespace: ${namespace}`, { exact: false })).toBeVisible();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });

    await expect(page.getByRole('link', { name: namespace })).toBeVisible();
    await page.getByRole('link', { name: namespace }).click();
    await expect(page.getByText('requests.cpu')).toBeVisible();
  });

  test('carol (team-b) does not see it, nor can she open it', async ({ page }) => {
    await signIn(page, 'carol');
    await page.goto('/environments');
    await expect(page.getByRole('tab', { name: 'Your environments' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create environment' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: namespace })).toHaveCount(0);
    await page.goto(`/environments/${namespace}`);
    await expect(page.getByText(`No environment ${namespace}`).first()).toBeVisible();
  });

  test('alice deletes it after typing its name', async ({ page }) => {
    await signIn(page, 'alice');
    await page.goto(`/environments/${namespace}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${namespace} to confirm`).fill(namespace);
    await confirm.click();
    await expect(page).toHaveURL(/\/environments\/?$/);
  });
});
