import { LogLine } from '@internal/plugin-idp-workloads-common';

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
