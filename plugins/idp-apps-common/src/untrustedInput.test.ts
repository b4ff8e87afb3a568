/*
 * A property test: whatever a developer (or an attacker) sends as expert YAML, a Score file or a
 * request body, the parsers answer with a result (field errors at worst), never an exception,
 * and in bounded time. A few thousand random and mutated inputs from a seeded generator, so a
 * failure is reproducible: it names the seed and the case.
 */
import { parse, stringify } from 'yaml';
import { APP_TYPES } from './appSpec';
import { YAML_LIMITS, parseManifestsYaml } from './expertYaml';
import { evaluateGuardRails } from './guardRails';
import { appPreviewRequestSchema, scoreImportRequestSchema } from './previewApi';
import { renderApp, renderYaml } from './render';
import { importScore } from './score';

jest.setTimeout(300_000);

const SEED = 0x5eed_2024;

/** mulberry32: small, fast and good enough to explore inputs; the same seed gives the same cases. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T,>(list: readonly T[]): T => list[int(list.length)],
    chance: (p: number) => next() < p,
    /** Mostly small, sometimes large: 1 to max, evenly spread over orders of magnitude. */
    size: (max: number) => Math.max(1, Math.floor(Math.exp(next() * Math.log(max)))),
  };
}
type Random = ReturnType<typeof generator>;

const VALID_MANIFESTS = [
  renderYaml(renderApp({ name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1.0.0', port: 8080 }, { team: 'team-a', environment: 'dev', environmentType: 'development' })),
  renderYaml(renderApp({ name: 'nightly', team: 'team-a', type: 'cron', image: 'registry.example.com/team-a/nightly:2.1.0', schedule: '0 3 * * *' }, { team: 'team-a', environment: 'prod', environmentType: 'production' })),
];
const VALID_SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: user-service
containers:
  main:
    image: registry.example.com/team-a/user-service:1.4.2
    variables:
      LOG_LEVEL: info
      DATABASE_URL: \${resources.db.url}
    resources:
      requests: {cpu: 250m, memory: 256Mi}
      limits: {cpu: "1", memory: 512Mi}
    livenessProbe:
      httpGet: {path: /alive, port: 8080}
service:
  ports:
    www: {port: 80, targetPort: 8080}
resources:
  db: {type: postgres}
`;
const VALID_TEXTS = [...VALID_MANIFESTS, VALID_SCORE];

// Pieces YAML gives a meaning, and values that have broken parsers before.
const FRAGMENTS = [
  ...'-:?[]{},&*!|>\'"#%@`~ \t\n\r\\'.split(''),
  '- ', ': ', '? ', '---\n', '...\n', '&a ', '*a', '&b ', '*b', '!!str ', '!!binary ', '!!set ', '!custom ', '<<: ', '%YAML 1.1\n', '%TAG ! tag:x,2000:\n',
  'apiVersion: v1', 'apiVersion: apps/v1', 'kind: Deployment', 'kind: Service', 'metadata:', 'name: x', 'namespace: team-a-dev', 'spec:', 'containers:', 'image: ',
  'score.dev/v1b1', 'toString', '__proto__', 'valueOf', 'constructor', 'null', '~', 'true', 'NO', '.inf', '-.inf', '.nan', '1e999', '-0', '0x1F', '0o17', '1_000',
  '9'.repeat(400), '€', '😀', '\u0000', '\u0007', '\uFEFF', '\uD800', '\u2028', 'x', 'abc', '  ', '    ', '\n  ', '\n    - ', '|\n  text\n', '>-\n  folded\n',
];

function randomText(random: Random, pieces = random.size(400)): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += random.pick(FRAGMENTS);
  return text;
}

function mutate(random: Random, base: string): string {
  let text = base;
  for (let round = random.size(8); round > 0; round--) {
    const at = random.int(text.length + 1);
    const to = Math.min(text.length, at + random.size(200));
    switch (random.int(7)) {
      case 0: // truncated, as a paste cut short
        text = text.slice(0, at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(to);
        break;
      case 2:
        text = text.slice(0, at) + randomText(random, random.size(10)) + text.slice(at);
        break;
      case 3:
        text = text.slice(0, at) + text.slice(at, to).repeat(random.size(20)) + text.slice(at);
        break;
      case 4:
        text = text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at + 1);
        break;
      case 5: {
        const lines = text.split('\n');
        const [a, b] = [random.int(lines.length), random.int(lines.length)];
        [lines[a], lines[b]] = [lines[b], lines[a]];
        text = lines.join('\n');
        break;
      }
      default: {
        const lines = text.split('\n');
        const line = random.int(lines.length);
        lines[line] = ' '.repeat(random.int(12)) + lines[line].trimStart();
        text = lines.join('\n');
      }
    }
  }
  return text;
}

function deeplyNested(random: Random): string {
  const depth = random.size(20_000);
  switch (random.int(5)) {
    case 0:
      return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    case 1:
      return `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
    case 2:
      return `${'- '.repeat(depth)}x\n`;
    case 3:
      return Array.from({ length: Math.min(depth, 600) }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    default:
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  nested: ${'['.repeat(depth)}`;
  }
}

function aliasBomb(random: Random): string {
  const levels = 2 + random.int(12);
  const fanout = 2 + random.int(12);
  const lines = ['l0: &l0 "lol"'];
  for (let level = 1; level < levels; level++) lines.push(`l${level}: &l${level} [${Array(fanout).fill(`*l${level - 1}`).join(', ')}]`);
  const bomb = lines.join('\n');
  return random.chance(0.5) ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ${bomb.replace(/\n/g, '\n  ')}\n` : bomb;
}

function hugeNumber(random: Random): string {
  const digits = '9'.repeat(random.size(100_000));
  const number = random.pick([digits, `-${digits}`, `1e${digits.slice(0, 6)}`, `0.${digits}`, `0x${'f'.repeat(random.size(10_000))}`, `${digits}.${digits}e-${digits.slice(0, 4)}`]);
  return random.pick([
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: ${number}\n`,
    VALID_SCORE.replace('cpu: 250m', `cpu: ${number}`).replace('targetPort: 8080', `targetPort: ${number}`),
    number,
  ]);
}

/** Just under 256 KiB: a fragment repeated, many manifests, or the slowest to read, many maps of many small entries. */
function fullSize(random: Random): string {
  const fill = (text: string) => text.repeat(Math.ceil(YAML_LIMITS.maxBytes / text.length)).slice(0, YAML_LIMITS.maxBytes - 64);
  const maps = Array.from({ length: 100 }, (_, m) => `  m${m}:\n${Array.from({ length: 900 }, (__, k) => `    k${k}: v`).join('\n')}\n`).join('');
  return random.pick([
    () => fill(random.pick(FRAGMENTS)),
    () => fill(`${random.pick(VALID_MANIFESTS)}---\n`),
    () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n${maps}`.slice(0, YAML_LIMITS.maxBytes - 64),
    () => mutate(random, fill(`${random.pick(VALID_TEXTS)}\n`)),
  ])();
}

const WRONG_VALUES: unknown[] = ['', 'x', 'x'.repeat(10_000), 0, -1, 1.5, 1e308, -1e308, true, false, null, [], {}, [[[]]], { a: { b: { c: [1, 'x', null] } } }, ['x', 1], { toString: 'x' }, JSON.parse('{"__proto__": "x"}')];

function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...children.flatMap(([key, child]) => paths(child, [...at, key]))];
}

/** A valid manifest or Score file with one field (anywhere) of the wrong type. */
function wrongType(random: Random): string {
  const objects: unknown[] = [...VALID_MANIFESTS.flatMap(text => text.split(/^---$/m)), VALID_SCORE].map(text => parse(text));
  const object = random.pick(objects);
  const path = random.pick(paths(object).filter(p => p.length > 0));
  let parent = object as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = random.pick(WRONG_VALUES);
  return stringify(object);
}

/** Request bodies: every field missing, of the wrong type, or carrying one of the texts. */
function randomBody(random: Random, text: string): Record<string, unknown> {
  const anything = (): unknown => {
    const depth = random.chance(0.1) ? random.size(5000) : random.int(4);
    let value: unknown = random.pick([...WRONG_VALUES, text]);
    for (let i = 0; i < depth; i++) value = random.chance(0.5) ? [value] : { spec: value };
    return value;
  };
  const body: Record<string, unknown> = {};
  for (const key of ['spec', 'environment', 'expertYaml', 'score', 'team', 'type', 'schedule']) {
    if (random.chance(0.2)) continue;
    const plausible: Record<string, () => unknown> = {
      type: () => random.pick([...APP_TYPES, 'job']),
      spec: () => ({ name: 'web', team: 'team-a', nested: anything() }),
    };
    body[key] = random.chance(0.5) ? anything() : (plausible[key] ?? (() => text))();
  }
  return body;
}

// Up to 256 KiB is read; the yaml library needs about a microsecond or two per token, so a full-size text of tiny tokens takes up to a
// second. The budget is a few times that, for a busy CI machine: it is there to catch work that grows faster than the text (minutes).
const budgetMs = (text: string) => 2000 + (text.length / 1024) * 40;

function timed<T>(what: string, input: string, run: () => T): T {
  const started = Date.now();
  let result: T;
  try {
    result = run();
  } catch (error) {
    throw new Error(`${what} threw ${String(error)} on input ${JSON.stringify(input.slice(0, 300))}${input.length > 300 ? `… (${input.length} chars)` : ''}`);
  }
  const elapsed = Date.now() - started;
  if (elapsed > budgetMs(input)) throw new Error(`${what} took ${elapsed} ms on ${input.length} chars: ${JSON.stringify(input.slice(0, 300))}`);
  return result;
}

function expectFieldErrors(errors: { field: unknown; message: unknown }[], fieldPrefix?: RegExp) {
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(YAML_LIMITS.maxErrors + 1);
  for (const error of errors) {
    expect(typeof error.field).toBe('string');
    expect(typeof error.message).toBe('string');
    expect((error.message as string).length).toBeGreaterThan(0);
    expect((error.message as string).length).toBeLessThanOrEqual(501);
    if (fieldPrefix) expect(error.field).toMatch(fieldPrefix);
  }
}

function check(random: Random, text: string) {
  const parsed = timed('parseManifestsYaml', text, () => parseManifestsYaml(text));
  if (parsed.success) {
    expect(parsed.manifests.length).toBeGreaterThan(0);
    // What the preview does next with them: judge and render.
    timed('evaluateGuardRails', text, () => evaluateGuardRails(parsed.manifests, { environmentType: random.pick(['development', 'production'] as const) }));
    timed('renderYaml', text, () => renderYaml(parsed.manifests));
  } else expectFieldErrors(parsed.errors, /^documents/);

  const type = random.pick(APP_TYPES);
  const imported = timed('importScore', text, () => importScore(text, { team: random.pick(['team-a', '', 'Team A', 'x'.repeat(300)]), type, ...(type === 'cron' ? { schedule: random.pick(['0 3 * * *', 'never']) } : {}) }));
  if (!imported.success) expectFieldErrors(imported.errors);

  const body = randomBody(random, text);
  timed('appPreviewRequestSchema', text, () => appPreviewRequestSchema.safeParse(body));
  timed('scoreImportRequestSchema', text, () => scoreImportRequestSchema.safeParse(body));
  timed('appPreviewRequestSchema', text, () => appPreviewRequestSchema.safeParse({ spec: {}, expertYaml: text }));
}

describe('untrusted input never throws and finishes quickly', () => {
  const cases: [string, number, (random: Random) => string][] = [
    ['random text', 1500, random => randomText(random)],
    ['mutated valid YAML', 1000, random => mutate(random, random.pick(VALID_TEXTS))],
    ['deeply nested lists and maps', 200, deeplyNested],
    ['alias bombs', 150, aliasBomb],
    ['huge numbers', 150, hugeNumber],
    ['a wrong type in any field', 800, wrongType],
    ['full-size texts', 12, fullSize],
  ];
  for (const [name, count, make] of cases) {
    it(`${name} (${count} cases)`, () => {
      expect.hasAssertions();
      const random = generator(SEED + name.length * 7919);
      for (let i = 0; i < count; i++) {
        const text = make(random);
        try {
          check(random, text);
        } catch (error) {
          throw new Error(`seed ${SEED}, ${name} #${i}: ${(error as Error).message}`);
        }
      }
    });
  }

  it('refuses an over-limit expert YAML in the request, and a Score file over 256 KiB', () => {
    const preview = appPreviewRequestSchema.safeParse({ spec: {}, expertYaml: `a: &a x\nb: [${Array(120).fill('*a').join(', ')}]\n` });
    expect(preview.success).toBe(false);
    expect(preview.error?.issues).toEqual([expect.objectContaining({ path: ['expertYaml', expect.stringMatching(/^documents/)], message: expect.stringMatching(/aliases/) })]);
    const score = scoreImportRequestSchema.safeParse({ score: 'x'.repeat(YAML_LIMITS.maxBytes + 1), team: 'team-a', type: 'web' });
    expect(score.error?.issues).toEqual([expect.objectContaining({ path: ['score'], message: 'The Score file is 257 KiB; Slipway reads at most 256 KiB' })]);
    const deep = appPreviewRequestSchema.safeParse({ spec: JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) });
    expect(deep.error?.issues).toEqual([expect.objectContaining({ path: ['spec'], message: expect.stringMatching(/nests deeper than 16 levels/) })]);
    // Mistakes within the limits are the preview's to report, as field errors of a 200 answer.
    expect(appPreviewRequestSchema.safeParse({ spec: {}, expertYaml: 'kind: [unclosed\n' }).success).toBe(true);
  });
});
