import { createConditionExports, createPermissionResourceRef, createPermissionRule } from '@backstage/plugin-permission-node';
import { ENVIRONMENT_RESOURCE_TYPE, Environment } from '@internal/plugin-idp-environments-common';
// zod 4: its schemas are Standard Schemas, which is what the permission framework takes.
import { z } from 'zod';

/** Filter shape for environment queries: the teams and types of environment that qualify. */
export interface EnvironmentQuery {
  teams?: string[];
  types?: string[];
}

export const environmentPermissionResourceRef = createPermissionResourceRef<Environment, EnvironmentQuery>().with({
  pluginId: 'idp-environments',
  resourceType: ENVIRONMENT_RESOURCE_TYPE,
});

/** True when the environment belongs to one of the given teams. */
export const isEnvironmentOfTeams = createPermissionRule({
  resourceRef: environmentPermissionResourceRef,
  name: 'IS_ENVIRONMENT_OF_TEAMS',
  description: 'Allow environments that belong to one of the given teams',
  paramsSchema: z.object({ teams: z.array(z.string()).describe('Team names, e.g. team-a') }),
  apply: (environment, { teams }) => teams.includes(environment.team),
  toQuery: ({ teams }) => ({ teams }),
});

/** True when the environment is of one of the given types (production is a class of its own). */
export const isEnvironmentOfTypes = createPermissionRule({
  resourceRef: environmentPermissionResourceRef,
  name: 'IS_ENVIRONMENT_OF_TYPES',
  description: 'Allow environments of the given types, e.g. every type but production',
  paramsSchema: z.object({ types: z.array(z.string()).describe('Environment types, e.g. development, staging') }),
  apply: (environment, { types }) => types.includes(environment.type),
  toQuery: ({ types }) => ({ types }),
});

export const environmentPermissionRules = { isEnvironmentOfTeams, isEnvironmentOfTypes };

const exports = createConditionExports({ resourceRef: environmentPermissionResourceRef, rules: environmentPermissionRules });

/** Condition factories for permission policies, e.g. `environmentConditions.isEnvironmentOfTeams({ teams })`. */
export const environmentConditions = exports.conditions;
export const createEnvironmentConditionalDecision = exports.createConditionalDecision;
