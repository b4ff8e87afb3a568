import {
  DEFAULT_CONTAINER_DEFAULTS,
  DEFAULT_ENVIRONMENT_TYPES,
  EnvironmentTypeConfigError,
  defaultMaxQuota,
  maxQuotaOf,
  resolveEnvironmentTypes,
} from './environmentTypes';

describe('resolveEnvironmentTypes', () => {
  it('returns the defaults for every type when nothing is configured', () => {
    const types = resolveEnvironmentTypes(undefined);
    expect(types.map(t => t.type)).toEqual(['development', 'preview', 'staging', 'production']);
    expect(types.find(t => t.type === 'development')).toEqual({
      type: 'development',
      ...DEFAULT_ENVIRONMENT_TYPES.development,
      maxQuota: { cpu: '16', memory: '32Gi', pods: 80 },
      serviceTypes: ['ClusterIP'],
    });
    expect(types.find(t => t.type === 'production')?.ttlDays).toBeUndefined();
  });

  it('merges configured values over the defaults, quota field by field', () => {
    const [dev] = resolveEnvironmentTypes({ development: { ttlDays: 2, quota: { cpu: '1' } } });
    expect(dev).toEqual({
      type: 'development',
      ttlDays: 2,
      maxTtlDays: 30,
      leadMaxTtlDays: 90,
      quota: { cpu: '1', memory: '8Gi', pods: 20 },
      maxQuota: { cpu: '4', memory: '32Gi', pods: 80 },
      containerDefaults: DEFAULT_CONTAINER_DEFAULTS,
      serviceTypes: ['ClusterIP'],
    });
  });

  it('takes the service types a type allows, and refuses unknown ones', () => {
    const types = resolveEnvironmentTypes({ staging: { serviceTypes: ['ClusterIP', 'LoadBalancer'] } });
    expect(types.find(t => t.type === 'staging')?.serviceTypes).toEqual(['ClusterIP', 'LoadBalancer']);
    expect(() => resolveEnvironmentTypes({ staging: { serviceTypes: ['Public'] } })).toThrow(/slipway.environments.types.staging.serviceTypes.0/);
  });

  it('bounds a lead’s TTL at a year and above the developers’ maximum', () => {
    expect(() => resolveEnvironmentTypes({ staging: { leadMaxTtlDays: 400 } })).toThrow(/slipway.environments.types.staging.leadMaxTtlDays/);
    expect(() => resolveEnvironmentTypes({ staging: { maxTtlDays: 100, leadMaxTtlDays: 60 } })).toThrow(/maxTtlDays must not be greater than leadMaxTtlDays/);
  });

  it('gives every type the golden path container defaults, overridable field by field', () => {
    expect(DEFAULT_CONTAINER_DEFAULTS).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    const types = resolveEnvironmentTypes({ staging: { containerDefaults: { limits: { memory: '2Gi' } } } });
    expect(types.find(t => t.type === 'development')?.containerDefaults).toEqual(DEFAULT_CONTAINER_DEFAULTS);
    expect(types.find(t => t.type === 'staging')?.containerDefaults).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });

  it('refuses a TTL on production, which never expires', () => {
    expect(() => resolveEnvironmentTypes({ production: { ttlDays: 7 } })).toThrow(/production environments never expire; remove ttlDays/);
  });

  it('names the config key of every problem', () => {
    let error: unknown;
    try {
      resolveEnvironmentTypes({ qa: {}, staging: { ttlDays: 100, quota: { memory: 'lots' } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentTypeConfigError);
    const { problems } = error as EnvironmentTypeConfigError;
    expect(problems).toContain('slipway.environments.types.qa: unknown type; use one of development, preview, staging, production');
    expect(problems).toEqual(
      expect.arrayContaining([
        'slipway.environments.types.staging.quota.memory: must be a Kubernetes quantity such as 500m, 4 or 8Gi',
        'slipway.environments.types.staging.ttlDays: ttlDays must not be greater than maxTtlDays',
      ]),
    );
  });

  it('sets each type’s maxQuota, by default 4× its quota, and refuses one below the quota', () => {
    const types = resolveEnvironmentTypes({ staging: { quota: { cpu: '500m' }, maxQuota: { memory: '100Gi' } } });
    expect(types.find(t => t.type === 'staging')?.maxQuota).toEqual({ cpu: '2', memory: '100Gi', pods: 160 });
    expect(types.find(t => t.type === 'production')?.maxQuota).toEqual({ cpu: '128', memory: '256Gi', pods: 800 });
    expect(() => resolveEnvironmentTypes({ staging: { maxQuota: { cpu: '4' } } })).toThrow(
      'slipway.environments.types.staging.maxQuota.cpu: must not be below quota.cpu (8)',
    );
    expect(() => resolveEnvironmentTypes({ preview: { maxQuota: { pods: 5 } } })).toThrow(/types.preview.maxQuota.pods: must not be below quota.pods \(10\)/);
    expect(() => resolveEnvironmentTypes({ preview: { maxQuota: { memory: 'much' } } })).toThrow(/types.preview.maxQuota.memory: must be a Kubernetes quantity/);
  });

  it('computes the default maximum in Kubernetes units', () => {
    expect(defaultMaxQuota({ cpu: '750m', memory: '1536Mi', pods: 3 })).toEqual({ cpu: '3', memory: '6Gi', pods: 12 });
    expect(maxQuotaOf({ quota: { cpu: '1', memory: '1Gi', pods: 1 } })).toEqual({ cpu: '4', memory: '4Gi', pods: 4 });
  });
});
