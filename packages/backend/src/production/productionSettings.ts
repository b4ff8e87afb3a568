/*
 * What a production start must have, as pure functions over configuration data (no I/O).
 * app-config.yaml (the embedded development defaults: local OIDC client, development session
 * secret, SQLite, the seeded organisation) is always loaded first, and a later file cannot
 * remove a key, only replace a value. So in production a setting still holding the development
 * value counts as missing, and the auth providers' other environments are dropped.
 */

type Data = Record<string, unknown>;

/** A setting production needs, and the variable app-config.production.yaml reads it from. */
export interface ProductionSetting {
  /** Config key, `a.b[0].c`. */
  key: string;
  variable: string;
  /** What it is for and how to make one, for the refusal. */
  hint: string;
}

export const PRODUCTION_SETTINGS: ProductionSetting[] = [
  { key: 'app.baseUrl', variable: 'SLIPWAY_BASE_URL', hint: "the portal's public URL, e.g. https://slipway.example.com" },
  { key: 'backend.baseUrl', variable: 'SLIPWAY_BASE_URL', hint: "the portal's public URL, e.g. https://slipway.example.com" },
  { key: 'backend.auth.keys[0].secret', variable: 'BACKEND_SECRET', hint: 'signs tokens between backend plugins; e.g. `openssl rand -base64 32`' },
  { key: 'backend.database.connection.host', variable: 'POSTGRES_HOST', hint: 'the PostgreSQL server' },
  { key: 'backend.database.connection.user', variable: 'POSTGRES_USER', hint: 'the PostgreSQL user (allowed to create databases)' },
  { key: 'backend.database.connection.password', variable: 'POSTGRES_PASSWORD', hint: "the PostgreSQL user's password" },
  { key: 'auth.session.secret', variable: 'AUTH_SESSION_SECRET', hint: 'signs the sign-in session cookie; e.g. `openssl rand -base64 32`' },
  { key: 'auth.providers.oidc.production.metadataUrl', variable: 'AUTH_OIDC_METADATA_URL', hint: "the company IdP's /.well-known/openid-configuration URL" },
  { key: 'auth.providers.oidc.production.clientId', variable: 'AUTH_OIDC_CLIENT_ID', hint: "the portal's client at the IdP" },
  { key: 'auth.providers.oidc.production.clientSecret', variable: 'AUTH_OIDC_CLIENT_SECRET', hint: "that client's secret" },
];

/** The variable naming the organisation's catalog file (Users and Groups) in app-config.production.yaml. */
export const ORGANISATION_VARIABLE = 'SLIPWAY_ORG_FILE';

/** The value at `a.b[0].c`, or undefined. */
export function valueAt(data: unknown, key: string): unknown {
  let current: unknown = data;
  for (const part of key.split(/\.|(?=\[)/)) {
    if (current === null || typeof current !== 'object') return undefined;
    const index = part.match(/^\[(\d+)\]$/);
    if (!index) current = (current as Data)[part];
    else current = Array.isArray(current) ? current[Number(index[1])] : undefined;
  }
  return current;
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Production when the active auth environment is `production` or NODE_ENV says so. */
export function isProductionStart(merged: Data, nodeEnv: string | undefined): boolean {
  return valueAt(merged, 'auth.environment') === 'production' || nodeEnv === 'production';
}

/**
 * Every reason a production start must be refused, one line each naming the variable (empty
 * when it may start). `developmentDefaults` is app-config.yaml's data: its values do not count.
 */
export function productionProblems(merged: Data, developmentDefaults: Data): string[] {
  const problems: string[] = [];
  const authEnvironment = valueAt(merged, 'auth.environment');
  if (authEnvironment !== 'production') {
    problems.push(
      `auth.environment is '${String(authEnvironment)}' but this is a production start (NODE_ENV=production): start with --config app-config.yaml --config app-config.production.yaml`,
    );
  }
  for (const setting of PRODUCTION_SETTINGS) {
    const value = valueAt(merged, setting.key);
    if (isBlank(value)) {
      problems.push(`${setting.key} is not set: set ${setting.variable} (${setting.hint})`);
    } else if (value === valueAt(developmentDefaults, setting.key)) {
      problems.push(`${setting.key} still has app-config.yaml's development value: set ${setting.variable} (${setting.hint})`);
    }
  }
  if (!hasOrganisation(merged)) {
    problems.push(
      `no organisation (Users and Groups) would be loaded, so nobody could sign in: set ${ORGANISATION_VARIABLE} to your organisation's catalog file, or configure an org provider under catalog.providers`,
    );
  }
  return problems;
}

/**
 * An organisation comes from a catalog location allowed to hold Users (not the seeded one from
 * app-config.yaml) or from an entity provider configured under catalog.providers.
 */
function hasOrganisation(merged: Data): boolean {
  const providers = valueAt(merged, 'catalog.providers');
  if (providers && typeof providers === 'object' && Object.keys(providers).length > 0) return true;
  const locations = valueAt(merged, 'catalog.locations');
  return (
    Array.isArray(locations) &&
    locations.some(location => {
      const allowed = (valueAt(location, 'rules') as { allow?: string[] }[] | undefined)?.flatMap(rule => rule.allow ?? []) ?? [];
      const target = valueAt(location, 'target');
      return allowed.includes('User') && !isBlank(target) && !String(target).endsWith('catalog/org.yaml');
    })
  );
}

/**
 * The configuration a production backend sees: each auth provider keeps only the active
 * environment's client (app-config.yaml's `development` OIDC client, reachable with
 * `?env=development`, disappears). Returns new data; the input is left as it was.
 */
export function withoutOtherAuthEnvironments(data: Data, activeEnvironment: string): Data {
  const providers = valueAt(data, 'auth.providers');
  if (!providers || typeof providers !== 'object') return data;
  const kept = Object.fromEntries(
    Object.entries(providers as Data).map(([provider, environments]) => [
      provider,
      environments && typeof environments === 'object'
        ? Object.fromEntries(Object.entries(environments as Data).filter(([environment]) => environment === activeEnvironment))
        : environments,
    ]),
  );
  return { ...data, auth: { ...(data.auth as Data), providers: kept } };
}
