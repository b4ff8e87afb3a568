import { canonicalManifests, canonicalValue } from './canonical';

const deployment = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team-a-prod', labels: { b: '2', a: '1' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'x:1' }] } } },
  ...extra,
});
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'team-a-prod' }, spec: { ports: [{ port: 80 }] } };

describe('canonicalManifests', () => {
  it('gives one text whatever the key order, recursively', () => {
    const reordered = {
      spec: { template: { spec: { containers: [{ image: 'x:1', name: 'web' }] } }, replicas: 2 },
      metadata: { labels: { a: '1', b: '2' }, namespace: 'team-a-prod', name: 'web' },
      kind: 'Deployment',
      apiVersion: 'apps/v1',
    };
    expect(canonicalManifests([deployment()])).toBe(canonicalManifests([reordered as any]));
    expect(canonicalManifests([deployment()])).toBe(
      '[{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"a":"1","b":"2"},"name":"web","namespace":"team-a-prod"},' +
        '"spec":{"replicas":2,"template":{"spec":{"containers":[{"image":"x:1","name":"web"}]}}}}]',
    );
  });

  it('sorts the objects by kind, namespace and name', () => {
    expect(canonicalManifests([service as any, deployment()])).toBe(canonicalManifests([deployment(), service as any]));
    expect(JSON.parse(canonicalManifests([service as any, deployment()])).map((m: { kind: string }) => m.kind)).toEqual(['Deployment', 'Service']);
  });

  it('drops undefined, empty maps and empty lists, which apply the same way as absent ones', () => {
    const withDefaults = deployment({ status: undefined, data: {} });
    (withDefaults.metadata as Record<string, unknown>).annotations = {};
    (withDefaults.spec.template.spec as Record<string, unknown>).volumes = [];
    expect(canonicalManifests([withDefaults])).toBe(canonicalManifests([deployment()]));
  });

  it('keeps every value that changes what is applied', () => {
    expect(canonicalManifests([deployment()])).not.toBe(canonicalManifests([deployment({ spec: { replicas: 3 } })]));
    expect(canonicalValue({ a: 0, b: false, c: '', d: null })).toEqual({ a: 0, b: false, c: '', d: null });
    // List order is meaningful (containers, ports, args): it is kept.
    expect(canonicalValue({ args: ['b', 'a'] })).toEqual({ args: ['b', 'a'] });
  });
});
