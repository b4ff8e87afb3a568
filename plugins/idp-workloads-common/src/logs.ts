import { z } from 'zod';

/** One line of a container's log; `time` is the kubelet's timestamp when it was asked for one. */
export interface LogLine {
  time?: string;
  text: string;
}

export interface LogLineOptions {
  /** Keep only lines containing this text, ignoring case. */
  search?: string;
  /** Keep only the last this many lines (after the search). */
  tail?: number;
  /** Read the kubelet's `timestamps=true` prefix off each line; true unless set. */
  timestamps?: boolean;
}

// The kubelet's prefix: an RFC 3339 time with nanoseconds, then one space.
const TIMESTAMP_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (.*)$/s;
// Colour codes from apps that think they write to a terminal; a page would show them as noise.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** A log text as lines for the logs page. */
export function parseLogLines(text: string, options: LogLineOptions = {}): LogLine[] {
  const { search, tail, timestamps = true } = options;
  const raw = text.split(/\r?\n/);
  if (raw[raw.length - 1] === '') raw.pop();
  let lines = raw.map((line): LogLine => {
    const match = timestamps ? TIMESTAMP_PREFIX.exec(line) : null;
    const parsed = match ? { time: match[1], text: match[2] } : { text: line };
    return { ...parsed, text: parsed.text.replace(ANSI_ESCAPES, '') };
  });
  const needle = search?.trim() ? search.toLocaleLowerCase('en-US') : undefined;
  if (needle) lines = lines.filter(line => line.text.toLocaleLowerCase('en-US').includes(needle));
  if (tail !== undefined && tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  return lines;
}

/** Most lines one request may ask for: enough to debug, small enough for a page. */
export const MAX_LOG_TAIL_LINES = 5000;
export const DEFAULT_LOG_TAIL_LINES = 200;

// Query parameters arrive as text: '200', 'true'. Anything else is left for zod to refuse.
const fromQueryNumber = (value: unknown) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);
const fromQueryBoolean = (value: unknown) => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  return value;
};

const tailLinesMessage = `Give a whole number of lines from 1 to ${MAX_LOG_TAIL_LINES}, e.g. ${DEFAULT_LOG_TAIL_LINES}`;
const booleanSchema = z.preprocess(fromQueryBoolean, z.boolean({ invalid_type_error: 'Use true or false' })).default(false);

/** The query of a log request: `GET …/logs?pod=web-7d9f8b6c5-x2kqp&container=web&tailLines=200&previous=true`. */
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
});

export type LogQuery = z.output<typeof logQuerySchema>;
