const HOUR_MS = 3_600_000;

/** `YYYY-MM` of a time, UTC. */
export const monthOf = (at: Date | string) => new Date(at).toISOString().slice(0, 7);

/** First instant of the month and of the next one, ISO. */
export function monthBounds(month: string): { start: string; end: string } {
  const [year, m] = month.split('-').map(Number);
  return { start: new Date(Date.UTC(year, m - 1, 1)).toISOString(), end: new Date(Date.UTC(year, m, 1)).toISOString() };
}

/**
 * The month's cost if it goes on at the average rate seen so far: month-to-date ÷ the time observed
 * this month × the month's length. Observation starts at the month's start or at the first sample,
 * whichever is later, so a sampler started mid-month does not dilute the rate.
 */
export function forecastMonth(input: { monthToDate: number; now: Date; firstSampleAt?: string }): number {
  const { start, end } = monthBounds(monthOf(input.now));
  const from = Math.max(Date.parse(start), input.firstSampleAt ? Date.parse(input.firstSampleAt) : Date.parse(start));
  const observed = input.now.getTime() - from;
  const remaining = Math.max(0, Date.parse(end) - input.now.getTime());
  // Less than an hour seen says little; report what is known rather than a wild extrapolation.
  if (observed < HOUR_MS) return input.monthToDate;
  return input.monthToDate + (input.monthToDate / observed) * remaining;
}

/** Idle and shared cost spread onto each team in proportion to its own cost. */
export function spreadOverTeams(teamCosts: Record<string, number>, idle: number, shared: number): Record<string, { idle: number; shared: number }> {
  const total = Object.values(teamCosts).reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    Object.entries(teamCosts).map(([team, cost]) => [team, total > 0 ? { idle: (idle * cost) / total, shared: (shared * cost) / total } : { idle: 0, shared: 0 }]),
  );
}
