import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS, MANAGED_BY, SLIPWAY_LABEL_PREFIX } from './labels';

describe('environment labels and annotations', () => {
  it('uses the slipway.dev prefix and the standard managed-by label', () => {
    expect(SLIPWAY_LABEL_PREFIX).toBe('slipway.dev/');
    expect(ENVIRONMENT_LABELS).toEqual({
      team: 'slipway.dev/team',
      environment: 'slipway.dev/environment',
      type: 'slipway.dev/type',
      managedBy: 'app.kubernetes.io/managed-by',
    });
    expect(MANAGED_BY).toBe('slipway');
  });

  it('keeps every annotation key unique and under slipway.dev', () => {
    const keys = Object.values(ENVIRONMENT_ANNOTATIONS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^slipway\.dev\/[a-z-]+$/);
  });
});
