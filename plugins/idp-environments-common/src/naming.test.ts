import { environmentNameSchema, environmentNamespace } from './naming';

describe('environment naming', () => {
  it('builds <team>-<env> namespaces', () => {
    expect(environmentNamespace('team-a', 'staging')).toBe('team-a-staging');
  });

  it.each(['Staging', '-dev', 'dev-', 'dev_1', ''])('rejects %j as an environment name', name => {
    expect(environmentNameSchema.safeParse(name).success).toBe(false);
  });

  it.each(['dev', 'pr-42', 'a'])('accepts %j', name => {
    expect(environmentNameSchema.parse(name)).toBe(name);
  });

  it('refuses namespaces longer than a DNS label', () => {
    expect(() => environmentNamespace('team-a', 'x'.repeat(60))).toThrow(/Kubernetes allows 63/);
  });
});
