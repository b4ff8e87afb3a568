import { z } from 'zod/v3';
import { DNS_SUBDOMAIN } from '@internal/plugin-idp-environments-common';
import { KEY_PAIR_ALGORITHMS, PASSWORD_ALPHABETS } from './api';

/** Kubernetes keeps a Secret in one etcd object of at most 1 MiB; leave room for its metadata. */
export const MAX_SECRET_BYTES = 900 * 1024;
export const MAX_KEYS_PER_SECRET = 100;
/** A previous value kept through a rotation's grace window is read as `<key>.previous`. */
export const PREVIOUS_KEY_SUFFIX = '.previous';

const KEY = /^[-._a-zA-Z0-9]+$/;

export const secretNameSchema = z
  .string({ required_error: 'Name the secret, e.g. db-credentials', invalid_type_error: 'Name the secret as text, e.g. db-credentials' })
  .min(1, 'Name the secret, e.g. db-credentials')
  .max(253, 'Use at most 253 characters')
  .regex(DNS_SUBDOMAIN, 'Use lowercase letters, digits, dashes and dots; start and end with a letter or digit, e.g. db-credentials');

export const secretKeySchema = z
  .string({ invalid_type_error: 'Name the key as text, e.g. password' })
  .min(1, 'Name the key, e.g. password')
  .max(253, 'Use at most 253 characters for a key')
  .regex(KEY, 'Use letters, digits, dashes, dots and underscores for a key, e.g. DATABASE_URL')
  .refine(key => key !== '.' && key !== '..', 'A key cannot be . or ..')
  .refine(key => !key.endsWith(PREVIOUS_KEY_SUFFIX), `Keys ending in ${PREVIOUS_KEY_SUFFIX} are kept by rotation; choose another name`);

/** Bytes a value takes in the Secret (values are UTF-8 text: binary files are base64-encoded by the team first). */
export function valueBytes(value: string): number {
  return new TextEncoder().encode(value).length;
}

// Messages never quote a value: a wrong value is described, not repeated.
const valueSchema = z
  .string({ invalid_type_error: 'Give the value as text (base64-encode a binary file first)' })
  .min(1, 'Give a value; to remove a key, list it under remove');

export const writeSecretRequestSchema = z
  .object(
    {
      set: z.record(secretKeySchema, valueSchema, { invalid_type_error: 'Give set as an object of key: value' }).optional(),
      remove: z.array(secretKeySchema, { invalid_type_error: 'Give remove as a list of keys' }).max(MAX_KEYS_PER_SECRET, `Remove at most ${MAX_KEYS_PER_SECRET} keys at once`).optional(),
      confirm: z.boolean({ invalid_type_error: 'Give confirm as true or false' }).optional(),
    },
    { invalid_type_error: 'Send a JSON object' },
  )
  .strict('Send only set, remove and confirm')
  .superRefine((request, ctx) => {
    const set = request.set ?? {};
    const keys = Object.keys(set);
    if (keys.length === 0 && (request.remove ?? []).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['set'], message: 'Give at least one key to set or remove' });
    }
    if (keys.length > MAX_KEYS_PER_SECRET) ctx.addIssue({ code: 'custom', path: ['set'], message: `Set at most ${MAX_KEYS_PER_SECRET} keys at once` });
    for (const key of request.remove ?? []) {
      if (key in set) ctx.addIssue({ code: 'custom', path: ['remove'], message: `${key} is both set and removed; choose one` });
    }
    const bytes = keys.reduce((sum, key) => sum + valueBytes(set[key]), 0);
    if (bytes > MAX_SECRET_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['set'], message: `The values take ${Math.ceil(bytes / 1024)} KiB; a secret holds at most ${MAX_SECRET_BYTES / 1024} KiB` });
    }
  });

export const rotationPolicySchema = z
  .object(
    {
      everyDays: z
        .number({ required_error: 'Say how often to rotate, in days', invalid_type_error: 'Give everyDays as a number of days' })
        .int('Give whole days')
        .min(1, 'Rotate at most once a day')
        .max(365, 'Rotate at least once a year'),
      graceHours: z
        .number({ invalid_type_error: 'Give graceHours as a number of hours' })
        .int('Give whole hours')
        .min(0, 'Give 0 hours or more')
        .max(168, 'Keep the previous value at most 168 hours (a week)')
        .default(24),
    },
    { invalid_type_error: 'Give rotation as {everyDays, graceHours}' },
  )
  .strict('Give rotation as {everyDays, graceHours}')
  .refine(policy => policy.graceHours < policy.everyDays * 24, { path: ['graceHours'], message: 'Keep the previous value for less time than the rotation period' });

const oneOf = (values: readonly string[]) => ({ errorMap: () => ({ message: `Use one of ${values.join(', ')}` }) });

export const secretGeneratorSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('password'),
        length: z.number({ invalid_type_error: 'Give length as a number' }).int('Give a whole length').min(12, 'Use at least 12 characters').max(128, 'Use at most 128 characters').default(32),
        alphabet: z.enum(PASSWORD_ALPHABETS, oneOf(PASSWORD_ALPHABETS)).default('letters-digits-symbols'),
      })
      .strict('A password generator has length and alphabet'),
    z
      .object({
        kind: z.literal('token'),
        bytes: z.number({ invalid_type_error: 'Give bytes as a number' }).int('Give whole bytes').min(16, 'Use at least 16 bytes').max(128, 'Use at most 128 bytes').default(32),
        encoding: z.enum(['base64url', 'hex'], oneOf(['base64url', 'hex'])).default('base64url'),
      })
      .strict('A token generator has bytes and encoding'),
    z
      .object({ kind: z.literal('key-pair'), algorithm: z.enum(KEY_PAIR_ALGORITHMS, oneOf(KEY_PAIR_ALGORITHMS)).default('ed25519') })
      .strict('A key-pair generator has an algorithm'),
  ],
  { errorMap: () => ({ message: 'Choose a generator kind: password, token or key-pair' }) },
);

export const generateSecretRequestSchema = z
  .object(
    {
      generator: secretGeneratorSchema,
      key: secretKeySchema.optional(),
      rotation: rotationPolicySchema.optional(),
    },
    { invalid_type_error: 'Send a JSON object' },
  )
  .strict('Send only generator, key and rotation')
  .superRefine((request, ctx) => {
    if (request.generator.kind === 'key-pair' && request.key) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'A key pair is stored as private-key.pem and public-key.pem; leave key out' });
    }
  });

export const deleteSecretRequestSchema = z
  .object({ confirm: z.boolean({ invalid_type_error: 'Give confirm as true or false' }).optional() }, { invalid_type_error: 'Send a JSON object' })
  .strict('Send only confirm');

/** The keys a generator writes. */
export function generatedKeys(generator: { kind: string }, key?: string): string[] {
  if (generator.kind === 'key-pair') return ['private-key.pem', 'public-key.pem'];
  return [key ?? generator.kind];
}
