import { stringify } from 'yaml';
import { manifestYaml } from './manifestYaml';

// What renderYaml wrote with yaml's stringify before manifestYaml: the reference, byte for byte.
const viaYaml = (value: unknown) => stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });

const TEXTS = [
  'user-service', 'registry.example.com/team-a/web:1.4.2', 'https://api.example.com', '/var/cache/app', 'slipway.dev/app', 'a b c', 'x:y', 'C:\\dir',
  // plain-looking text that reads back as another type
  '', '8080', '-1', '+1', '0o17', '0x1F', '1.5', '.5', '1e3', '1E+3', '.inf', '-.Inf', '.nan', 'true', 'False', 'TRUE', 'null', 'Null', 'NULL', '~', 'yes', 'on',
  // characters that need quotes
  'a: b', 'ends:', 'ends ', ' starts', '#comment', 'a #b', 'a#b', '- item', '-', '?', '? x', '?x', '-x', ':x', ',x', '[x]', '{x}', '&anchor', '*alias', '!tag', '|x', '>x',
  '%x', '@x', '`x', "'quoted'", '"quoted"', `it's`, 'say "hi"', `both ' and "`, 'back\\slash', '---', '--- x', '...', '... x', '*/15 * * * *', '@hourly',
  // left to yaml: escapes, newlines, non-ASCII, very long text
  'tab\there', 'multi\nline', 'trailing\n', 'héllo', 'emoji 🚀', '\u0000', 'a'.repeat(499), 'b'.repeat(501), '"'.repeat(300),
];

describe('manifestYaml writes what yaml writes', () => {
  it.each(TEXTS.map(text => [JSON.stringify(text).slice(0, 40), text]))('text %s as a value, a key and an item', (_, text) => {
    for (const value of [{ key: text }, { [text]: 'value' }, { list: [text, { [text]: text }] }, { nested: { deeper: { [text]: [text] } } }]) {
      expect(manifestYaml(value)).toBe(viaYaml(value));
    }
  });

  it.each([0, 7, -3, 8080, 2 ** 53 - 1, 2 ** 53, 1e21, -0, 0.5, 1.5e-7, NaN, Infinity, -Infinity, true, false, null])('the scalar %p', value => {
    expect(manifestYaml({ value, list: [value] })).toBe(viaYaml({ value, list: [value] }));
  });

  it('collections: empty, nested, in lists, lists of lists, undefined left out', () => {
    const values: object[] = [
      {},
      { empty: {}, none: [], list: [{}, [], { a: [] }], deep: { a: { b: { c: [1, [2, [3, {}]]] } } } },
      { items: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090, extra: { a: 1 } }] },
      { skipped: undefined, kept: 1, inner: { only: undefined }, list: [1, undefined, 2] },
      { nulls: { a: null, b: null } },
      Object.assign(Object.create(null), { bare: 'object' }),
      { date: new Date(0) },
      { custom: { toJSON: () => 'custom' } },
      { map: new Map([['a', 1]]) },
      { iterable: { [Symbol.iterator]: function* items() { yield 'a'; } } },
      [1, 2],
    ];
    for (const value of values) expect(manifestYaml(value)).toBe(viaYaml(value));
  });

  it('a rendered-like manifest, with labels and a pod template', () => {
    const labels = { 'app.kubernetes.io/name': 'web', 'slipway.dev/team': 'team-a', 'slipway.dev/environment': 'staging' };
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a-staging', labels },
      spec: {
        replicas: 3,
        selector: { matchLabels: { 'slipway.dev/app': 'web' } },
        template: {
          metadata: { labels, annotations: { 'slipway.dev/config-hash': '00ab12cd' } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{ name: 'web', image: 'registry.example.com/team-a/web:1.4.2', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'PORT', value: '8080' }] }],
            volumes: [{ name: 'slipway-tmp', emptyDir: {} }],
          },
        },
      },
    };
    expect(manifestYaml(manifest)).toBe(viaYaml(manifest));
  });
});
