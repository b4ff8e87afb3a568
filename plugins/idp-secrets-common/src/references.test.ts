import { consumersBySecret, consumersOfKeys, describeConsumers, missingSecretReferences, secretUsesOfManifests } from './references';

const deployment = (name: string, spec: object, extra: object = {}) => ({ kind: 'Deployment', metadata: { name, ...extra }, spec: { template: { spec } } });

describe('secret uses and consumers', () => {
  const web = deployment('web', {
    containers: [
      { name: 'app', env: [{ name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }, { name: 'PLAIN', value: 'x' }], envFrom: [{ secretRef: { name: 'api' } }] },
    ],
    initContainers: [{ name: 'migrate', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }],
    volumes: [{ name: 'tls', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'crt' }] } }, { name: 'cfg', projected: { sources: [{ secret: { name: 'bundle' } }] } }],
    imagePullSecrets: [{ name: 'registry' }],
  });
  const report = { kind: 'CronJob', metadata: { name: 'report' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', envFrom: [{ secretRef: { name: 'db' } }] }] } } } } } };
  const jobOfReport = { kind: 'Job', metadata: { name: 'report-1', ownerReferences: [{ kind: 'CronJob', name: 'report' }] }, spec: { template: { spec: { containers: [{ envFrom: [{ secretRef: { name: 'db' } }] }] } } } };

  it('finds env, envFrom, secret and projected volumes, not image pull secrets', () => {
    expect(secretUsesOfManifests([web, { kind: 'Service', spec: {} }])).toEqual([
      { secret: 'db', key: 'password', variable: 'DB_PASSWORD' },
      { secret: 'db', key: 'url', variable: 'DB_URL' },
      { secret: 'api' },
      { secret: 'tls', key: 'tls.crt' },
      { secret: 'bundle' },
    ]);
  });

  it('lists top-level workloads per secret, with the keys they read or all of them', () => {
    const consumers = consumersBySecret([web, report, jobOfReport]);
    expect(consumers.get('db')).toEqual([
      { kind: 'Deployment', name: 'web', keys: ['password', 'url'] },
      { kind: 'CronJob', name: 'report', keys: 'all' },
    ]);
    expect(consumers.get('registry')).toBeUndefined();
    expect(consumersOfKeys(consumers.get('db')!, ['password'])).toHaveLength(2);
    expect(consumersOfKeys([{ kind: 'Deployment', name: 'web', keys: ['url'] }], ['password'])).toEqual([]);
    expect(describeConsumers(consumers.get('db')!)).toBe('Deployment/web (password, url), CronJob/report (every key)');
  });

  it('names each missing secret or key once, with what to do', () => {
    const uses = secretUsesOfManifests([web]);
    const missing = missingSecretReferences(uses, [{ name: 'db', keys: ['url'] }, { name: 'api', keys: [] }, { name: 'tls', keys: ['tls.crt'] }], 'team-a-dev');
    expect(missing.map(m => m.message)).toEqual([
      'secret/db/password: secret db in team-a-dev has no key password; add it on the Secrets page (it has url)',
      "secret/bundle: team-a-dev has no secret bundle; create it on the environment's Secrets page first",
    ]);
    expect(missingSecretReferences(uses, [{ name: 'db', keys: ['url', 'password'] }, { name: 'api', keys: [] }, { name: 'tls', keys: ['tls.crt'] }, { name: 'bundle', keys: ['a'] }], 'ns')).toEqual([]);
  });
});
