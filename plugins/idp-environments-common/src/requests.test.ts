import { z } from 'zod/v3';
import { environmentNameSchema } from './naming';
import {
  cloneEnvironmentRequestSchema,
  createEnvironmentRequestSchema,
  deleteEnvironmentRequestSchema,
  extendEnvironmentRequestSchema,
  fieldErrors,
  fieldPath,
  previewEnvironmentName,
  previewEnvironmentRequestSchema,
  teamNameSchema,
} from './requests';

const errorsOf = (schema: z.ZodTypeAny, body: unknown) => {
  const parsed = schema.safeParse(body);
  if (parsed.success) throw new Error('expected the body to be refused');
  return fieldErrors(parsed.error);
};

describe('request schemas', () => {
  it('accepts a complete create request', () => {
    const body = { team: 'team-a', name: 'dev', type: 'development', ttlDays: 7, protected: true };
    expect(createEnvironmentRequestSchema.parse(body)).toEqual(body);
  });

  it('names every wrong field of a create request with its fix', () => {
    expect(errorsOf(createEnvironmentRequestSchema, { team: 'Team A', name: 'Dev', type: 'qa', ttlDays: 1.5, protected: 'yes' })).toEqual([
      { field: 'team', message: 'Use lowercase letters, digits and dashes, e.g. team-a' },
      { field: 'name', message: 'Use lowercase letters, digits and dashes; start and end with a letter or digit' },
      { field: 'type', message: 'Use one of development, preview, staging, production' },
      { field: 'ttlDays', message: 'Give a whole number of days, e.g. 7' },
      { field: 'protected', message: 'Use true or false' },
    ]);
  });

  it('says which fields are missing', () => {
    expect(errorsOf(createEnvironmentRequestSchema, {})).toEqual([
      { field: 'team', message: 'Choose a team' },
      { field: 'name', message: 'Required; add it to the request' },
      { field: 'type', message: 'Use one of development, preview, staging, production' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf(extendEnvironmentRequestSchema, 'seven')).toEqual([{ field: 'body', message: 'Send a JSON object' }]);
  });

  it('validates clone, extend and delete bodies', () => {
    expect(cloneEnvironmentRequestSchema.parse({ sourceNamespace: 'team-a-dev', name: 'dev2', type: 'development' })).toEqual({
      sourceNamespace: 'team-a-dev',
      name: 'dev2',
      type: 'development',
    });
    expect(errorsOf(cloneEnvironmentRequestSchema, { sourceNamespace: '', name: 'x', type: 'staging' })).toEqual([
      { field: 'sourceNamespace', message: 'Choose the environment to clone' },
    ]);
    expect(errorsOf(extendEnvironmentRequestSchema, { ttlDays: 0 })).toEqual([{ field: 'ttlDays', message: 'Use at least 1 day' }]);
    expect(errorsOf(extendEnvironmentRequestSchema, {})).toEqual([{ field: 'ttlDays', message: 'Give the number of days' }]);
    expect(deleteEnvironmentRequestSchema.parse({ confirm: 'team-a-dev' })).toEqual({ confirm: 'team-a-dev' });
    expect(errorsOf(deleteEnvironmentRequestSchema, {})).toEqual([{ field: 'confirm', message: "Type the environment's namespace to confirm" }]);
  });

  it('validates preview requests', () => {
    expect(previewEnvironmentRequestSchema.parse({ team: 'team-a', repository: 'acme/shop.web', pullRequest: 42 })).toEqual({
      team: 'team-a',
      repository: 'acme/shop.web',
      pullRequest: 42,
    });
    expect(errorsOf(previewEnvironmentRequestSchema, { team: 'team-a', repository: 'shop', pullRequest: -1 })).toEqual([
      { field: 'repository', message: 'Give the repository as owner/name, e.g. acme/shop' },
      { field: 'pullRequest', message: 'Give the pull request number, e.g. 42' },
    ]);
    // 1e308 is an integer to JavaScript, and would make no namespace name (the fuzz test found it).
    expect(errorsOf(previewEnvironmentRequestSchema, { team: 'team-a', repository: 'acme/fuzz', pullRequest: 1e308 })).toEqual([
      { field: 'pullRequest', message: 'Give the pull request number, e.g. 42' },
    ]);
  });

  it('limits team names to DNS labels', () => {
    expect(teamNameSchema.safeParse('team-a').success).toBe(true);
    expect(teamNameSchema.safeParse('-team').success).toBe(false);
    expect(teamNameSchema.safeParse('t'.repeat(64)).success).toBe(false);
  });
});

describe('previewEnvironmentName', () => {
  it('is pr-<repo-name>-<n>', () => {
    expect(previewEnvironmentName('acme/shop', 42)).toBe('pr-shop-42');
  });

  it('turns any repository name into a valid environment name', () => {
    expect(previewEnvironmentName('Acme/My_Shop.Web', 7)).toBe('pr-my-shop-web-7');
    expect(previewEnvironmentName('acme/___', 7)).toBe('pr-repo-7');
  });

  it('is deterministic', () => {
    expect(previewEnvironmentName('acme/shop', 42)).toBe(previewEnvironmentName('acme/shop', 42));
  });

  it('cuts long names to fit and keeps them distinct with a fingerprint', () => {
    const a = previewEnvironmentName('acme/a-very-long-repository-name-for-the-checkout-service', 123456);
    const b = previewEnvironmentName('acme/a-very-long-repository-name-for-the-checkout-services', 123456);
    for (const name of [a, b]) {
      expect(name.length).toBeLessThanOrEqual(40);
      expect(environmentNameSchema.safeParse(name).success).toBe(true);
      expect(name).toMatch(/^pr-a-very-long-.*-[0-9a-z]{6}-123456$/);
    }
    expect(a).not.toBe(b);
  });
});

describe('fieldPath', () => {
  it('names plain keys and indexes with dots, and quotes a caller’s own key as JSON', () => {
    expect(fieldPath(['env', 0, 'name'])).toBe('env.0.name');
    expect(fieldPath(['set', 'DATABASE_URL'])).toBe('set.DATABASE_URL');
    expect(fieldPath(['set', 'db.url'])).toBe('set["db.url"]');
    expect(fieldPath(['spec', ''])).toBe('spec[""]');
    expect(fieldPath(['expertYaml', 'documents[1]'])).toBe('expertYaml.documents[1]');
    expect(fieldPath(['set', '\u0011 \n'])).toBe('set["\\u0011 \\n"]');
  });

  it('names each field of a failed parse the same way', () => {
    const parsed = z.record(z.string()).safeParse({ ok: 'x', 'bad key': 1 });
    expect(parsed.success).toBe(false);
    expect(fieldErrors((parsed as z.SafeParseError<unknown>).error).map(e => e.field)).toEqual(['["bad key"]']);
  });
});
