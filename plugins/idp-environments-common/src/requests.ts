import { z } from 'zod/v3';
import { ENVIRONMENT_TYPES, MAX_TTL_DAYS } from './environmentTypes';
import { environmentNameSchema } from './naming';

/** A team name as it appears in a namespace: a DNS label. */
export const teamNameSchema = z
  .string({ required_error: 'Choose a team', invalid_type_error: 'Give the team name as text, e.g. team-a' })
  .min(1, 'Choose a team')
  .max(63, 'Use at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'Use lowercase letters, digits and dashes, e.g. team-a');

const environmentTypeSchema = z.enum(ENVIRONMENT_TYPES, {
  errorMap: () => ({ message: `Use one of ${ENVIRONMENT_TYPES.join(', ')}` }),
});

const ttlDaysSchema = z
  .number({ required_error: 'Give the number of days', invalid_type_error: 'Give a whole number of days, e.g. 7' })
  .int('Give a whole number of days, e.g. 7')
  .positive('Use at least 1 day')
  .max(MAX_TTL_DAYS, `Use at most ${MAX_TTL_DAYS} days`);

export const createEnvironmentRequestSchema = z.object({
  team: teamNameSchema,
  name: environmentNameSchema,
  type: environmentTypeSchema,
  ttlDays: ttlDaysSchema.optional(),
  protected: z.boolean({ invalid_type_error: 'Use true or false' }).optional(),
});

/** The new environment belongs to the source's team. */
export const cloneEnvironmentRequestSchema = z.object({
  sourceNamespace: z.string({ required_error: 'Choose the environment to clone' }).min(1, 'Choose the environment to clone'),
  name: environmentNameSchema,
  type: environmentTypeSchema,
  ttlDays: ttlDaysSchema.optional(),
});

/** The new expiry is now + ttlDays. */
export const extendEnvironmentRequestSchema = z.object({ ttlDays: ttlDaysSchema });

/** confirm must equal the environment's namespace, typed by the user. */
export const deleteEnvironmentRequestSchema = z.object({
  confirm: z.string({ required_error: "Type the environment's namespace to confirm" }),
});

/** A tech lead's new quota: the fields given replace the current ones (the rules check them against the type's maximum). */
export const quotaChangeRequestSchema = z
  .object({
    cpu: z.string({ invalid_type_error: 'Give cpu as text, e.g. "8" or "1500m"' }).optional(),
    memory: z.string({ invalid_type_error: 'Give memory as text, e.g. "16Gi"' }).optional(),
    pods: z.number({ invalid_type_error: 'Give pods as a whole number, e.g. 40' }).optional(),
  })
  .strict('Give only cpu, memory and pods');

/** A pull request number as GitHub gives it: a positive 32-bit integer (1e308 is an "integer" too, and no name). */
const pullRequestNumberSchema = (requiredError: string) =>
  z
    .number({ required_error: requiredError, invalid_type_error: 'Give the pull request number, e.g. 42' })
    .int('Give the pull request number, e.g. 42')
    .positive('Give the pull request number, e.g. 42')
    .max(2 ** 31 - 1, 'Give the pull request number, e.g. 42');

export const previewEnvironmentRequestSchema = z.object({
  team: teamNameSchema,
  repository: z
    .string({ required_error: 'Give the repository as owner/name, e.g. acme/shop' })
    .regex(/^[\w.-]+\/[\w.-]+$/, 'Give the repository as owner/name, e.g. acme/shop'),
  pullRequest: pullRequestNumberSchema('Give the pull request number'),
  ttlDays: ttlDaysSchema.optional(),
});

/**
 * What Slipway reads of a GitHub `pull_request` webhook (signature already checked): the action, the
 * pull request's number and the repository. GitHub sends more; the rest is ignored.
 */
export const githubPullRequestEventSchema = z.object(
  {
    action: z.string({ required_error: 'Required: the pull_request event names its action, e.g. opened', invalid_type_error: 'Give the action as text, e.g. opened' }).max(100, 'Use at most 100 characters'),
    number: pullRequestNumberSchema('Required: the pull request number'),
    repository: z.object(
      {
        full_name: z
          .string({ required_error: 'Required: the repository as owner/name', invalid_type_error: 'Give the repository as owner/name, e.g. acme/shop' })
          .regex(/^[\w.-]+\/[\w.-]+$/, 'Give the repository as owner/name, e.g. acme/shop'),
      },
      { required_error: 'Required: the repository of the pull request', invalid_type_error: 'Give the repository as an object with full_name' },
    ),
  },
  { invalid_type_error: 'Send the pull_request event as a JSON object' },
);
export type GithubPullRequestEvent = z.infer<typeof githubPullRequestEventSchema>;

export type CreateEnvironmentRequest = z.infer<typeof createEnvironmentRequestSchema>;
export type CloneEnvironmentRequest = z.infer<typeof cloneEnvironmentRequestSchema>;
export type ExtendEnvironmentRequest = z.infer<typeof extendEnvironmentRequestSchema>;
export type DeleteEnvironmentRequest = z.infer<typeof deleteEnvironmentRequestSchema>;
export type QuotaChangeRequest = z.infer<typeof quotaChangeRequestSchema>;
export type PreviewEnvironmentRequest = z.infer<typeof previewEnvironmentRequestSchema>;

/** Longest environment name environmentNameSchema accepts. */
const MAX_ENVIRONMENT_NAME = 40;

/** FNV-1a: a short, stable fingerprint; no crypto needed (and none available in the browser synchronously). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0').slice(0, 6);
}

/**
 * The environment name of a pull request's preview: `pr-<repo-name>-<n>`. Deterministic, so the
 * webhook for "opened" and "closed" finds the same environment; a repo name too long to fit is
 * cut and suffixed with a fingerprint of the full repository, so names stay distinct.
 */
export function previewEnvironmentName(repository: string, pullRequest: number): string {
  const repoName = repository.slice(repository.lastIndexOf('/') + 1);
  const slug =
    repoName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'repo';
  const suffix = `-${pullRequest}`;
  const room = MAX_ENVIRONMENT_NAME - 'pr-'.length - suffix.length;
  if (slug.length <= room) return `pr-${slug}${suffix}`;
  const hash = fingerprint(repository.toLowerCase());
  const cut = slug.slice(0, room - hash.length - 1).replace(/-+$/, '');
  return `pr-${cut}-${hash}${suffix}`;
}

/** One problem with a request, named by the field a form would highlight. */
export interface FieldError {
  field: string;
  message: string;
}

// Letters, digits, `_`, `-`; or an indexed name such as `documents[1]`, which the expert-YAML reader names itself.
const plainKey = /^[A-Za-z0-9_-]+(\[\d+\])?$/;

/**
 * A field's name from its path: `env.0.name`, with a key that is not plain (a caller's own key:
 * empty, dotted, with spaces or control characters) quoted as JSON, `set["db.url"]`, so every
 * field is named unambiguously and in one printable line.
 */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number' || plainKey.test(part)) return i === 0 ? String(part) : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join('');
}

/** Every problem of a failed parse, by field; 'body' when the request as a whole is wrong. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map(issue => {
    const field = issue.path.length > 0 ? fieldPath(issue.path) : 'body';
    if (issue.code === 'invalid_type' && issue.received === 'undefined' && issue.message === 'Required') {
      return { field, message: 'Required; add it to the request' };
    }
    if (issue.code === 'invalid_type' && field === 'body') {
      return { field, message: 'Send a JSON object' };
    }
    return { field, message: issue.message };
  });
}
