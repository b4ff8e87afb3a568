import { mayDo } from './access';
import { Caller, canActOnTeam, isLeadOf } from './caller';
import { Environment } from './environment';
import {
  EnvironmentQuota,
  EnvironmentType,
  EnvironmentTypeSettings,
  MAX_TTL_DAYS,
  QUOTA_FIELDS,
  QuotaField,
  maxQuotaOf,
  quotaAmount,
} from './environmentTypes';
import { namespaceLengthProblem } from './naming';
import { isQuantity } from './quantity';
import { CloneEnvironmentRequest, CreateEnvironmentRequest, FieldError, QuotaChangeRequest } from './requests';

/**
 * The answer of a rule. A refusal with a field is a problem with the request (the form marks the
 * field); one without a field is about who is asking.
 */
export type Decision = { allowed: true } | { allowed: false; field?: string; reason: string };

const ALLOWED: Decision = { allowed: true };
const refuse = (reason: string, field?: string): Decision => (field ? { allowed: false, field, reason } : { allowed: false, reason });

const DAY_MS = 24 * 60 * 60 * 1000;

/** A type expires when it has a default TTL; production never does. */
function expires(type: EnvironmentType, settings: EnvironmentTypeSettings): boolean {
  return type !== 'production' && settings.ttlDays !== undefined;
}

/** The longest TTL a developer may choose; without a configured maximum, the default TTL. */
export function developerMaxTtlDays(settings: EnvironmentTypeSettings): number | undefined {
  return settings.maxTtlDays ?? settings.ttlDays;
}

function notAMember(caller: Caller, team: string): Decision {
  const yours = caller.teams.length > 0 ? `choose one of your teams (${caller.teams.join(', ')})` : 'you are not in any team yet';
  return refuse(`You are not a member of ${team}; ask a tech lead of ${team} to add you, or ${yours}`);
}

function plural(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** The longest TTL a tech lead or platform admin may choose: every tier has a bound. */
export function leadMaxTtlDays(settings: EnvironmentTypeSettings): number {
  return Math.min(settings.leadMaxTtlDays ?? MAX_TTL_DAYS, MAX_TTL_DAYS);
}

/** TTL rules shared by create, clone and extend (and the form, as the user types). */
export function decideTtl(caller: Caller, team: string, type: EnvironmentType, settings: EnvironmentTypeSettings, ttlDays: number | undefined): Decision {
  if (ttlDays === undefined) return ALLOWED;
  if (!expires(type, settings)) return refuse(`${type} environments never expire; remove ttlDays`, 'ttlDays');
  const max = developerMaxTtlDays(settings);
  if (max !== undefined && ttlDays > max && !isLeadOf(caller, team)) {
    return refuse(`Use at most ${plural(max)} for a ${type} environment, or ask a tech lead of ${team} to extend it further`, 'ttlDays');
  }
  const leadMax = leadMaxTtlDays(settings);
  if (ttlDays > leadMax) {
    return refuse(`Use at most ${plural(leadMax)} for a ${type} environment; extend it again later, or ask a tech lead to mark it protected`, 'ttlDays');
  }
  return ALLOWED;
}

/** Who may create which type in which team, and for how long. */
function decideTarget(caller: Caller, target: { team: string; name: string; type: EnvironmentType; ttlDays?: number }, settings: EnvironmentTypeSettings): Decision {
  const { team, name, type } = target;
  if (!canActOnTeam(caller, team)) return notAMember(caller, team);
  if (!mayDo(caller, 'environment.create', { team, type })) {
    return refuse(`Only tech leads of ${team} and platform admins can create ${type} environments; ask a tech lead of ${team}`);
  }
  const tooLong = namespaceLengthProblem(team, name);
  if (tooLong) return refuse(tooLong, 'name');
  return decideTtl(caller, team, type, settings, target.ttlDays);
}

/** Members create environments of their team; production only leads and admins; TTL within the type's limit unless lead. */
export function decideCreate(caller: Caller, request: CreateEnvironmentRequest, settings: EnvironmentTypeSettings): Decision {
  const target = decideTarget(caller, request, settings);
  if (!target.allowed) return target;
  // A protected environment escapes the janitor, so only those who may extend TTLs without limit set it.
  if (request.protected && !isLeadOf(caller, request.team)) {
    return {
      allowed: false,
      field: 'protected',
      reason: `Only tech leads of ${request.team} or platform admins can protect an environment; leave it unprotected or ask a tech lead`,
    };
  }
  return target;
}

/** The clone lands in the source's team, under the same rules as a new environment. */
export function decideClone(caller: Caller, source: Environment, request: CloneEnvironmentRequest, settings: EnvironmentTypeSettings): Decision {
  if (!canActOnTeam(caller, source.team)) return notAMember(caller, source.team);
  if (source.phase === 'Terminating') return refuse(`${source.namespace} is being deleted; clone another environment`, 'sourceNamespace');
  if (source.phase === 'Provisioning') return refuse(`${source.namespace} is still being created; clone it once it is ready`, 'sourceNamespace');
  return decideTarget(caller, { team: source.team, name: request.name, type: request.type, ttlDays: request.ttlDays }, settings);
}

/** Moves the expiry to now + ttlDays: developers up to the type's maximum, leads and admins beyond. */
export function decideExtend(caller: Caller, env: Environment, ttlDays: number, settings: EnvironmentTypeSettings): Decision {
  if (!canActOnTeam(caller, env.team)) return notAMember(caller, env.team);
  if (!expires(env.type, settings)) return refuse(`${env.namespace} is a ${env.type} environment and never expires; there is nothing to extend`, 'ttlDays');
  if (env.phase === 'Terminating') return refuse(`${env.namespace} is being deleted and can no longer be extended`);
  if (env.phase === 'Provisioning') return refuse(`${env.namespace} is still being created; extend it once it is ready`);
  return decideTtl(caller, env.team, env.type, settings, ttlDays);
}

/** Members delete their team's environments once they typed its namespace; production only platform admins. */
export function decideDelete(caller: Caller, env: Environment, confirm: string): Decision {
  if (!canActOnTeam(caller, env.team)) return notAMember(caller, env.team);
  if (!mayDo(caller, 'environment.delete', env)) {
    return refuse(`Only platform admins can delete ${env.type} environments; ask a platform admin to delete ${env.namespace}`);
  }
  if (confirm !== env.namespace) return refuse(`Type ${env.namespace} to confirm the deletion`, 'confirm');
  return ALLOWED;
}

/** When a new environment expires: createdAt + ttlDays (or the type's default); undefined for types without a TTL. */
export function computeExpiresAt(createdAt: Date, settings: EnvironmentTypeSettings, ttlDays?: number): string | undefined {
  if (settings.ttlDays === undefined) return undefined;
  const days = ttlDays ?? settings.ttlDays;
  return new Date(createdAt.getTime() + days * DAY_MS).toISOString();
}

const QUOTA_EXAMPLES: Record<QuotaField, string> = { cpu: 'e.g. 8 or 1500m', memory: 'e.g. 16Gi or 512Mi', pods: 'e.g. 40' };

/** The problems of each requested quota value against the type’s maximum, by field (what the form marks as you type); no "; " in them, which separates fields in a 400. */
export function quotaChangeProblems(requested: QuotaChangeRequest, settings: EnvironmentTypeSettings): FieldError[] {
  const max = maxQuotaOf(settings);
  const problems: FieldError[] = [];
  for (const field of QUOTA_FIELDS) {
    const value = requested[field];
    if (value === undefined) continue;
    const valid = field === 'pods' ? Number.isInteger(value) && Number(value) > 0 : isQuantity(value) && quotaAmount(field, value) > 0;
    if (!valid) {
      const what = field === 'pods' ? 'a whole number above 0' : 'a Kubernetes quantity above 0';
      problems.push({ field, message: `Give ${field} as ${what}, ${QUOTA_EXAMPLES[field]}` });
    } else if (quotaAmount(field, value) > quotaAmount(field, max[field])) {
      problems.push({ field, message: `Use at most ${max[field]} for ${field} (the maximum the platform team set for this environment type), or ask a platform admin to raise it` });
    }
  }
  return problems;
}

/** The quota an environment has today: the team's own, or its type's. */
export function currentQuota(environment: Pick<Environment, 'quotaOverride'>, settings: EnvironmentTypeSettings): EnvironmentQuota {
  return environment.quotaOverride ?? settings.quota;
}

/**
 * Tech leads of the environment's team and platform admins change its quota, up to the type's
 * maxQuota (platform admins set that maximum in config, so they are held to it in the portal too).
 * Lowering below what is in use is allowed: Kubernetes keeps running pods and refuses new ones.
 */
export function decideQuotaChange(caller: Caller, env: Environment, requested: QuotaChangeRequest, settings: EnvironmentTypeSettings): Decision {
  if (!canActOnTeam(caller, env.team)) return notAMember(caller, env.team);
  if (!mayDo(caller, 'quota.change', env)) {
    return refuse(`Only tech leads of ${env.team} and platform admins can change the quota of ${env.namespace}; ask a tech lead of ${env.team}`);
  }
  if (env.phase === 'Terminating') return refuse(`${env.namespace} is being deleted; its quota can no longer change`);
  if (env.phase === 'Provisioning') return refuse(`${env.namespace} is still being created; change its quota once it is ready`);
  if (QUOTA_FIELDS.every(field => requested[field] === undefined)) return refuse('Give at least one of cpu, memory and pods', 'body');
  const [problem] = quotaChangeProblems(requested, settings);
  return problem ? refuse(problem.message, problem.field) : ALLOWED;
}

/**
 * The quota a clone starts with: the source's own quota if the target type allows it, the target
 * type's quota otherwise (a clone into a smaller type does not carry a bigger environment's quota).
 */
export function clonedQuotaOverride(source: Pick<Environment, 'quotaOverride'>, targetSettings: EnvironmentTypeSettings): EnvironmentQuota | undefined {
  if (!source.quotaOverride) return undefined;
  return quotaChangeProblems(source.quotaOverride, targetSettings).length === 0 ? source.quotaOverride : undefined;
}
