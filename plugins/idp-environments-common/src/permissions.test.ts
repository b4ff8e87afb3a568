import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  ENVIRONMENT_RESOURCE_TYPE,
  environmentCreatePermission,
  environmentDeletePermission,
  environmentQuotaChangePermission,
  environmentReadPermission,
  environmentsPermissions,
  environmentUpdatePermission,
  previewEnvironmentManagePermission,
} from './permissions';

describe('environment permissions', () => {
  it('makes create and preview management basic permissions', () => {
    expect(environmentCreatePermission).toEqual({ type: 'basic', name: 'slipway.environment.create', attributes: { action: 'create' } });
    expect(previewEnvironmentManagePermission.type).toBe('basic');
  });

  it('makes read, update, delete and quota-change permissions on an environment', () => {
    for (const [permission, action] of [
      [environmentReadPermission, 'read'],
      [environmentUpdatePermission, 'update'],
      [environmentDeletePermission, 'delete'],
      [environmentQuotaChangePermission, 'update'],
    ] as const) {
      expect(isResourcePermission(permission, ENVIRONMENT_RESOURCE_TYPE)).toBe(true);
      expect(permission.attributes.action).toBe(action);
    }
    expect(ENVIRONMENT_RESOURCE_TYPE).toBe('slipway-environment');
  });

  it('lists every permission once, with unique names', () => {
    expect(environmentsPermissions).toHaveLength(6);
    expect(new Set(environmentsPermissions.map(p => p.name)).size).toBe(6);
  });
});
