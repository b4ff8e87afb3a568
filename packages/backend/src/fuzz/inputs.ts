/*
 * Generated input for the fuzz test of the public API (publicApi.fuzz.test.ts): random JSON values,
 * mutations of valid bodies, hostile YAML and Score files. Everything is drawn from one seeded PRNG,
 * so a failing input is reproduced by running again with the seed the test prints.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    chance: p => next() < p,
    pick: <T>(items: readonly T[]) => items[int(items.length)],
  };
}

export interface Random {
  next(): number;
  /** 0 ≤ n < below. */
  int(below: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** Numbers at the edges of what JSON, JavaScript and Kubernetes quantities accept. */
const EDGE_NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 7, 31, 365, 1e21, -1e21, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 2 ** 64, 1.0000000000000002];

/** Strings that have broken parsers, regexes, quantity parsers and templating before. */
const EDGE_STRINGS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e999',
  '0x1F',
  '1_000',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '%2e%2e%2f',
  // As a path segment, URL parsing resolves these: a name of '..' would address the namespace.
  '.',
  '..',
  '<script>alert(1)</script>',
  '${{ parameters.name }}',
  '{{ 7*7 }}',
  "'; DROP TABLE audit_entries; --",
  'a\u0000b',
  '\u202egnp.exe',
  'ﬁ',
  'İ',
  '🚀🚀🚀',
  '\ud800',
  'team-a',
  'team-b',
  'production',
  'development',
  'kube-system',
  'default',
  'system:masters',
  '-leading-dash',
  'UPPER',
  'a'.repeat(63),
  'a'.repeat(64),
  'a'.repeat(254),
  '1500m',
  '16Gi',
  '99999999999999999999Gi',
  '1e3',
  '0.0001m',
  '2026-02-30',
  '2026-13',
  '9999-12-31',
  '2026-12-01T10:00:00Z',
  '7d',
  '0h',
  '1h,1d',
  '*/5 * * * *',
  '61 25 * * *',
  'registry.example.com/team-a/app:1.0',
  `image@sha256:${'0'.repeat(64)}`,
  'secret/db/password',
  'env/../../x',
];

const KEYS = ['__proto__', 'constructor', 'prototype', 'name', 'team', 'type', 'spec', 'value', 'a', '', ' ', '$ref', 'metadata', 'toString', 'ttlDays', '0', '🔑'];

/** A string of `length`, drawn from ASCII, control characters, or the astral plane. */
function randomString(random: Random, length: number): string {
  const alphabet = random.pick(['ascii', 'label', 'unicode', 'control'] as const);
  let text = '';
  for (let i = 0; i < length; i++) {
    if (alphabet === 'label') text += 'abcdefghijklmnopqrstuvwxyz0123456789-.'[random.int(38)];
    else if (alphabet === 'ascii') text += String.fromCharCode(32 + random.int(95));
    else if (alphabet === 'control') text += String.fromCharCode(random.int(32));
    else text += String.fromCodePoint(random.chance(0.3) ? 0x1f300 + random.int(500) : 0xa0 + random.int(0x2000));
  }
  return text;
}

export function randomText(random: Random): string {
  const roll = random.next();
  if (roll < 0.45) return random.pick(EDGE_STRINGS);
  if (roll < 0.9) return randomString(random, random.int(40));
  // Huge: over every field's limit, under the body parsers' (1–2 MB) most of the time.
  return randomString(random, random.pick([300, 5_000, 70_000, 300_000]));
}

export function randomNumber(random: Random): number {
  return random.chance(0.6) ? random.pick(EDGE_NUMBERS) : (random.next() - 0.5) * 10 ** random.int(12);
}

/** Any JSON value, nesting at most `depth` more levels. */
export function randomJson(random: Random, depth = 3): unknown {
  const roll = random.int(depth > 0 ? 8 : 5);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return randomNumber(random);
    case 3:
    case 4:
      return randomText(random);
    case 5:
    case 6: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(5); i > 0; i--) {
        const key = random.chance(0.7) ? random.pick(KEYS) : randomString(random, 1 + random.int(10));
        // defineProperty, so "__proto__" is an own key as JSON.parse would make it, not the prototype.
        Object.defineProperty(object, key, { value: randomJson(random, depth - 1), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    default:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth - 1));
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` `levels` deep, as JSON text (JSON.stringify would recurse as deep). */
export function deeplyNestedJson(levels: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Every path to a value inside `value` (objects and arrays), the root included as []. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

/**
 * A valid body changed in one to three places: a value replaced (wrong type, edge value, huge,
 * nested), a key removed or added (prototype-pollution keys included).
 */
export function mutate(random: Random, valid: unknown): unknown {
  let body = clone(valid);
  for (let n = 1 + random.int(3); n > 0; n--) {
    const path = random.pick(pathsOf(body));
    const roll = random.int(6);
    if (path.length === 0) {
      if (roll === 0) body = randomJson(random, 2);
      else if (body && typeof body === 'object' && !Array.isArray(body)) addKey(random, body as Record<string, unknown>);
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((at, key) => at[key], body);
    const key = path[path.length - 1];
    const value = parent[key];
    // defineProperty: an own "__proto__" key is replaced as a value, never as the prototype.
    const set = (next: unknown) => Object.defineProperty(parent, key, { value: next, enumerable: true, writable: true, configurable: true });
    if (roll === 0 && !Array.isArray(parent)) delete parent[key];
    else if (roll === 1 && value && typeof value === 'object' && !Array.isArray(value)) addKey(random, value);
    else if (roll === 2) {
      const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
      set(random.pick([text, Number(text), [value], { value }, null, true]));
    } else set(randomJson(random, 2));
  }
  return body;
}

/** What a prototype-pollution attempt sets (a Map: in an object literal "__proto__" would set the prototype itself). */
const POLLUTERS = new Map<string, unknown>([
  ['constructor', { prototype: { polluted: true } }],
  ['__proto__', { polluted: true, isPlatformAdmin: true }],
]);

function addKey(random: Random, object: Record<string, unknown>) {
  const key = random.pick(['__proto__', 'constructor', 'prototype', 'extra', randomString(random, 8)]);
  // A copy: the same object in two places (or two inputs) would let a later mutation make a cycle.
  const value = POLLUTERS.has(key) ? clone(POLLUTERS.get(key)) : randomJson(random, 2);
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A valid golden-path Deployment as expert YAML, to mutate. */
export const VALID_EXPERT_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: user-service
  labels:
    app.kubernetes.io/name: user-service
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: user-service
  template:
    metadata:
      labels:
        app.kubernetes.io/name: user-service
    spec:
      containers:
        - name: user-service
          image: registry.example.com/team-a/user-service:1.4.2
          ports:
            - containerPort: 8080
`;

/** YAML built to hurt a reader: alias bombs, deep nesting, many or huge documents, custom tags, bad syntax. */
export function hostileYaml(random: Random): string {
  switch (random.int(10)) {
    case 0: {
      // Billion laughs: each level 9 aliases of the last.
      const levels = 3 + random.int(7);
      const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(',')}]`);
      return lines.join('\n');
    }
    case 1:
      return '['.repeat(500 + random.int(5000)) + ']'.repeat(10);
    case 2:
      return Array.from({ length: 50 + random.int(2000) }, (_, i) => `kind: ConfigMap\napiVersion: v1\nmetadata: {name: c${i}}`).join('\n---\n');
    case 3:
      return `kind: ConfigMap\napiVersion: v1\nmetadata: {name: big}\ndata:\n  v: "${'x'.repeat(random.pick([1_000, 200_000, 300_000]))}"`;
    case 4:
      return random.pick(['!!js/function "function(){ return 1 }"', '!!binary "AAAA"', 'x: !!python/object/apply:os.system ["id"]', 'a: !custom {b: 1}', '%YAML 9.9\n---\na: 1', '!!set {a, b}', 'a: !!timestamp not-a-time']);
    case 5:
      return random.pick(['a: [1, 2', '\t- tab', '? [a]\n: b', '&a [*a]', 'a: *undefined', '{{ x }}', ': :', '- - - -', '"unterminated', '\ufeff---\n...', '---\n---\n---']);
    case 6:
      return VALID_EXPERT_YAML.replace(random.pick(['2', 'user-service', '8080', 'Deployment', 'apps/v1', 'containers']), randomText(random).replace(/\n/g, ' '));
    case 7:
      return `${VALID_EXPERT_YAML}\n---\n${random.pick([`apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {type: LoadBalancer, externalIPs: [1.2.3.4]}`, `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\nroleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}\nsubjects: [{kind: Group, name: system:authenticated}]`, `apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}`, `kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: slipway-default-deny}\nspec: {podSelector: {}}`])}`;
    case 8:
      return JSON.stringify(randomJson(random, 3));
    default:
      return randomText(random);
  }
}

/** A valid score.dev/v1b1 workload, to mutate. */
export const VALID_SCORE = {
  apiVersion: 'score.dev/v1b1',
  metadata: { name: 'user-service' },
  containers: { main: { image: 'registry.example.com/team-a/user-service:1.4.2', variables: { LOG_LEVEL: 'info' }, resources: { requests: { cpu: '100m', memory: '128Mi' } } } },
  service: { ports: { http: { port: 8080 } } },
};

/** A Score file: mutated from the valid one (as YAML or JSON text, both are YAML), or hostile YAML. */
export function scoreText(random: Random): string {
  if (random.chance(0.3)) return hostileYaml(random);
  const score = random.chance(0.8) ? mutate(random, VALID_SCORE) : VALID_SCORE;
  return random.chance(0.5) ? JSON.stringify(score) : toYaml(score);
}

/** Minimal block YAML for plain data (strings quoted as JSON, which YAML reads). */
function toYaml(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const lines = entries.map(([key, child]) => {
    const head = Array.isArray(value) ? `${indent}-` : `${indent}${JSON.stringify(key)}:`;
    const rendered = toYaml(child, `${indent}  `);
    return rendered.startsWith('\n') ? `${head}${rendered}` : `${head} ${rendered}`;
  });
  return `\n${lines.join('\n')}`;
}

/** Percent-encoding that keeps a lone surrogate as the bytes of one (%ED%A0%80): invalid UTF-8 a server must refuse. */
export function encode(text: string): string {
  return Array.from(text, ch => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

/** A path segment: usually valid-looking, sometimes hostile (encoded so it stays one segment). */
export function pathSegment(random: Random, valid: string): string {
  if (random.chance(0.5)) return encode(valid);
  const text = random.chance(0.5) ? random.pick(EDGE_STRINGS) : randomString(random, random.pick([1, 10, 63, 300]));
  // An empty segment would address another route (or none), not this endpoint's parameter.
  return text ? encode(text) : '%00';
}

/** A query string for `keys`: values of the right kind, edge values, repeated keys (arrays), nested keys (objects). */
export function randomQuery(random: Random, valid: Record<string, string>): string {
  const parts: string[] = [];
  const keys = Object.keys(valid);
  for (const key of keys) {
    const roll = random.int(8);
    if (roll === 0) continue;
    if (roll === 1) parts.push(`${key}=${encode(valid[key])}&${key}=${encode(randomText(random).slice(0, 500))}`);
    else if (roll === 2) parts.push(`${key}[${encode(random.pick(KEYS))}]=${encode(randomText(random).slice(0, 200))}`);
    else if (roll < 5) parts.push(`${key}=${encode(randomText(random).slice(0, 2000))}`);
    else parts.push(`${key}=${encode(valid[key])}`);
  }
  if (random.chance(0.2)) parts.push(`${encode(random.pick(KEYS))}=${encode(randomText(random).slice(0, 100))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
