import { z } from 'zod/v3';

/** Registries Slipway trusts out of the box; platform admins replace the list in app-config. */
export const DEFAULT_ALLOWED_REGISTRIES = ['registry.example.com/'];

/** What platform admins configure under `slipway.guardRails` in app-config. */
export const guardRailSettingsSchema = z
  .object({
    /** Image prefixes (registry host, optionally a path) that images must start with. */
    allowedRegistries: z
      .array(
        z
          .string({ invalid_type_error: 'Give each registry as text, e.g. registry.example.com/' })
          .min(1, 'Give a registry prefix, e.g. registry.example.com/')
          .regex(/^[^\s:/]+(:\d+)?(\/[^\s:/]+)*\/?$/, 'Give a registry host and optional path without https://, e.g. registry.example.com/team-a/'),
        { invalid_type_error: 'Give a list of registry prefixes, e.g. [registry.example.com/]' },
      )
      .min(1, 'List at least one registry; with none, no image could ever be deployed')
      .default(DEFAULT_ALLOWED_REGISTRIES),
    /** Fewest replicas a Deployment (or its autoscaler's minimum) may have in production. */
    productionMinReplicas: z
      .number({ invalid_type_error: 'Give a number of replicas, e.g. 3' })
      .int('Give a whole number of replicas, e.g. 3')
      .min(1, 'Use at least 1 replica')
      .default(3),
  })
  .strict();

export type GuardRailSettings = z.output<typeof guardRailSettingsSchema>;

export const DEFAULT_GUARD_RAIL_SETTINGS: GuardRailSettings = guardRailSettingsSchema.parse({});

/** Configuration that breaks a rule: each problem names the app-config key and the fix. */
export class GuardRailConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid slipway.guardRails configuration: ${problems.join('; ')}`);
    this.name = 'GuardRailConfigError';
  }
}

const KEY = 'slipway.guardRails';

/** The settings from app-config's `slipway.guardRails` (absent means the defaults); throws naming each wrong key. */
export function resolveGuardRailSettings(configured: unknown): GuardRailSettings {
  const parsed = guardRailSettingsSchema.safeParse(configured ?? {});
  if (parsed.success) return parsed.data;
  const known = Object.keys(guardRailSettingsSchema.shape).join(', ');
  const problems = parsed.error.issues.flatMap(issue => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => `${KEY}.${key}: unknown setting; use ${known}`);
    }
    const key = [KEY, ...issue.path].join('.');
    if (issue.path.length === 0) return [`${key}: give an object with ${known}`];
    return [`${key}: ${issue.message}`];
  });
  throw new GuardRailConfigError(problems);
}
