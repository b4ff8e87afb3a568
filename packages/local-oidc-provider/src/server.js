// A local OpenID Connect provider (panva's oidc-provider, certified) for Slipway's embedded
// default: the portal signs users in through a real authorization-code flow, as it would
// against the company's IdP, with the seeded users of the catalog's org data.
import http from 'node:http';
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import Provider from 'oidc-provider';
import { findAccount } from './accounts.js';
import { renderLoginPage } from './loginPage.js';

const SCOPES = ['openid', 'offline_access', 'email', 'profile', 'groups'];

/**
 * @param {object} options
 * @param {string} options.issuer        e.g. http://127.0.0.1:5556
 * @param {Map<string, import('./accounts.js').Account>} options.accounts
 * @param {string} options.password      the password every seeded user signs in with
 * @param {{ clientId: string, clientSecret: string, redirectUris: string[] }} options.client
 */
export function createLocalOidcProvider({ issuer, accounts, password, client }) {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: 'Slipway',
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: true,
            name: account.name,
            preferred_username: id,
            groups: account.groups,
          };
        },
      };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    scopes: SCOPES,
    // Put the claims in the ID token too: the portal reads them from there.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [{ ...jwk, use: 'sig', alg: 'RS256', kid: 'slipway-local' }] },
    pkce: { required: () => false },
    // The portal keeps its session with a refresh token; issue one for every code exchange.
    async issueRefreshToken(_ctx, oidcClient) {
      return oidcClient.grantTypeAllowed('refresh_token');
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
    },
  });

  const userNames = [...accounts.keys()];

  async function showLogin(req, res, { login = '', error } = {}) {
    const details = await provider.interactionDetails(req, res);
    res.writeHead(error ? 401 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(renderLoginPage({ uid: details.uid, clientName: 'Slipway', login, error, users: userNames }));
  }

  // Slipway is a first-party client: grant what it asks for instead of showing a consent page.
  async function grantConsent(req, res, details) {
    const { prompt, params, session, grantId } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const savedGrantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId: savedGrantId } }, { mergeWithLastSubmission: true });
  }

  async function handleInteraction(req, res, url) {
    const match = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (!match) return false;
    if (req.method === 'GET' && !match[2]) {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') await grantConsent(req, res, details);
      else await showLogin(req, res);
      return true;
    }
    if (req.method === 'POST' && match[2]) {
      const form = new URLSearchParams(await readBody(req));
      const login = form.get('login') ?? '';
      const account = findAccount(accounts, login);
      if (!account || !samePassword(form.get('password') ?? '', password)) {
        await showLogin(req, res, { login, error: 'Wrong username or password. Check both and try again.' });
        return true;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
      return true;
    }
    return false;
  }

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    handleInteraction(req, res, url)
      .then(handled => {
        if (!handled) callback(req, res);
      })
      .catch(error => {
        // An expired or unknown interaction (e.g. a login page left open for an hour).
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Sign-in could not continue: ${error.message}. Go back to Slipway and sign in again.`);
      });
  });

  return { provider, server };
}

function samePassword(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
      if (body.length > 64 * 1024) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
