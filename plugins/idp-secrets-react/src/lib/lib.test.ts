import { MAX_SECRET_BYTES } from '@internal/plugin-idp-secrets-common';
import { SecretDraft, draftProblems, writeRequestOf } from './editorProblems';
import { fieldProblems } from './errors';
import { BINARY_FILE_MESSAGE, keyOfFileName, readTextFile, textOfBytes } from './files';
import { parseSecretReference, shortRef } from './format';

const draft = (overrides: Partial<SecretDraft> = {}): SecretDraft => ({ creating: true, name: 'db', rows: [], remove: [], existingKeys: [], ...overrides });

describe('draftProblems', () => {
  it('accepts a complete draft and builds its request', () => {
    const d = draft({ rows: [{ key: 'url', value: 'postgres://db', replacing: false }] });
    expect(draftProblems(d)).toEqual({ name: undefined, keys: [undefined], form: undefined, blocked: false });
    expect(writeRequestOf(d)).toEqual({ set: { url: 'postgres://db' } });
    expect(writeRequestOf(draft({ creating: false, remove: ['old'] }))).toEqual({ remove: ['old'] });
  });

  it('names what is wrong with the name and keys, in the common schemas’ words', () => {
    const problems = draftProblems(draft({ name: 'DB', rows: [{ key: 'a b', value: 'x', replacing: false }, { key: 'tls.previous', value: 'x', replacing: false }] }));
    expect(problems.name).toMatch(/^Use lowercase letters, digits, dashes and dots/);
    expect(problems.keys[0]).toMatch(/^Use letters, digits, dashes, dots and underscores for a key/);
    expect(problems.keys[1]).toBe('Keys ending in .previous are kept by rotation; choose another name');
    expect(problems.blocked).toBe(true);
  });

  it('refuses a key twice, one set already, and one marked for removal', () => {
    const rows = [
      { key: 'a', value: 'x', replacing: false },
      { key: 'a', value: 'y', replacing: false },
      { key: 'b', value: 'x', replacing: false },
      { key: 'c', value: 'x', replacing: false },
      { key: 'd', value: 'x', replacing: true },
    ];
    const problems = draftProblems(draft({ creating: false, rows, remove: ['c'], existingKeys: ['b', 'c', 'd'] }));
    expect(problems.keys).toEqual([
      'a is in the list twice; keep one row',
      'a is in the list twice; keep one row',
      'b is already set; use Replace value above to change it',
      'c is marked for removal above; undo that and use Replace value instead',
      undefined,
    ]);
  });

  it('blocks saving while a field is empty or there is nothing to save, without calling it an error', () => {
    expect(draftProblems(draft())).toMatchObject({ blocked: true, form: undefined });
    expect(draftProblems(draft({ name: '', rows: [{ key: 'a', value: 'x', replacing: false }] }))).toMatchObject({ blocked: true, name: undefined });
    expect(draftProblems(draft({ rows: [{ key: 'a', value: '', replacing: false }] }))).toMatchObject({ blocked: true, keys: [undefined], form: undefined });
  });

  it('says when the values exceed what one secret holds', () => {
    const big = 'x'.repeat(MAX_SECRET_BYTES / 2 + 1);
    const problems = draftProblems(draft({ rows: [{ key: 'a', value: big, replacing: false }, { key: 'b', value: big, replacing: false }] }));
    expect(problems.form).toBe('The values take 901 KiB; a secret holds at most 900 KiB');
    expect(problems.blocked).toBe(true);
  });
});

describe('files', () => {
  const file = (content: BlobPart, name = 'tls.crt') => new File([content], name);

  it('reads UTF-8 text, multi-line and without a byte order mark', async () => {
    await expect(readTextFile(file('\uFEFF-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n'))).resolves.toBe('-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n');
    expect(textOfBytes(new TextEncoder().encode('{"a": "ü"}\r\n\t'))).toBe('{"a": "ü"}\r\n\t');
  });

  it('refuses binary: NUL and control bytes, invalid UTF-8', async () => {
    await expect(readTextFile(file(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00])))).rejects.toThrow(BINARY_FILE_MESSAGE);
    expect(textOfBytes(new Uint8Array([0x61, 0x00, 0x62]))).toBeUndefined();
    expect(textOfBytes(new Uint8Array([0xc3, 0x28]))).toBeUndefined();
  });

  it('refuses a file larger than a secret holds', async () => {
    await expect(readTextFile(file('x'.repeat(MAX_SECRET_BYTES + 1)))).rejects.toThrow('This file is 901 KiB; a secret holds at most 900 KiB');
  });

  it('names a key after a file when the name is a valid key', () => {
    expect(keyOfFileName('tls.crt')).toBe('tls.crt');
    expect(keyOfFileName('C:\\certs\\ca.pem')).toBe('ca.pem');
    expect(keyOfFileName('my key.txt')).toBeUndefined();
  });
});

describe('errors and format', () => {
  it('splits an InputError into its fields', () => {
    expect(fieldProblems('set.DB_URL: Give a value; rotation.graceHours: Give 0 hours or more; not a field')).toEqual({
      'set.DB_URL': 'Give a value',
      'rotation.graceHours': 'Give 0 hours or more',
    });
  });

  it('reads references and user refs', () => {
    expect(parseSecretReference('secret/db/url')).toEqual({ secret: 'db', key: 'url' });
    expect(parseSecretReference('secret/db')).toBeUndefined();
    expect(shortRef('user:default/alice')).toBe('alice');
    expect(shortRef('schedule')).toBe('schedule');
  });
});
