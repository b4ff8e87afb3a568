import { expect, test } from '@playwright/test';

/*
 * The real backend starts with every plugin. A plugin whose package comes from another
 * Backstage release usually fails here: it never mounts its routes, or the backend never
 * becomes ready.
 */
const PLUGINS = [
  'app',
  'events',
  'auth',
  'catalog',
  'permission',
  'scaffolder',
  'search',
  'kubernetes',
  'notifications',
  'signals',
  'user-settings',
  'idp-environments',
  'idp-secrets',
  'idp-costs',
  'idp-apps',
];

test('the backend is ready', async ({ request }) => {
  const res = await request.get('/.backstage/health/v1/readiness');
  expect(res.status()).toBe(200);
});

for (const pluginId of PLUGINS) {
  test(`plugin ${pluginId} started and serves its routes`, async ({ request }) => {
    // Every plugin of the new backend system publishes its service-auth keys once initialised.
    const res = await request.get(`/api/${pluginId}/.backstage/auth/v1/jwks.json`);
    expect(res.status(), `GET /api/${pluginId}/.backstage/auth/v1/jwks.json`).toBe(200);
    expect((await res.json()).keys).toBeInstanceOf(Array);
  });
}

test('Slipway plugins refuse callers without a Backstage token', async ({ request }) => {
  for (const path of ['/api/idp-environments/environment-types', '/api/idp-costs/price-sheet', '/api/idp-secrets/store']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(401);
  }
});

test('guest sign-in is not available', async ({ request }) => {
  const res = await request.get('/api/auth/guest/refresh');
  expect(res.status()).toBe(404);
});
