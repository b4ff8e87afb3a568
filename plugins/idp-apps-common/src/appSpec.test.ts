import { AppSpec, parseAppSpec, parseSecretReference } from './appSpec';

/** PRODUCT.md's example, with image (gitRepo is its alternative). */
const example = {
  name: 'user-service',
  team: 'team-a',
  type: 'web',
  image: 'registry.example.com/team-a/user-service:1.4.2',
  port: 8080,
  environmentVariables: [
    { name: 'DATABASE_URL', valueFrom: 'secret/db-credentials/url' },
    { name: 'LOG_LEVEL', value: 'info' },
  ],
  resources: { preset: 'medium' },
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCPU: 70 },
};

const errorsOf = (input: unknown) => {
  const result = parseAppSpec(input);
  if (result.success) throw new Error('expected the spec to be rejected');
  return result.errors;
};
const withField = (overrides: Record<string, unknown>) => ({ ...example, ...overrides });

describe('parseAppSpec', () => {
  it("accepts PRODUCT.md's example", () => {
    const result = parseAppSpec(example);
    expect(result).toEqual({ success: true, spec: example });
  });

  it('accepts the simple mode: name, team, type, image, port', () => {
    expect(parseAppSpec({ name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1', port: 8080 }).success).toBe(true);
  });

  it('accepts gitRepo + buildpack instead of an image', () => {
    const { image, ...rest } = example;
    expect(parseAppSpec({ ...rest, gitRepo: 'https://github.com/myorg/user-service', buildpack: 'node' }).success).toBe(true);
  });

  it('accepts a worker and a cron job', () => {
    const base = { team: 'team-a', image: 'registry.example.com/team-a/jobs:2.0.0' };
    expect(parseAppSpec({ ...base, name: 'mailer', type: 'worker', replicas: 2 }).success).toBe(true);
    expect(parseAppSpec({ ...base, name: 'report', type: 'cron', schedule: '*/15 * * * *' }).success).toBe(true);
  });

  it('accepts the advanced mode: explicit resources, replicas, probes, volumes', () => {
    const spec: AppSpec = {
      ...(example as AppSpec),
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      autoscaling: { enabled: false },
      replicas: 4,
      probes: { liveness: { path: '/live' }, readiness: { path: '/ready' } },
      volumes: [
        { name: 'cache', type: 'emptyDir', mountPath: '/var/cache/app' },
        { name: 'settings', type: 'configMap', mountPath: '/etc/app', source: 'app-settings' },
        { name: 'tls', type: 'secret', mountPath: '/etc/tls', source: 'app-tls' },
      ],
    };
    expect(parseAppSpec(spec)).toEqual({ success: true, spec });
  });

  it.each([
    ['name', { name: 'User_Service' }, 'name', /lowercase letters, digits and dashes/],
    ['name', { name: '9lives' }, 'name', /start with a letter/],
    ['name', { name: 'a'.repeat(53) }, 'name', /at most 52 characters/],
    ['name', { name: 42 }, 'name', /Give text, e\.g\. user-service/],
    ['team', { team: 'Team A' }, 'team', /lowercase letters, digits and dashes/],
    ['type', { type: 'daemon' }, 'type', /Use one of web, worker, cron/],
    ['image :latest', { image: 'registry.example.com/team-a/web:latest' }, 'image', /instead of :latest/],
    ['image untagged', { image: 'registry.example.com/team-a/web' }, 'image', /Pin a version tag, e\.g\. registry\.example\.com\/team-a\/web:1\.4\.2/],
    ['image invalid', { image: 'Not An Image' }, 'image', /Give an image reference like/],
    ['port text', { port: '8080' }, 'port', /as a number/],
    ['port range', { port: 70000 }, 'port', /from 1 to 65535/],
    ['port fraction', { port: 80.5 }, 'port', /whole port number/],
    ['env name', { environmentVariables: [{ name: '1BAD', value: 'x' }] }, 'environmentVariables.0.name', /letters, digits and underscores/],
    ['env value type', { environmentVariables: [{ name: 'PORT', value: 8080 }] }, 'environmentVariables.0.value', /quote numbers/],
    ['env secret ref', { environmentVariables: [{ name: 'DB', valueFrom: 'db-credentials/url' }] }, 'environmentVariables.0.valueFrom', /secret\/<name>\/<key>/],
    ['env both', { environmentVariables: [{ name: 'DB', value: 'x', valueFrom: 'secret/db/url' }] }, 'environmentVariables.0.valueFrom', /either value or valueFrom/],
    ['env neither', { environmentVariables: [{ name: 'DB' }] }, 'environmentVariables.0.value', /Give a value, or valueFrom/],
    ['env duplicate', { environmentVariables: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, 'environmentVariables.1.name', /already set above/],
    ['env list', { environmentVariables: { LOG_LEVEL: 'info' } }, 'environmentVariables', /Give a list/],
    ['preset', { resources: { preset: 'huge' } }, 'resources.preset', /Use one of small, medium, large/],
    ['preset and explicit', { resources: { preset: 'small', requests: { cpu: '1', memory: '1Gi' } } }, 'resources.preset', /not both/],
    ['requests without limits', { resources: { requests: { cpu: '1', memory: '1Gi' } } }, 'resources.limits', /requests and limits together/],
    ['cpu', { resources: { requests: { cpu: 'lots', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }, 'resources.requests.cpu', /e\.g\. 250m or 1/],
    ['memory unit', { resources: { requests: { cpu: '1', memory: '512' }, limits: { cpu: '1', memory: '1Gi' } } }, 'resources.requests.memory', /with a unit, e\.g\. 512Mi/],
    ['requests above limits', { resources: { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '1', memory: '1Gi' } } }, 'resources.requests.cpu', /lower the request or raise the limit/],
    ['autoscaling enabled', { autoscaling: { minReplicas: 3 } }, 'autoscaling.enabled', /true or false/],
    ['autoscaling min', { autoscaling: { enabled: true, minReplicas: 0 } }, 'autoscaling.minReplicas', /at least 1 replica/],
    ['autoscaling max < min', { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 4 } }, 'autoscaling.maxReplicas', /below minReplicas 5; raise maxReplicas/],
    ['autoscaling max < golden min', { autoscaling: { enabled: true, maxReplicas: 2 } }, 'autoscaling.maxReplicas', /golden path minimum/],
    ['targetCPU', { autoscaling: { enabled: true, targetCPU: 150 } }, 'autoscaling.targetCPU', /at most 100%/],
    ['replicas', { autoscaling: undefined, replicas: -1 }, 'replicas', /at least 1 replica/],
    ['replicas with autoscaler', { replicas: 3 }, 'replicas', /remove replicas, or set autoscaling\.enabled to false/],
    ['probe path', { probes: { liveness: { path: 'healthz' } } }, 'probes.liveness.path', /starting with \//],
    ['volume type', { volumes: [{ name: 'data', type: 'hostPath', mountPath: '/data' }] }, 'volumes.0.type', /emptyDir, configMap, secret/],
    ['volume source', { volumes: [{ name: 'cfg', type: 'configMap', mountPath: '/etc/app' }] }, 'volumes.0.source', /Name the configMap to mount/],
    ['emptyDir source', { volumes: [{ name: 'c', type: 'emptyDir', mountPath: '/c', source: 'x' }] }, 'volumes.0.source', /remove source/],
    ['volume path', { volumes: [{ name: 'c', type: 'emptyDir', mountPath: 'cache' }] }, 'volumes.0.mountPath', /absolute path/],
    ['volume reserved', { volumes: [{ name: 'slipway-tmp', type: 'emptyDir', mountPath: '/scratch' }] }, 'volumes.0.name', /choose another name/],
    ['volume duplicate path', { volumes: [{ name: 'a', type: 'emptyDir', mountPath: '/a' }, { name: 'b', type: 'emptyDir', mountPath: '/a' }] }, 'volumes.1.mountPath', /mount each path once/],
    ['gitRepo', { image: undefined, gitRepo: 'git@github.com:myorg/x.git', buildpack: 'node' }, 'gitRepo', /https address/],
    ['buildpack', { image: undefined, gitRepo: 'https://github.com/myorg/x', buildpack: 'ruby' }, 'buildpack', /node, python, go, java/],
    ['unknown key', { enviromentVariables: [] }, 'enviromentVariables', /not a field here; check the spelling/],
    ['unknown nested key', { resources: { preset: 'small', cpu: '1' } }, 'resources.cpu', /not a field here/],
  ])('%s: names the field and the fix', (_, overrides, field, message) => {
    const errors = errorsOf(withField(overrides));
    expect(errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it.each([
    ['both image and gitRepo', { gitRepo: 'https://github.com/myorg/x', buildpack: 'go' }, 'image', /either image or gitRepo/],
    ['neither image nor gitRepo', { image: undefined }, 'image', /Give an image .* or a gitRepo and buildpack/],
    ['gitRepo without buildpack', { image: undefined, gitRepo: 'https://github.com/myorg/x' }, 'buildpack', /Choose the buildpack/],
    ['buildpack with image', { buildpack: 'java' }, 'buildpack', /remove buildpack/],
    ['web without port', { port: undefined }, 'port', /port the web app listens on/],
    ['worker with port', { type: 'worker', autoscaling: undefined }, 'port', /A worker serves no traffic/],
    ['web with schedule', { schedule: '0 3 * * *' }, 'schedule', /Only cron jobs/],
    ['cron without schedule', { type: 'cron', port: undefined, autoscaling: undefined }, 'schedule', /Give the cron schedule/],
    ['cron with autoscaling', { type: 'cron', port: undefined, schedule: '@daily' }, 'autoscaling', /does not autoscale/],
    ['cron with replicas', { type: 'cron', port: undefined, autoscaling: undefined, schedule: '@daily', replicas: 2 }, 'replicas', /one pod per run/],
    ['worker with probes', { type: 'worker', port: undefined, probes: { liveness: { path: '/healthz' } } }, 'probes', /only web apps have; remove probes/],
    ['bad schedule', { type: 'cron', port: undefined, autoscaling: undefined, schedule: '61 * * * *' }, 'schedule', /minute field has "61"/],
  ])('cross-field: %s', (_, overrides, field, message) => {
    expect(errorsOf(withField(overrides))).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('reports field errors and cross-field rules together', () => {
    const errors = errorsOf({ name: 'Bad Name', team: 'team-a', type: 'web' });
    expect(errors.map(e => e.field)).toEqual(['name', 'image', 'port']);
  });

  it('asks for the required fields', () => {
    const errors = errorsOf({});
    expect(errors.map(e => e.field)).toEqual(expect.arrayContaining(['name', 'team', 'type', 'image']));
    expect(errors.find(e => e.field === 'name')?.message).toMatch(/Give the app a name/);
  });

  it('rejects what is not an object', () => {
    expect(errorsOf('name: x')).toEqual([{ field: 'spec', message: expect.stringMatching(/Give the app spec as an object/) }]);
  });
});

describe('parseSecretReference', () => {
  it('splits secret/<name>/<key>', () => {
    expect(parseSecretReference('secret/db-credentials/url')).toEqual({ name: 'db-credentials', key: 'url' });
    expect(parseSecretReference('secret/tls.example.com/tls.crt')).toEqual({ name: 'tls.example.com', key: 'tls.crt' });
  });

  it.each(['secret/db', 'secrets/db/url', 'secret/DB/url', 'secret/db/url/extra', 'secret//url', 'secret/db/u rl'])('rejects %p', reference => {
    expect(parseSecretReference(reference)).toBeUndefined();
  });
});
