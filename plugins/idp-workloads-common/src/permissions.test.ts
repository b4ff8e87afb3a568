import { isResourcePermission } from '@backstage/plugin-permission-common';
import { ENVIRONMENT_RESOURCE_TYPE } from '@internal/plugin-idp-environments-common';
import { workloadOperatePermission, workloadReadPermission, workloadsPermissions } from './permissions';

describe('workload permissions', () => {
  it('are asked about an environment, so the environment policy decides them', () => {
    expect(workloadReadPermission).toEqual({
      type: 'resource',
      name: 'slipway.workload.read',
      attributes: { action: 'read' },
      resourceType: ENVIRONMENT_RESOURCE_TYPE,
    });
    expect(workloadOperatePermission.name).toBe('slipway.workload.operate');
    expect(isResourcePermission(workloadOperatePermission, ENVIRONMENT_RESOURCE_TYPE)).toBe(true);
  });

  it('are listed once each', () => {
    expect(workloadsPermissions.map(p => p.name)).toEqual(['slipway.workload.read', 'slipway.workload.operate']);
  });
});
