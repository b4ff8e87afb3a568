import { deleteSecretRequestSchema, generateSecretRequestSchema, generatedKeys, rotationPolicySchema, secretNameSchema, writeSecretRequestSchema } from './schemas';

const messages = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map(i => `${i.path.join('.')}: ${i.message}`);

describe('secret request schemas', () => {
  it('accepts a write of text keys and removals', () => {
    expect(writeSecretRequestSchema.safeParse({ set: { DATABASE_URL: 'postgres://x', 'tls.crt': '-----BEGIN\nabc\n-----END' }, remove: ['old'] }).success).toBe(true);
  });

  it('names every problem by field and never repeats a value', () => {
    const canary = 'canary-value-7f3a';
    const result = writeSecretRequestSchema.safeParse({ set: { 'bad key': canary, 'x.previous': canary, empty: '', n: 5 }, remove: ['x'], extra: canary });
    const text = messages(result).join('\n');
    expect(text).not.toContain(canary);
    expect(text).toContain('set.bad key: Use letters, digits, dashes, dots and underscores for a key');
    expect(text).toContain('set.x.previous: Keys ending in .previous are kept by rotation');
    expect(text).toContain('set.empty: Give a value; to remove a key, list it under remove');
    expect(text).toContain('set.n: Give the value as text');
    expect(messages(writeSecretRequestSchema.safeParse({}))).toEqual(['set: Give at least one key to set or remove']);
    expect(messages(writeSecretRequestSchema.safeParse({ set: { a: 'x' }, remove: ['a'] }))).toEqual(['remove: a is both set and removed; choose one']);
  });

  it('refuses more than a Secret can hold', () => {
    const big = 'x'.repeat(1024 * 1024);
    expect(messages(writeSecretRequestSchema.safeParse({ set: { big } }))).toEqual(['set: The values take 1024 KiB; a secret holds at most 900 KiB']);
  });

  it('checks names, generators and rotation policies', () => {
    expect(secretNameSchema.safeParse('db-credentials').success).toBe(true);
    expect(messages(secretNameSchema.safeParse('DB_Credentials'))[0]).toMatch(/lowercase letters/);
    expect(generateSecretRequestSchema.parse({ generator: { kind: 'password' } })).toEqual({ generator: { kind: 'password', length: 32, alphabet: 'letters-digits-symbols' } });
    expect(messages(generateSecretRequestSchema.safeParse({ generator: { kind: 'password', length: 6 } }))).toEqual(['generator.length: Use at least 12 characters']);
    expect(messages(generateSecretRequestSchema.safeParse({ generator: { kind: 'dice' } }))).toEqual(['generator.kind: Choose a generator kind: password, token or key-pair']);
    expect(messages(generateSecretRequestSchema.safeParse({ generator: { kind: 'key-pair' }, key: 'k' }))[0]).toMatch(/private-key.pem and public-key.pem/);
    expect(rotationPolicySchema.parse({ everyDays: 30 })).toEqual({ everyDays: 30, graceHours: 24 });
    expect(messages(rotationPolicySchema.safeParse({ everyDays: 1, graceHours: 48 }))).toEqual(['graceHours: Keep the previous value for less time than the rotation period']);
    expect(messages(deleteSecretRequestSchema.safeParse({ confirm: 'yes' }))).toEqual(['confirm: Give confirm as true or false']);
    expect(generatedKeys({ kind: 'key-pair' })).toEqual(['private-key.pem', 'public-key.pem']);
    expect(generatedKeys({ kind: 'password' }, 'db-password')).toEqual(['db-password']);
  });
});
