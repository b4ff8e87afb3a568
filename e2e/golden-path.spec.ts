import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { signIn } from './signIn';

const environment = `apps-${randomBytes(3).toString('hex')}`;
const app = `web-${randomBytes(2).toString('hex')}`;

test('alice deploys a web app from the golden-path template, and it runs', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'alice');

  // An environment to deploy into.
  await page.goto('/environments');
  await page.getByRole('button', { name: 'Create environment' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(environment);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  // The template, in simple mode: name, team, environment, image, port.
  await page.goto('/create');
  await expect(page.getByText('Web app (golden path)')).toBeVisible();
  await page.goto('/create/templates/default/slipway-web-app');
  await page.getByLabel('Name').fill(app);
  await expect(page.getByText('team-a').first()).toBeVisible();
  await page.locator('[id="root_environment"]').click();
  await page.getByRole('option', { name: new RegExp(`^${environment} \\(development`) }).click();
  // The preview follows the form: an image from outside the allowed registries is flagged while typing.
  await page.getByLabel('Image').fill('docker.io/library/nginx:1.27');
  await expect(page.getByText('1 guard-rail violation: fix before deploying')).toBeVisible({ timeout: 15_000 });
  await page.getByLabel('Image').fill('registry.example.com/team-a/web:1.0.0');
  await expect(page.getByText('All guard rails pass')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(new RegExp(`Into team-a-${environment} \\(development\\):.*Deployment/${app}`))).toBeVisible();
  await expect(page.getByLabel('Rendered manifests')).toContainText('kind: HorizontalPodAutoscaler');

  // Advanced and expert pages are optional: skip through them.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Preview with your changes')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Expert mode: edit the YAML yourself', { exact: false })).toBeVisible();
  await expect(page.getByText('All guard rails pass')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByText('Deployed')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(`runs in team-a-${environment}`, { exact: false })).toBeVisible();

  // Clean up the environment (and the app with it).
  await page.goto(`/environments/team-a-${environment}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByLabel(`Type team-a-${environment} to confirm`).fill(`team-a-${environment}`);
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/environments\/?$/);
});
