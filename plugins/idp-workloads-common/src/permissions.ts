import { ENVIRONMENT_RESOURCE_TYPE } from '@internal/plugin-idp-environments-common';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Workload permissions are asked about an environment (resource ref: its namespace), so the
 * environment policy's team conditions decide them without a resource type of their own.
 */

/** Status, pods, events, logs and metrics of an environment's workloads. */
export const workloadReadPermission = createPermission({
  name: 'slipway.workload.read',
  attributes: { action: 'read' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** Scale, restart, and delete a pod. */
export const workloadOperatePermission = createPermission({
  name: 'slipway.workload.operate',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

export const workloadsPermissions = [workloadReadPermission, workloadOperatePermission];
