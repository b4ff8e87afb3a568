const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "expires in 3 days", "expired", or "never" for environments without a TTL (production). */
export function expiryText(expiresAt: string | undefined, now: Date = new Date()): string {
  if (!expiresAt) return 'never';
  const left = new Date(expiresAt).getTime() - now.getTime();
  if (Number.isNaN(left)) return 'unknown';
  if (left <= 0) return 'expired';
  if (left >= DAY) return `expires in ${plural(Math.floor(left / DAY), 'day')}`;
  if (left >= HOUR) return `expires in ${plural(Math.floor(left / HOUR), 'hour')}`;
  return `expires in ${plural(Math.max(1, Math.floor(left / 60000)), 'minute')}`;
}

/** A date for people: "12 Mar 2025, 14:05" in the browser's locale. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `now` plus a number of days, as the backend counts a TTL. */
export function addDays(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() + days * DAY);
}

/** `user:default/alice` → `alice`; other refs stay as they are. */
export function shortRef(ref: string): string {
  const match = /^user:(?:default\/)?(.+)$/.exec(ref);
  return match ? match[1] : ref;
}

/** Parses a TTL typed in a field; undefined for anything but a positive whole number. */
export function parseDays(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const days = Number(text);
  return days > 0 ? days : undefined;
}
