import { Caller, EnvironmentTypeDescription, MAX_NAMESPACE_LENGTH, decideTtl, developerMaxTtlDays, leadMaxTtlDays } from '@internal/plugin-idp-environments-common';
import { parseDays } from './format';

/*
 * What the form says while the user types. The rules themselves (name, namespace length, who may
 * set which TTL) come from -common, so the form refuses exactly what the backend would.
 */

/** "team-a-staging (14/63 characters)" as the user types. */
export function namespacePreview(team: string, name: string): string {
  if (!team) return 'Choose a team to see the namespace';
  const namespace = `${team}-${name || '<name>'}`;
  return `Namespace: ${namespace} (${name ? namespace.length : team.length + 1}/${MAX_NAMESPACE_LENGTH} characters)`;
}

/** The first problem with a TTL typed for an environment of `team`, or undefined; types that never expire have no field. */
export function ttlProblem(text: string, type: EnvironmentTypeDescription | undefined, caller: Caller | undefined, team: string): string | undefined {
  if (!type || type.ttlDays === undefined) return undefined;
  const days = parseDays(text);
  if (days === undefined) return 'Enter a whole number of days, at least 1';
  if (!caller) return undefined;
  const decision = decideTtl(caller, team, type.type, type, days);
  return decision.allowed ? undefined : decision.reason;
}

/** The longest TTL the field offers: a developer's maximum, or a lead's and admin's own bound. */
export function ttlLimit(type: EnvironmentTypeDescription | undefined, lead: boolean): number | undefined {
  if (!type || type.ttlDays === undefined) return undefined;
  return lead ? leadMaxTtlDays(type) : developerMaxTtlDays(type);
}

/** "Default 7 days, at most 30" for the TTL field's helper text. */
export function ttlHint(type: EnvironmentTypeDescription | undefined, lead: boolean): string {
  if (!type) return '';
  if (type.ttlDays === undefined) return `${type.type} environments never expire`;
  const yours = lead ? ` for developers (you may set up to ${leadMaxTtlDays(type)})` : '';
  return `Default ${type.ttlDays} days, at most ${developerMaxTtlDays(type)}${yours}`;
}
