import { DEFAULT_LOG_TAIL_LINES, MAX_LOG_TAIL_LINES } from '@internal/plugin-idp-workloads-common';
import { z } from 'zod/v3';

// Query parameters arrive as text: '200', 'true'. Anything else is left for zod to refuse.
const fromQueryNumber = (value: unknown) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);
const fromQueryBoolean = (value: unknown) => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  return value;
};

const tailLinesMessage = `Give a whole number of lines from 1 to ${MAX_LOG_TAIL_LINES}, e.g. ${DEFAULT_LOG_TAIL_LINES}`;
const booleanSchema = z.preprocess(fromQueryBoolean, z.boolean({ invalid_type_error: 'Use true or false' })).default(false);

/** The query of a log request (a LogRequest, and `follow`): `GET …/logs?pod=web-7d9f8b6c5-x2kqp&container=web&tailLines=200&previous=true`. */
export const logQuerySchema = z.object({
  pod: z
    .string({ required_error: 'Choose a pod', invalid_type_error: 'Give one pod name' })
    .min(1, 'Choose a pod')
    .max(253, 'Use at most 253 characters')
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'Give a pod name: lowercase letters, digits, dashes and dots'),
  /** Absent: the pod's only (or first) container. */
  container: z
    .string({ invalid_type_error: 'Give one container name' })
    .max(63, 'Use at most 63 characters')
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'Give a container name: lowercase letters, digits and dashes')
    .optional(),
  tailLines: z
    .preprocess(fromQueryNumber, z.number({ invalid_type_error: tailLinesMessage }).int(tailLinesMessage).min(1, tailLinesMessage).max(MAX_LOG_TAIL_LINES, tailLinesMessage))
    .default(DEFAULT_LOG_TAIL_LINES),
  /** The log of the container's previous run: what a crashed container wrote before it died. */
  previous: booleanSchema,
  /** Keep the connection open and stream new lines. */
  follow: booleanSchema,
  search: z.string({ invalid_type_error: 'Give the text to search for once' }).max(200, 'Use at most 200 characters').optional(),
  /** Only lines from this time on (RFC 3339): a follow that ended goes on from its last line. */
  sinceTime: z
    .string({ invalid_type_error: 'Give one time' })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'Give an RFC 3339 time in UTC, e.g. 2026-12-01T10:00:00Z')
    .optional(),
});

export type LogQuery = z.output<typeof logQuerySchema>;
