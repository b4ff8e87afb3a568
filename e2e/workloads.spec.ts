import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { signIn } from './signIn';

const environment = `wl-${randomBytes(3).toString('hex')}`;
const namespace = `team-a-${environment}`;
const app = `web-${randomBytes(2).toString('hex')}`;

test('alice sees her app run in its environment, scales it, reads and follows a pod log', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'alice');

  // An environment, and a web app deployed into it through the golden-path template.
  await page.goto('/environments');
  await page.getByRole('button', { name: 'Create environment' }).first().click();
  const create = page.getByRole('dialog');
  await create.getByLabel('Name').fill(environment);
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create).toBeHidden({ timeout: 30_000 });

  await page.goto('/create/templates/default/slipway-web-app');
  await page.getByLabel('Name').fill(app);
  await expect(page.getByText('team-a').first()).toBeVisible();
  await page.locator('[id="root_environment"]').click();
  await page.getByRole('option', { name: new RegExp(`^${environment} \\(development`) }).click();
  await page.getByLabel('Image').fill('registry.example.com/team-a/web:1.0.0');
  await expect(page.getByText('All guard rails pass')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('All guard rails pass')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Deployed')).toBeVisible({ timeout: 120_000 });

  // The environment page: the workload, all replicas ready.
  await page.goto(`/environments/${namespace}`);
  const workload = page.getByTestId(`workload-Deployment/${app}`);
  await expect(workload).toBeVisible({ timeout: 30_000 });
  await expect(workload.getByText('3/3')).toBeVisible({ timeout: 30_000 });
  await expect(workload.getByText('complete')).toBeVisible();
  await expect(workload.getByText('registry.example.com/team-a/web:1.0.0')).toBeVisible();

  // Its autoscaler owns the replicas: the refusal shows in the dialog.
  await workload.getByRole('button', { name: `Scale ${app}` }).click();
  const scale = page.getByRole('dialog');
  await scale.getByLabel('Replicas').fill('5');
  await scale.getByRole('button', { name: 'Scale', exact: true }).click();
  await expect(scale.getByText(/scaled by its autoscaler/)).toBeVisible();
  await scale.getByRole('button', { name: 'Cancel' }).click();
  await expect(scale).toBeHidden();

  // A pod's logs, then followed: new lines arrive (the local cluster writes one a second).
  await page.getByRole('tab', { name: 'Pods' }).click();
  const logsButton = page.getByRole('button', { name: new RegExp(`^Logs of ${app}-`) }).first();
  await expect(logsButton).toBeVisible();
  const pod = (await logsButton.getAttribute('aria-label'))!.replace('Logs of ', '');
  await logsButton.click();
  await expect(page.getByRole('tab', { name: 'Logs', selected: true })).toBeVisible();
  const log = page.getByRole('log', { name: `Log of ${pod}` });
  await expect(log).toContainText(/\S/, { timeout: 20_000 });
  const count = page.getByLabel('Line count');
  await expect(count).toHaveText(/^[1-9]\d* lines?/);

  await page.getByLabel('Follow').check();
  await expect(count).toContainText('following');
  await expect(count).toHaveText(/^[1-9]\d* lines? · following/, { timeout: 20_000 });
  const linesNow = async () => Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1] ?? 0);
  const first = await linesNow();
  await expect.poll(linesNow, { timeout: 15_000, message: 'new log lines arrive while following' }).toBeGreaterThan(first);
  await page.getByLabel('Follow').uncheck();
  await expect(count).not.toContainText('following');

  // Clean up the environment (and the app with it).
  await page.goto(`/environments/${namespace}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByLabel(`Type ${namespace} to confirm`).fill(namespace);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/environments\/?$/);
});
