import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  environmentCreatePermission,
  environmentDeletePermission,
  environmentReadPermission,
  previewEnvironmentManagePermission,
} from '@internal/plugin-idp-environments-common';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

const user = (name: string, groups: string[]): PolicyQueryUser =>
  ({
    identity: { type: 'user', userEntityRef: `user:default/${name}`, ownershipEntityRefs: [] },
    info: { userEntityRef: `user:default/${name}`, ownershipEntityRefs: [`user:default/${name}`, ...groups.map(g => `group:default/${g}`)] },
    credentials: {} as any,
    token: 'token',
  }) as PolicyQueryUser;

const policy = new SlipwayPermissionPolicy();

describe('SlipwayPermissionPolicy', () => {
  it('limits environment reads and deletes to the caller’s teams', async () => {
    for (const permission of [environmentReadPermission, environmentDeletePermission]) {
      expect(await policy.handle({ permission }, user('alice', ['team-a']))).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'idp-environments',
        resourceType: 'slipway-environment',
        conditions: { resourceType: 'slipway-environment', rule: 'IS_ENVIRONMENT_OF_TEAMS', params: { teams: ['team-a'] } },
      });
    }
  });

  it('lets platform admins do anything', async () => {
    expect(await policy.handle({ permission: environmentDeletePermission }, user('erin', ['platform', 'platform-admins']))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets members of a team create environments, and nobody without a team', async () => {
    expect((await policy.handle({ permission: environmentCreatePermission }, user('carol', ['team-b']))).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: environmentCreatePermission }, user('mallory', []))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: environmentReadPermission }, user('mallory', []))).result).toBe(AuthorizeResult.DENY);
  });

  it('lets CI (no user) and platform admins manage previews, not developers', async () => {
    expect((await policy.handle({ permission: previewEnvironmentManagePermission })).result).toBe(AuthorizeResult.ALLOW);
    expect((await policy.handle({ permission: previewEnvironmentManagePermission }, user('alice', ['team-a']))).result).toBe(AuthorizeResult.DENY);
    expect((await policy.handle({ permission: previewEnvironmentManagePermission }, user('erin', ['platform-admins']))).result).toBe(AuthorizeResult.ALLOW);
  });

  it('leaves the rest of Backstage open to signed-in users', async () => {
    const catalogRead = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' } });
    expect((await policy.handle({ permission: catalogRead }, user('alice', ['team-a']))).result).toBe(AuthorizeResult.ALLOW);
  });
});
