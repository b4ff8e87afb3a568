import { AppType } from './appSpec';

// The app spec's own keys: a form carries other fields too (environment, the preview itself).
const SPEC_KEYS = ['name', 'team', 'type', 'image', 'gitRepo', 'buildpack', 'port', 'schedule', 'environmentVariables', 'resources', 'autoscaling', 'replicas', 'probes', 'volumes'];

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * Drops what a form leaves behind when a field is untouched (empty strings, `{}`, `[]`, null),
 * depth first, so an optional section the developer skipped is absent rather than invalid.
 */
export function compactFormValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactFormValues).filter(v => !isEmpty(v));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .map(([key, v]) => [key, compactFormValues(v)] as const)
      .filter(([, v]) => !isEmpty(v));
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * The app spec a template form describes: its spec fields, compacted, with the template's app
 * type. The form's preview and the actions both build the spec this way, so they agree.
 */
export function appSpecFromForm(formData: Record<string, unknown>, type: AppType): Record<string, unknown> {
  const picked = Object.fromEntries(SPEC_KEYS.filter(key => key in formData).map(key => [key, formData[key]]));
  return { ...(compactFormValues(picked) as Record<string, unknown>), type };
}
