import { AuthorizeResult, ConditionalPolicyDecision, PolicyDecision, createPermission } from '@backstage/plugin-permission-common';
import { PolicyQueryUser, createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  ENVIRONMENT_ACCESS,
  ENVIRONMENT_RESOURCE_TYPE,
  ENVIRONMENT_TYPES,
  Environment,
  PORTAL_ACCESS,
  callerFromIdentity,
  environmentCreatePermission,
  mayDo,
} from '@internal/plugin-idp-environments-common';
import { environmentPermissionRules } from '@internal/plugin-idp-environments-node';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

const PEOPLE: Record<string, string[]> = {
  alice: ['team-a'],
  bob: ['team-a', 'team-a-leads'],
  carol: ['team-b'],
  dave: ['team-b', 'team-b-leads'],
  erin: ['platform', 'platform-admins'],
  mallory: [],
};

const user = (name: string): PolicyQueryUser =>
  ({
    identity: {
      type: 'user',
      userEntityRef: `user:default/${name}`,
      ownershipEntityRefs: [],
    },
    info: {
      userEntityRef: `user:default/${name}`,
      ownershipEntityRefs: [`user:default/${name}`, ...PEOPLE[name].map(g => `group:default/${g}`)],
    },
    credentials: {} as any,
    token: 'token',
  } as PolicyQueryUser);

const teams = {
  membersOf: jest.fn(async (led: string[]) => (led.includes('team-a') ? ['user:default/alice', 'user:default/bob'] : [])),
};
const policy = new SlipwayPermissionPolicy({ teams });
const isAllowedByConditions = createConditionAuthorizer(Object.values(environmentPermissionRules));

const environment = (team: string, type: string): Environment =>
  ({
    team,
    name: type,
    namespace: `${team}-${type}`,
    type,
    owner: 'user:default/alice',
    createdAt: '2026-01-01T00:00:00Z',
    protected: false,
    phase: 'Active',
  } as Environment);

/** What the policy's answer means for one environment, the way the plugin applies conditions. */
function allowsOn(decision: PolicyDecision, env: Environment): boolean {
  if (decision.result !== AuthorizeResult.CONDITIONAL) return decision.result === AuthorizeResult.ALLOW;
  return isAllowedByConditions(decision as ConditionalPolicyDecision, env);
}

describe('SlipwayPermissionPolicy: environment actions', () => {
  const rows = ENVIRONMENT_ACCESS.filter(row => row.permission && row.permission !== environmentCreatePermission.name);
  const cells = rows.flatMap(row =>
    Object.keys(PEOPLE).flatMap(person => ['team-a', 'team-b', 'platform'].flatMap(team => ENVIRONMENT_TYPES.map(type => ({ row, person, team, type })))),
  );

  it.each(rows.map(r => [r.permission!]))('%s: the decision on every environment is the access table’s', async permissionName => {
    const row = rows.find(r => r.permission === permissionName)!;
    const permission = createPermission({
      name: permissionName,
      attributes: {},
      resourceType: ENVIRONMENT_RESOURCE_TYPE,
    });
    for (const cell of cells.filter(c => c.row === row)) {
      const decision = await policy.handle({ permission }, user(cell.person));
      const caller = callerFromIdentity(`user:default/${cell.person}`, user(cell.person).info.ownershipEntityRefs);
      const expected = mayDo(caller, row, {
        team: cell.team,
        type: cell.type,
      });
      expect({
        ...cell,
        row: row.action,
        allowed: allowsOn(decision, environment(cell.team, cell.type)),
      }).toEqual({ ...cell, row: row.action, allowed: expected });
    }
  });

  it.each([
    ['alice', 'slipway.workload.operate', 'team-a', 'development', true],
    ['alice', 'slipway.workload.operate', 'team-a', 'production', false],
    ['bob', 'slipway.workload.operate', 'team-a', 'production', false],
    ['alice', 'slipway.workload.read', 'team-a', 'production', true],
    ['carol', 'slipway.workload.read', 'team-a', 'development', false],
    ['bob', 'slipway.environment.delete', 'team-a', 'production', false],
    ['erin', 'slipway.environment.delete', 'team-a', 'production', true],
    ['erin', 'slipway.app.deploy', 'team-b', 'staging', true],
    ['erin', 'slipway.app.deploy', 'team-b', 'production', false],
    ['alice', 'slipway.app.deploy', 'team-a', 'production', false],
    ['mallory', 'slipway.environment.read', 'team-a', 'development', false],
  ] as const)('%s: %s in %s %s → %s', async (person, name, team, type, allowed) => {
    const decision = await policy.handle(
      {
        permission: createPermission({
          name,
          attributes: {},
          resourceType: ENVIRONMENT_RESOURCE_TYPE,
        }),
      },
      user(person),
    );
    expect(allowsOn(decision, environment(team, type))).toBe(allowed);
  });

  it('lets members of a team create environments (the rules then check team and type), nobody without a team', async () => {
    expect((await policy.handle({ permission: environmentCreatePermission }, user('carol'))).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: environmentCreatePermission }, user('mallory'))).result).toBe(AuthorizeResult.DENY);
  });

  it('gives services (the CI token) no environment action', async () => {
    const read = createPermission({
      name: 'slipway.environment.read',
      attributes: {},
      resourceType: ENVIRONMENT_RESOURCE_TYPE,
    });
    expect((await policy.handle({ permission: read })).result).toBe(AuthorizeResult.DENY);
  });
});

describe('SlipwayPermissionPolicy: the rest of the portal', () => {
  const permission = (name: string, resourceType?: string) =>
    createPermission({
      name,
      attributes: {},
      ...(resourceType ? { resourceType } : {}),
    }) as any;

  it('lets CI (a service) and platform admins manage previews, not developers or leads', async () => {
    const previews = permission('slipway.environment.preview.manage');
    expect((await policy.handle({ permission: previews })).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: previews }, user('alice'))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: previews }, user('bob'))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: previews }, user('erin'))).result).toBe(AuthorizeResult.ALLOW);
  });

  it('hides other teams’ environments in the catalog, and nothing else', async () => {
    const decision = await policy.handle({ permission: permission('catalog.entity.read', 'catalog-entity') }, user('carol'));
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              allOf: [
                {
                  resourceType: 'catalog-entity',
                  rule: 'IS_ENTITY_KIND',
                  params: { kinds: ['Resource'] },
                },
                {
                  resourceType: 'catalog-entity',
                  rule: 'HAS_SPEC',
                  params: { key: 'type', value: 'environment' },
                },
              ],
            },
          },
          {
            resourceType: 'catalog-entity',
            rule: 'IS_ENTITY_OWNER',
            params: { claims: ['group:default/team-b'] },
          },
        ],
      },
    });
    expect((await policy.handle({ permission: permission('catalog.entity.read', 'catalog-entity') }, user('erin'))).result).toBe(AuthorizeResult.ALLOW);
  });

  it('keeps registering locations and entities to platform admins: templates come from git', async () => {
    for (const name of ['catalog.location.create', 'catalog.entity.create', 'catalog.location.delete', 'catalog.entity.delete']) {
      expect((await policy.handle({ permission: permission(name) }, user('bob'))).result).toBe(AuthorizeResult.DENY);
      expect((await policy.handle({ permission: permission(name) }, user('erin'))).result).toBe(AuthorizeResult.ALLOW);
      expect((await policy.handle({ permission: permission(name) })).result).toBe(AuthorizeResult.DENY);
    }
  });

  it('shows a scaffolder task to its initiator and the initiator’s tech leads', async () => {
    const read = permission('scaffolder.task.read', 'scaffolder-task');
    expect(await policy.handle({ permission: read }, user('alice'))).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alice'] },
      },
    });
    expect(await policy.handle({ permission: read }, user('bob'))).toMatchObject({
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alice', 'user:default/bob'] },
      },
    });
    expect(teams.membersOf).toHaveBeenCalledWith(['team-a']);
    expect(await policy.handle({ permission: read }, user('dave'))).toMatchObject({
      conditions: { params: { createdBy: ['user:default/dave'] } },
    });
    expect((await policy.handle({ permission: read }, user('erin'))).result).toBe(AuthorizeResult.ALLOW);
  });

  it('keeps the template editor (dry-run of templates not in git) to platform admins', async () => {
    expect((await policy.handle({ permission: permission('scaffolder.template.dry-run') }, user('bob'))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: permission('scaffolder.template.management') }, user('erin'))).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: permission('scaffolder.task.create') }, user('alice'))).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: permission('scaffolder.task.create') }, user('mallory'))).result).toBe(AuthorizeResult.DENY);
  });

  it('lets people use the Kubernetes views as themselves, and no service', async () => {
    for (const name of ['kubernetes.proxy', 'kubernetes.resources.read', 'kubernetes.clusters.read']) {
      expect((await policy.handle({ permission: permission(name) }, user('carol'))).result).toBe(AuthorizeResult.ALLOW);
      expect((await policy.handle({ permission: permission(name) })).result).toBe(AuthorizeResult.DENY);
    }
  });

  it('denies every permission the table does not name, to people and services alike', async () => {
    const unknown = permission('some-new-plugin.thing.delete');
    expect((await policy.handle({ permission: unknown }, user('alice'))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: unknown }, user('erin'))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: unknown })).result).toBe(AuthorizeResult.DENY);
  });

  it('names each portal permission once', () => {
    const names = [...PORTAL_ACCESS.map(r => r.permission), ...ENVIRONMENT_ACCESS.flatMap(r => (r.permission ? [r.permission] : []))];
    expect(new Set(names).size).toBe(names.length);
  });
});
