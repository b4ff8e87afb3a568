const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago, as `kubectl get` writes it: `45s`, `12m`, `3h`, `2d`; `—` when unknown. */
export function age(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  if (ms < MINUTE) return `${Math.max(0, Math.floor(ms / SECOND))}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  return `${Math.floor(ms / DAY)}d`;
}

/** A time of day for log lines and chart axes: `14:05:09`. */
export function clockTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(undefined, { hour12: false });
}

/** Millicores for people: `250m`, `1 core`, `1.5 cores`. */
export function formatMillicores(millicores: number): string {
  if (millicores === 1000) return '1 core';
  if (millicores >= 1000) return `${Number((millicores / 1000).toFixed(2))} cores`;
  return `${Math.round(millicores)}m`;
}

/** Bytes for people, in binary units: `96 MiB`, `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(value < 10 && unit > 0 ? 1 : 0))} ${units[unit]}`;
}

/** `Deployment/web` */
export const objectName = (ref: { kind: string; name: string }) => `${ref.kind}/${ref.name}`;

/** A request rate: `40 req/s`, `0.25 req/s`. */
export function formatRequestRate(perSecond: number): string {
  return `${Number(perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toPrecision(2))} req/s`;
}

/** A share: `5%`, `0.12%`. */
export function formatPercent(percent: number): string {
  return `${Number(percent >= 10 ? percent.toFixed(0) : percent.toPrecision(2))}%`;
}

/** A latency: `225 ms`, `1.5 s`. */
export function formatLatency(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${Math.round(ms)} ms`;
}
