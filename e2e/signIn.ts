import { expect, Page } from '@playwright/test';

export const PASSWORD = process.env.SLIPWAY_OIDC_PASSWORD ?? 'slipway';

/**
 * Signs in through the portal's sign-in page and the local OIDC provider's login form, which
 * opens in a popup exactly as a company IdP would.
 */
export async function signIn(page: Page, user: string, password = PASSWORD) {
  await page.goto('/');
  await expect(page.getByText('Slipway SSO')).toBeVisible();
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const popup = await popupPromise;
  await popup.waitForLoadState();
  await expect(popup.getByRole('heading', { name: 'Sign in to Slipway' })).toBeVisible();
  await popup.getByLabel('Username or email').fill(user);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
  return popup;
}
