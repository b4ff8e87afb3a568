import { createPermission } from '@backstage/plugin-permission-common';
import { ENVIRONMENT_RESOURCE_TYPE } from '@internal/plugin-idp-environments-common';

/**
 * Writing a secret (create, set or remove keys, delete, generate, rotate) is asked about the
 * environment (resource ref: its namespace), so the access table's `secret.write` row decides:
 * the team's developers outside production, its tech leads and platform admins everywhere.
 * Reading metadata (names, versions, consumers) is `slipway.environment.read`; values: nobody.
 */
export const secretWritePermission = createPermission({
  name: 'slipway.secret.write',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

export const secretsPermissions = [secretWritePermission];
