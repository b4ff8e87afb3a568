#!/usr/bin/env node
// Starts the local OIDC provider on loopback. Settings come from the environment so the dev and
// test scripts, and app-config, agree on one set of names.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { loadAccountsFromOrgFile } from './accounts.js';
import { createLocalOidcProvider } from './server.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const host = env.SLIPWAY_OIDC_HOST ?? '127.0.0.1';
const port = Number(env.SLIPWAY_OIDC_PORT ?? 5556);
const issuer = env.SLIPWAY_OIDC_ISSUER ?? `http://${host}:${port}`;
const orgFile = resolve(repoRoot, env.SLIPWAY_OIDC_ORG_FILE ?? 'catalog/org.yaml');
const redirectUris = (env.SLIPWAY_OIDC_REDIRECT_URIS ?? 'http://localhost:7007/api/auth/oidc/handler/frame')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean);

const accounts = loadAccountsFromOrgFile(orgFile);
const { server } = createLocalOidcProvider({
  issuer,
  accounts,
  password: env.SLIPWAY_OIDC_PASSWORD ?? 'slipway',
  client: {
    clientId: env.SLIPWAY_OIDC_CLIENT_ID ?? 'slipway-portal',
    clientSecret: env.SLIPWAY_OIDC_CLIENT_SECRET ?? 'slipway-local-secret',
    redirectUris,
  },
});

server.on('error', error => {
  console.error(`[local-oidc] cannot listen on ${host}:${port}: ${error.message}. Set SLIPWAY_OIDC_PORT to a free port.`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`[local-oidc] issuer ${issuer} ready; users: ${[...accounts.keys()].join(', ')}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
