import { YAML_LIMITS, parseManifestsYaml } from './expertYaml';
import { evaluateGuardRails } from './guardRails';
import { renderApp, renderYaml } from './render';

const manifests = renderApp(
  { name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1.0.0', port: 8080 },
  { team: 'team-a', environment: 'dev', environmentType: 'development' },
);

describe('parseManifestsYaml', () => {
  it('reads rendered YAML back unchanged', () => {
    expect(parseManifestsYaml(renderYaml(manifests))).toEqual({ success: true, manifests });
  });

  it('lets the guard rails judge an expert edit', () => {
    const edited = renderYaml(manifests).replace('web:1.0.0', 'web:latest').replace('runAsNonRoot: true', 'runAsNonRoot: false');
    const parsed = parseManifestsYaml(edited);
    if (!parsed.success) throw new Error('expected valid YAML');
    const result = evaluateGuardRails(parsed.manifests, { environmentType: 'development' });
    expect(result.violations.map(v => v.ruleId)).toEqual(['pod-security-restricted', 'image-tag-pinned']);
  });

  it('names the document and the fix', () => {
    expect(parseManifestsYaml('kind: Deployment\nmetadata: {}\n---\n- a\n')).toEqual({
      success: false,
      errors: [
        { field: 'documents[0].apiVersion', message: "Give the object's apiVersion, e.g. apps/v1" },
        { field: 'documents[0].metadata.name', message: 'Give the object a name under metadata.name' },
        { field: 'documents[1]', message: 'Each document must be one Kubernetes object with apiVersion, kind and metadata; this one is a list' },
      ],
    });
    expect(parseManifestsYaml('kind: [unclosed\n')).toEqual({ success: false, errors: [{ field: 'documents[0]', message: expect.stringMatching(/^Line \d+: .*; fix the YAML syntax$/) }] });
    expect(parseManifestsYaml('')).toEqual({ success: false, errors: [{ field: 'documents', message: 'Give at least one Kubernetes object' }] });
  });

  it('names the document of each problem, whatever its shape', () => {
    const object = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    expect(parseManifestsYaml(`${object('a')}---\nplain text\n---\n42\n---\nkind: ConfigMap\nmetadata: just-a-name\n`)).toEqual({
      success: false,
      errors: [
        { field: 'documents[1]', message: expect.stringMatching(/this one is text$/) },
        { field: 'documents[2]', message: expect.stringMatching(/this one is a number$/) },
        { field: 'documents[3].apiVersion', message: expect.any(String) },
        { field: 'documents[3].metadata', message: 'Give the object metadata with its name, e.g. metadata: {name: web}' },
      ],
    });
    expect(parseManifestsYaml(`${object('a')}---\n${object('b')}  labels: {a: 1, a: 2}\n---\n${object('c')}  "toString": x\n`)).toEqual({
      success: false,
      errors: [
        { field: 'documents[1]', message: 'Line 10: Map keys must be unique; remove or rename the repeated key' },
        { field: 'documents[2].metadata.toString', message: expect.stringContaining('JavaScript reserves') },
      ],
    });
  });

  it('reads plain data whatever the %YAML directive asks for', () => {
    const parsed = parseManifestsYaml('%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  when: 2001-12-14\n  set: !!set {x}\n');
    expect(parsed).toEqual({ success: true, manifests: [expect.objectContaining({ data: { when: '2001-12-14', set: { x: null } } })] });
  });

  it('lists at most 20 errors, then how many more', () => {
    const parsed = parseManifestsYaml(Array.from({ length: 30 }, () => 'apiVersion: v1\nkind: ConfigMap\n').join('---\n'));
    if (parsed.success) throw new Error('expected errors');
    expect(parsed.errors).toHaveLength(YAML_LIMITS.maxErrors + 1);
    expect(parsed.errors[19]).toEqual({ field: 'documents[19].metadata', message: expect.any(String) });
    expect(parsed.errors[20]).toEqual({ field: 'documents', message: '…and 10 more; fix the errors above first' });
    expect(parsed.overLimit).toBeUndefined();
  });

  describe('refuses text over the limits, quickly and without reading it all', () => {
    const refused = (text: string) => {
      const started = Date.now();
      const parsed = parseManifestsYaml(text);
      expect(Date.now() - started).toBeLessThan(3000);
      if (parsed.success) throw new Error('expected a refusal');
      expect(parsed.overLimit).toBe(true);
      expect(parsed.errors).toHaveLength(1);
      return parsed.errors[0];
    };
    const object = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';

    it('more than 256 KiB', () => {
      expect(refused(`${object}data:\n  big: "${'x'.repeat(256 * 1024)}"\n`)).toEqual({ field: 'documents', message: 'The YAML is 257 KiB; Slipway reads at most 256 KiB' });
      // Counted in UTF-8 bytes: 100 000 three-byte characters are over 292 KiB.
      expect(refused(`${object}data:\n  big: "${'€'.repeat(100_000)}"\n`).message).toMatch(/^The YAML is 294 KiB/);
      expect(parseManifestsYaml(`${object}data:\n  big: "${'x'.repeat(200 * 1024)}"\n`).success).toBe(true);
    });

    it('more than 50 documents', () => {
      expect(parseManifestsYaml(Array.from({ length: 50 }, () => object).join('---\n')).success).toBe(true);
      expect(refused(Array.from({ length: 51 }, () => object).join('---\n'))).toEqual({ field: 'documents', message: expect.stringMatching(/^More than 50 documents/) });
      expect(refused('---\n'.repeat(60_000)).field).toBe('documents');
    });

    it('alias bombs ("billion laughs") and too many aliases', () => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`);
      // 72 aliases that would expand to 9^9 strings.
      expect(refused(`${object}---\n${levels.join('\n')}\n`)).toEqual({ field: 'documents[1]', message: 'Its aliases (*name) expand to more than 100 copies; write the values out instead' });
      expect(refused(`${object}data: &d {a: "1"}\nx: [${Array(60).fill('*d').join(', ')}]\ny: &y [${Array(9).fill('*d').join(', ')}]\nz: [${Array(9).fill('*y').join(', ')}]\n`)).toEqual({
        field: 'documents[0]',
        message: 'Its aliases (*name) expand to more than 100 copies; write the values out instead',
      });
      expect(refused(`a: &a x\nb: [${Array(80_000).fill('*a').join(',')}]\n`).message).toMatch(/more than 100 aliases/);
    });

    it('an alias that refers to the list or map it is in', () => {
      for (const text of ['&a [*a]', 'a: &a {b: *a}', `${object}data: &d {x: [*d]}\n`]) {
        const parsed = parseManifestsYaml(text);
        expect(parsed.success).toBe(false);
        expect(parsed.success ? [] : parsed.errors.map(e => e.message)).toContain('An alias (*name) refers to the map or list it is in; write the values out instead');
      }
    });

    it('deep nesting, huge maps and lists, floods of anchors, tags, directives and syntax errors', () => {
      expect(refused('['.repeat(200_000)).message).toBe('Line 1: maps and lists nest more than 32 deep; Kubernetes objects are not that deep, so flatten it');
      expect(refused('- '.repeat(100_000)).message).toMatch(/nest more than 32 deep/);
      expect(refused(Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n')).message).toMatch(/^Line 34: maps and lists nest/);
      expect(parseManifestsYaml(`${object}data:\n${Array.from({ length: 1000 }, (_, i) => `  k${i}: v`).join('\n')}\n`).success).toBe(true);
      expect(refused(`${object}data:\n${Array.from({ length: 1001 }, (_, i) => `  k${i}: v`).join('\n')}\n`).message).toMatch(/^Line 1006: a map or list has more than 1000 entries/);
      expect(refused(`[${', '.repeat(100_000)}]`).message).toMatch(/more than 10000 commas, colons, comments or blank lines in a row/);
      expect(refused('&a '.repeat(80_000)).message).toMatch(/more than 100 anchors/);
      expect(refused('!t '.repeat(80_000)).message).toMatch(/more than 100 tags/);
      expect(refused('%FOO\n'.repeat(50_000)).message).toMatch(/more than 10 directives/);
      expect(refused(']'.repeat(200_000)).message).toMatch(/^Line 1: Unexpected flow-seq-end token in YAML document, and more than 100 other syntax errors after it/);
    });
  });
});
