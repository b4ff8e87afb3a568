import type { Efficiency } from '@internal/plugin-idp-costs-common';

export { formatMoney, formatMoneyDelta } from '@internal/plugin-idp-costs-common';

/** usage ÷ request as a percentage; `—` when nothing was requested. */
export function formatEfficiency(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 100)}%`;
}

/** `CPU 42% · memory 67%`. */
export function efficiencyText(efficiency: Efficiency): string {
  return `CPU ${formatEfficiency(efficiency.cpu)} · memory ${formatEfficiency(efficiency.ram)}`;
}

/** `YYYY-MM` of a time, in UTC as the backend counts months. */
export function monthOf(time: Date): string {
  return time.toISOString().slice(0, 7);
}

/** `March 2025` for `2025-03`. */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** `YYYY-MM-DD` (UTC) `days` before `now`. */
export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** `Mar 5` for `2025-03-05`: the chart's axis. */
export function shortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
