import { APIRequestContext, expect, request as requests } from '@playwright/test';
import { PASSWORD } from './signIn';

/**
 * Signs a user in exactly as the portal's sign-in popup does, without a browser: the backend's
 * OIDC start redirects to the local provider, its login form is posted, the provider redirects
 * back to the backend's handler, and the backend's refresh endpoint answers with the user's real
 * Backstage token. Used by API-level tests that need the tokens people really get.
 */
export async function signInForToken(baseURL: string, user: string, password = PASSWORD): Promise<{ token: string; context: APIRequestContext }> {
  const context = await requests.newContext({ baseURL });
  const start = await context.get('/api/auth/oidc/start?env=development&scope=openid%20profile%20email&origin=' + encodeURIComponent(baseURL) + '&flow=popup');
  expect(start.status(), `sign-in page for ${user}`).toBe(200);
  // The provider's login page posts to /interaction/<uid>/login.
  const loginUrl = new URL(start.url());
  const action = (await start.text()).match(/action="([^"]+\/login)"/)?.[1];
  if (!action) throw new Error(`No login form at ${loginUrl}`);
  const done = await context.post(new URL(action, loginUrl).toString(), { form: { login: user, password } });
  expect(done.status(), `login of ${user}`).toBe(200);
  const refresh = await context.get('/api/auth/oidc/refresh?env=development&optional', { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  expect(refresh.status(), `session of ${user}`).toBe(200);
  const token = (await refresh.json()).backstageIdentity?.token;
  if (!token) throw new Error(`No Backstage token for ${user}`);
  return { token, context };
}
