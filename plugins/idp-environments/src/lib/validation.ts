import { EnvironmentTypeDescription, MAX_NAMESPACE_LENGTH, environmentNameSchema } from '@internal/plugin-idp-environments-common';
import { parseDays } from './format';

/** The first problem with an environment name, or undefined; checks the resulting namespace too. */
export function nameProblem(team: string, name: string): string | undefined {
  const parsed = environmentNameSchema.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid name';
  const length = team ? `${team}-${name}`.length : 0;
  if (length > MAX_NAMESPACE_LENGTH) {
    return `The namespace would be ${length} characters; Kubernetes allows ${MAX_NAMESPACE_LENGTH}. Choose a shorter name.`;
  }
  return undefined;
}

/** "team-a-staging (14/63 characters)" as the user types. */
export function namespacePreview(team: string, name: string): string {
  if (!team) return 'Choose a team to see the namespace';
  const namespace = `${team}-${name || '<name>'}`;
  return `Namespace: ${namespace} (${name ? namespace.length : team.length + 1}/${MAX_NAMESPACE_LENGTH} characters)`;
}

/**
 * The first problem with a TTL typed for a type, or undefined. Production has none;
 * past the type's longest TTL only tech leads and platform admins may go.
 */
export function ttlProblem(text: string, type: EnvironmentTypeDescription | undefined, lead: boolean): string | undefined {
  if (!type || type.ttlDays === undefined) return undefined;
  const days = parseDays(text);
  if (days === undefined) return 'Enter a whole number of days, at least 1';
  if (type.maxTtlDays !== undefined && days > type.maxTtlDays && !lead) {
    return `At most ${type.maxTtlDays} days for ${type.type}; a tech lead may set longer`;
  }
  return undefined;
}

/** "Default 7 days, at most 30" for the TTL field's helper text. */
export function ttlHint(type: EnvironmentTypeDescription | undefined, lead: boolean): string {
  if (!type) return '';
  if (type.ttlDays === undefined) return `${type.type} environments never expire`;
  const max = type.maxTtlDays === undefined ? '' : `, at most ${type.maxTtlDays}${lead ? ' for developers (you may set longer)' : ''}`;
  return `Default ${type.ttlDays} days${max}`;
}
