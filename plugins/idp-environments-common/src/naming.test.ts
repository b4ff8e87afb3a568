import { environmentNameProblem, environmentNameSchema, environmentNamespace, isNamespaceName, isObjectName, notAnObjectNameMessage } from './naming';

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

  it('says what is wrong with a typed name: the name first, then the namespace it makes', () => {
    expect(environmentNameProblem('team-a', 'staging')).toBeUndefined();
    expect(environmentNameProblem('team-a', 'Staging')).toMatch(/lowercase/);
    expect(environmentNameProblem('a'.repeat(30), 'b'.repeat(40))).toBe(
      `The namespace ${'a'.repeat(30)}-${'b'.repeat(40)} would be 71 characters, Kubernetes allows 63; use at most 32 characters`,
    );
    // Without a team yet, only the name itself can be judged.
    expect(environmentNameProblem('', 'b'.repeat(40))).toBeUndefined();
  });

  it('knows a name that cannot be a namespace without asking the cluster', () => {
    expect(isNamespaceName('team-a-staging')).toBe(true);
    expect(isNamespaceName('x'.repeat(63))).toBe(true);
    for (const name of ['', 'x'.repeat(64), 'Team-a', 'team-a-', 'B)Ico%hpI :+_', 'team a', '-team']) expect(isNamespaceName(name)).toBe(false);
  });

  it('knows a name that cannot be a Deployment, Pod or Secret: "." and ".." above all, which URL parsing would resolve', () => {
    for (const name of ['web', 'web-7d9f8b6c5-x2kqp', 'db.credentials', 'x'.repeat(253)]) expect(isObjectName(name)).toBe(true);
    for (const name of ['.', '..', '', 'x'.repeat(254), 'a..b', '.web', 'web.', 'Web', 'web/..', '%2e%2e', 'web 1']) expect(isObjectName(name)).toBe(false);
    expect(notAnObjectNameMessage('Pod', '..', 'team-a-dev')).toBe(
      'No Pod .. in team-a-dev: Kubernetes names are lowercase letters, digits, dashes and dots, starting and ending with a letter or digit',
    );
  });
});
