// Drives the provider through a real authorization-code flow over HTTP, as the portal does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAccountsFromOrgFile } from './accounts.js';
import { createLocalOidcProvider } from './server.js';

const orgFile = fileURLToPath(new URL('../../../catalog/org.yaml', import.meta.url));
const redirectUri = 'http://localhost:7007/api/auth/oidc/handler/frame';
let server;
let issuer;

before(async () => {
  const accounts = loadAccountsFromOrgFile(orgFile);
  // Bind first to learn the port, then build the provider with the matching issuer.
  const probe = (await import('node:http')).createServer();
  await new Promise(r => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise(r => probe.close(r));
  issuer = `http://127.0.0.1:${port}`;
  ({ server } = createLocalOidcProvider({
    issuer,
    accounts,
    password: 'slipway',
    client: { clientId: 'slipway-portal', clientSecret: 's3cret', redirectUris: [redirectUri] },
  }));
  await new Promise(r => server.listen(port, '127.0.0.1', r));
});

after(() => new Promise(r => server.close(r)));

/** A tiny cookie-keeping client, enough for the provider's interaction cookies. */
function browser() {
  const jar = new Map();
  return async (url, init = {}) => {
    const res = await fetch(new URL(url, issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
}

async function startAuthorization(get) {
  const url = `/auth?${new URLSearchParams({
    client_id: 'slipway-portal',
    response_type: 'code',
    scope: 'openid email profile groups',
    redirect_uri: redirectUri,
    state: 'xyz',
    nonce: 'n-1',
  })}`;
  const res = await get(url);
  assert.equal(res.status, 303);
  const interaction = res.headers.get('location');
  assert.match(interaction, /^\/interaction\//);
  return interaction;
}

async function login(get, interaction, loginName, password) {
  return get(`${interaction}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: loginName, password }).toString(),
  });
}

/** Follows the provider's redirects until it sends the browser back to the portal. */
async function followToRedirectUri(get, res) {
  for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
    const location = res.headers.get('location');
    if (location.startsWith(redirectUri)) return new URL(location);
    res = await get(location);
  }
  assert.fail(`no redirect back to the portal (status ${res.status}: ${await res.text()})`);
}

test('serves discovery metadata for the issuer', async () => {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  const body = await res.json();
  assert.equal(body.issuer, issuer);
  assert.ok(body.userinfo_endpoint);
});

test('shows a login page that lists the seeded users', async () => {
  const get = browser();
  const interaction = await startAuthorization(get);
  const page = await (await get(interaction)).text();
  assert.match(page, /Sign in to Slipway/);
  for (const user of ['alice', 'bob', 'carol', 'dave', 'erin']) assert.match(page, new RegExp(`<code>${user}</code>`));
});

test('a wrong password gets a clear error and no code', async () => {
  const get = browser();
  const interaction = await startAuthorization(get);
  await get(interaction);
  const res = await login(get, interaction, 'alice', 'wrong');
  assert.equal(res.status, 401);
  assert.match(await res.text(), /Wrong username or password/);
});

test('alice signs in and the portal gets her identity and groups', async () => {
  const get = browser();
  const interaction = await startAuthorization(get);
  await get(interaction);
  const back = await followToRedirectUri(get, await login(get, interaction, 'alice@example.com', 'slipway'));
  assert.equal(back.searchParams.get('state'), 'xyz');
  const code = back.searchParams.get('code');
  assert.ok(code, 'an authorization code');

  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('slipway-portal:s3cret').toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }).toString(),
  }).then(r => r.json());
  assert.ok(token.access_token, JSON.stringify(token));
  assert.ok(token.refresh_token, 'a refresh token, so the portal session survives reloads');
  const idClaims = JSON.parse(Buffer.from(token.id_token.split('.')[1], 'base64url').toString());
  assert.equal(idClaims.sub, 'alice');
  assert.equal(idClaims.nonce, 'n-1');

  const userinfo = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${token.access_token}` } }).then(r => r.json());
  assert.equal(userinfo.email, 'alice@example.com');
  assert.equal(userinfo.email_verified, true);
  assert.equal(userinfo.name, 'Alice Developer');
  assert.deepEqual(userinfo.groups, ['team-a']);
});

test('org data without users is refused with the file name', () => {
  assert.throws(() => loadAccountsFromOrgFile(fileURLToPath(new URL('../package.json', import.meta.url))), /no User entities found/);
});
