import { DEFAULT_GUARD_RAIL_SETTINGS, GuardRailConfigError, resolveGuardRailSettings } from './guardRailSettings';

describe('resolveGuardRailSettings', () => {
  it('defaults to registry.example.com/ and 3 production replicas', () => {
    expect(resolveGuardRailSettings(undefined)).toEqual({ allowedRegistries: ['registry.example.com/'], productionMinReplicas: 3 });
    expect(DEFAULT_GUARD_RAIL_SETTINGS).toEqual(resolveGuardRailSettings({}));
  });

  it('takes the configured values', () => {
    expect(resolveGuardRailSettings({ allowedRegistries: ['ghcr.io/myorg/', 'localhost:5000'], productionMinReplicas: 2 })).toEqual({
      allowedRegistries: ['ghcr.io/myorg/', 'localhost:5000'],
      productionMinReplicas: 2,
    });
  });

  it.each([
    [{ allowedRegistry: ['x/'] }, 'slipway.guardRails.allowedRegistry: unknown setting; use allowedRegistries, productionMinReplicas'],
    [{ allowedRegistries: [] }, 'slipway.guardRails.allowedRegistries: List at least one registry; with none, no image could ever be deployed'],
    [{ allowedRegistries: ['https://registry.example.com'] }, 'slipway.guardRails.allowedRegistries.0: Give a registry host and optional path without https://, e.g. registry.example.com/team-a/'],
    [{ allowedRegistries: 'registry.example.com/' }, 'slipway.guardRails.allowedRegistries: Give a list of registry prefixes, e.g. [registry.example.com/]'],
    [{ productionMinReplicas: 0 }, 'slipway.guardRails.productionMinReplicas: Use at least 1 replica'],
    [{ productionMinReplicas: 'three' }, 'slipway.guardRails.productionMinReplicas: Give a number of replicas, e.g. 3'],
    ['strict', 'slipway.guardRails: give an object with allowedRegistries, productionMinReplicas'],
  ])('names the wrong key in %p', (config, problem) => {
    const thrown = (() => {
      try {
        resolveGuardRailSettings(config);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(GuardRailConfigError);
    expect((thrown as GuardRailConfigError).problems).toEqual([problem]);
    expect((thrown as Error).message).toContain(problem);
  });
});
