import type { EnvironmentSecretsView, RotationRecord, SecretView } from '@internal/plugin-idp-secrets-common';
import { SecretsApi } from '../api/SecretsApi';
import { SecretsRequestError } from '../lib/errors';

/** Test helpers: a fake SecretsApi and sample views. Not exported from the package. */

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const DAY = 24 * 3600_000;

export function sampleSecret(overrides: Partial<SecretView> = {}): SecretView {
  return {
    namespace: 'team-a-dev',
    name: 'db-credentials',
    keys: [
      { name: 'DB_URL', version: 2, updatedAt: ago(DAY), updatedBy: 'user:default/alice' },
      { name: 'DB_PASSWORD', version: 1, updatedAt: ago(3 * DAY), updatedBy: 'user:default/alice' },
    ],
    version: 2,
    createdAt: ago(3 * DAY),
    createdBy: 'user:default/alice',
    updatedAt: ago(DAY),
    updatedBy: 'user:default/bob',
    consumers: [{ kind: 'Deployment', name: 'web', keys: ['DB_URL'] }],
    sync: { state: 'synced' },
    ...overrides,
  };
}

/** A generated API token rotated every 30 days, its previous value still kept. */
export function sampleGeneratedSecret(overrides: Partial<SecretView> = {}): SecretView {
  return sampleSecret({
    name: 'api-token',
    keys: [{ name: 'token', version: 4, updatedAt: ago(2 * 3600_000), updatedBy: 'schedule' }],
    version: 4,
    generator: { kind: 'token', bytes: 32, encoding: 'base64url' },
    rotation: { policy: { everyDays: 30, graceHours: 24 }, lastRotatedAt: ago(2 * 3600_000), nextRotationAt: new Date(Date.now() + 30 * DAY).toISOString(), previousUntil: new Date(Date.now() + 22 * 3600_000).toISOString() },
    consumers: [{ kind: 'CronJob', name: 'report', keys: 'all' }],
    ...overrides,
  });
}

export function sampleEnvironmentSecrets(overrides: Partial<EnvironmentSecretsView> = {}): EnvironmentSecretsView {
  return {
    namespace: 'team-a-dev',
    team: 'team-a',
    environmentType: 'development',
    store: 'kubernetes',
    canWrite: true,
    secrets: [sampleSecret(), sampleGeneratedSecret()],
    missing: [],
    ...overrides,
  };
}

export function sampleRotation(overrides: Partial<RotationRecord> = {}): RotationRecord {
  return { at: ago(2 * 3600_000), by: 'schedule', outcome: 'rotated', version: 4, restarted: ['CronJob/report'], ...overrides };
}

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call to ${name}`));

/** Every method rejects unless overridden. */
export function fakeSecretsApi(overrides: Partial<SecretsApi> = {}): SecretsApi {
  return {
    getStore: unexpected('getStore'),
    getEnvironmentSecrets: unexpected('getEnvironmentSecrets'),
    listSecretKeys: unexpected('listSecretKeys'),
    getSecret: unexpected('getSecret'),
    listRotations: unexpected('listRotations'),
    writeSecret: unexpected('writeSecret'),
    generateSecret: unexpected('generateSecret'),
    rotateSecret: unexpected('rotateSecret'),
    deleteSecret: unexpected('deleteSecret'),
    ...overrides,
  };
}

/** A refusal as SecretsClient throws it. */
export function requestError(statusCode: number, kind: string, serverMessage: string): SecretsRequestError {
  return new SecretsRequestError({ statusCode, kind, serverMessage });
}
