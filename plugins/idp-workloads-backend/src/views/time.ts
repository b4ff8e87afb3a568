/**
 * A Kubernetes timestamp as an ISO string. @kubernetes/client-node types them as Date, and its
 * API calls do deserialize them, but objects from a watch arrive as plain JSON with strings; a
 * cache fed by both holds either, so every reader accepts both.
 */
export function isoTime(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Milliseconds since the epoch, or undefined; for comparing times. */
export function epochMs(value: Date | string | undefined | null): number | undefined {
  const iso = isoTime(value);
  return iso === undefined ? undefined : Date.parse(iso);
}

/** Newest first; times that are unknown go last. */
export function compareNewestFirst(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? 1 : -1;
}
