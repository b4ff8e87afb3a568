import type { ResourceDelta } from '@internal/plugin-idp-approvals-common';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** The largest one or two units of a duration: "3 days 4 hours", "2 hours 5 minutes", "1 minute". */
function duration(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.max(1, Math.floor((ms % HOUR) / MINUTE));
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return Math.floor((ms % HOUR) / MINUTE) > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  return plural(minutes, 'minute');
}

/** How long ago: "3 days 4 hours ago", "just now". */
export function ageText(iso: string, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return 'unknown';
  if (ms < MINUTE) return 'just now';
  return `${duration(ms)} ago`;
}

/** How long until expiry: "in 6 days 23 hours", or "expired". */
export function expiresInText(iso: string, now: Date = new Date()): string {
  const ms = new Date(iso).getTime() - now.getTime();
  if (Number.isNaN(ms)) return 'unknown';
  if (ms <= 0) return 'expired';
  return `in ${duration(ms)}`;
}

/** A date for people: "12 Mar 2025, 14:05" in the browser's locale. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `user:default/alice` → `alice`; other refs stay as they are. */
export function shortRef(ref: string): string {
  const match = /^user:(?:default\/)?(.+)$/.exec(ref);
  return match ? match[1] : ref;
}

function sign(n: number): string {
  if (n > 0) return '+';
  return n < 0 ? '−' : '±';
}

function cpuText(millicores: number): string {
  const abs = Math.abs(millicores);
  return abs % 1000 === 0 ? `${abs / 1000} CPU` : `${abs}m CPU`;
}

function memoryText(bytes: number): string {
  const abs = Math.abs(bytes);
  const units: [string, number][] = [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]];
  for (const [unit, size] of units) {
    if (abs >= size) return `${Number((abs / size).toFixed(2))}${unit}`;
  }
  return `${abs} bytes`;
}

/** The change each resource makes, signed: "+250m CPU", "−128Mi", "±0 replicas". */
export function resourceDeltaTexts(delta: ResourceDelta): { cpu: string; memory: string; replicas: string } {
  return {
    cpu: `${sign(delta.cpuMillicores)}${cpuText(delta.cpuMillicores)}`,
    memory: `${sign(delta.memoryBytes)}${memoryText(delta.memoryBytes)}`,
    replicas: `${sign(delta.replicas)}${plural(Math.abs(delta.replicas), 'replica')}`,
  };
}
