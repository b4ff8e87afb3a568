import { z } from 'zod/v3';
import { DEFAULT_SERVICE_TYPES, SERVICE_TYPES } from './admissionPolicies';
import { cpuMillicores, formatCpu, formatMemory, isQuantity, memoryBytes } from './quantity';

/** No environment lives longer than this without being extended again, whoever sets it. */
export const MAX_TTL_DAYS = 365;

/** The kinds of environment a team can have, from least to most protected. */
export const ENVIRONMENT_TYPES = ['development', 'preview', 'staging', 'production'] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, 'must be a Kubernetes quantity such as 500m, 4 or 8Gi');

/** An environment's ResourceQuota: requests and limits are both capped at cpu and memory. */
export const environmentQuotaSchema = z.object({
  cpu: quantity,
  memory: quantity,
  pods: z.number().int().positive(),
});
export type EnvironmentQuota = z.infer<typeof environmentQuotaSchema>;

/** The fields of a quota, in the order forms and messages list them. */
export const QUOTA_FIELDS = ['cpu', 'memory', 'pods'] as const;
export type QuotaField = (typeof QUOTA_FIELDS)[number];

/** A quota value in comparable units: millicores, bytes, pods. */
export function quotaAmount(field: QuotaField, value: string | number): number {
  if (field === 'cpu') return cpuMillicores(value);
  if (field === 'memory') return memoryBytes(value);
  return Number(value);
}

/** The maximum a team's quota may be raised to when the platform team configured none: 4× the type's quota. */
export const DEFAULT_MAX_QUOTA_FACTOR = 4;

export function defaultMaxQuota(quota: EnvironmentQuota): EnvironmentQuota {
  return {
    cpu: formatCpu(cpuMillicores(quota.cpu) * DEFAULT_MAX_QUOTA_FACTOR),
    memory: formatMemory(memoryBytes(quota.memory) * DEFAULT_MAX_QUOTA_FACTOR),
    pods: quota.pods * DEFAULT_MAX_QUOTA_FACTOR,
  };
}

/** The most a tech lead (or platform admin) may set a quota of this type to. */
export function maxQuotaOf(settings: EnvironmentTypeSettings): EnvironmentQuota {
  return settings.maxQuota ?? defaultMaxQuota(settings.quota);
}

/** What the platform team configures per environment type (app-config: slipway.environments.types). */
export const environmentTypeSettingsSchema = z
  .object({
    /** Default time to live of a new environment, in days; absent means it never expires. */
    ttlDays: z.number().int().positive().optional(),
    /** Longest TTL a developer may set; tech leads may go beyond it. */
    maxTtlDays: z.number().int().positive().optional(),
    /** Longest TTL a tech lead or platform admin may set (every tier has a bound). */
    leadMaxTtlDays: z.number().int().positive().max(MAX_TTL_DAYS).optional(),
    /** Service types apps may use here; anything but ClusterIP exposes the app outside the cluster. */
    serviceTypes: z.array(z.enum(SERVICE_TYPES)).min(1).optional(),
    quota: environmentQuotaSchema,
    /** The most tech leads may raise an environment's quota to (default: 4× quota). */
    maxQuota: environmentQuotaSchema.optional(),
    /** LimitRange defaults for containers that declare no requests or limits (the golden path). */
    containerDefaults: z
      .object({
        requests: z.object({ cpu: quantity, memory: quantity }),
        limits: z.object({ cpu: quantity, memory: quantity }),
      })
      .optional(),
  })
  .refine(s => s.ttlDays === undefined || s.maxTtlDays === undefined || s.ttlDays <= s.maxTtlDays, {
    message: 'ttlDays must not be greater than maxTtlDays',
    path: ['ttlDays'],
  })
  .refine(s => s.maxTtlDays === undefined || s.leadMaxTtlDays === undefined || s.maxTtlDays <= s.leadMaxTtlDays, {
    message: 'maxTtlDays must not be greater than leadMaxTtlDays',
    path: ['maxTtlDays'],
  })
  .superRefine((s, ctx) => {
    for (const field of QUOTA_FIELDS) {
      // Refinements run even when a field failed its own check: compare only what parsed.
      const comparable = s.maxQuota && isQuantity(s.maxQuota[field]) && isQuantity(s.quota[field]);
      if (comparable && quotaAmount(field, s.maxQuota![field]) < quotaAmount(field, s.quota[field])) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['maxQuota', field], message: `must not be below quota.${field} (${s.quota[field]})` });
      }
    }
  });

export type EnvironmentTypeSettings = z.infer<typeof environmentTypeSettingsSchema>;
export type EnvironmentTypeDescription = EnvironmentTypeSettings & { type: EnvironmentType };

export type ContainerDefaults = NonNullable<EnvironmentTypeSettings['containerDefaults']>;

/** The golden path's container resources (PRODUCT.md): 250m/512Mi requested, 1 CPU/1Gi limit. */
export const DEFAULT_CONTAINER_DEFAULTS: ContainerDefaults = {
  requests: { cpu: '250m', memory: '512Mi' },
  limits: { cpu: '1', memory: '1Gi' },
};

/** Slipway's defaults; production never expires, the rest clean themselves up. */
export const DEFAULT_ENVIRONMENT_TYPES: Record<EnvironmentType, EnvironmentTypeSettings> = {
  development: { ttlDays: 7, maxTtlDays: 30, leadMaxTtlDays: 90, quota: { cpu: '4', memory: '8Gi', pods: 20 }, containerDefaults: DEFAULT_CONTAINER_DEFAULTS },
  preview: { ttlDays: 3, maxTtlDays: 14, leadMaxTtlDays: 30, quota: { cpu: '2', memory: '4Gi', pods: 10 }, containerDefaults: DEFAULT_CONTAINER_DEFAULTS },
  staging: { ttlDays: 30, maxTtlDays: 90, leadMaxTtlDays: 180, quota: { cpu: '8', memory: '16Gi', pods: 40 }, containerDefaults: DEFAULT_CONTAINER_DEFAULTS },
  production: { quota: { cpu: '32', memory: '64Gi', pods: 200 }, containerDefaults: DEFAULT_CONTAINER_DEFAULTS },
};

/** A configured type that breaks a rule: the config key and what to fix. */
export class EnvironmentTypeConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid slipway.environments.types configuration: ${problems.join('; ')}`);
    this.name = 'EnvironmentTypeConfigError';
  }
}

/**
 * Merges the configured settings over the defaults, type by type.
 * Unknown types and invalid values are rejected with the config key that is wrong.
 */
export function resolveEnvironmentTypes(configured: Record<string, unknown> | undefined): EnvironmentTypeDescription[] {
  const problems: string[] = [];
  for (const key of Object.keys(configured ?? {})) {
    if (!(ENVIRONMENT_TYPES as readonly string[]).includes(key)) {
      problems.push(`slipway.environments.types.${key}: unknown type; use one of ${ENVIRONMENT_TYPES.join(', ')}`);
    }
  }
  const resolved = ENVIRONMENT_TYPES.map(type => {
    const override = (configured?.[type] ?? {}) as Partial<EnvironmentTypeSettings>;
    const defaults = DEFAULT_ENVIRONMENT_TYPES[type];
    const containers = (override.containerDefaults ?? {}) as Partial<ContainerDefaults>;
    const quota = { ...defaults.quota, ...(override.quota ?? {}) };
    const merged = {
      ...defaults,
      ...override,
      quota,
      // Fields left out of maxQuota default to 4× the (configured) quota; an invalid quota is reported by the schema.
      maxQuota: { ...(environmentQuotaSchema.safeParse(quota).success ? defaultMaxQuota(quota) : quota), ...(override.maxQuota ?? {}) },
      containerDefaults: {
        requests: { ...DEFAULT_CONTAINER_DEFAULTS.requests, ...(containers.requests ?? {}) },
        limits: { ...DEFAULT_CONTAINER_DEFAULTS.limits, ...(containers.limits ?? {}) },
      },
    };
    // The janitor never touches production, so a TTL there would be a promise nobody keeps.
    if (type === 'production' && (merged.ttlDays !== undefined || merged.maxTtlDays !== undefined || merged.leadMaxTtlDays !== undefined)) {
      problems.push('slipway.environments.types.production: production environments never expire; remove ttlDays, maxTtlDays and leadMaxTtlDays');
    }
    const parsed = environmentTypeSettingsSchema.safeParse(merged);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`slipway.environments.types.${type}.${issue.path.join('.')}: ${issue.message}`);
      }
      return undefined;
    }
    return { type, ...parsed.data, serviceTypes: parsed.data.serviceTypes ?? [...DEFAULT_SERVICE_TYPES] };
  });
  if (problems.length > 0) throw new EnvironmentTypeConfigError(problems);
  return resolved as EnvironmentTypeDescription[];
}
