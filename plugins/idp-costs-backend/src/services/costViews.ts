import { CostBreakdown, CostRollup, CostSeriesPoint, Efficiency, totalCostOf } from '@internal/plugin-idp-costs-common';

/** Pure shaping of rollup rows into the API's pieces (breakdowns, efficiency, daily series, run-rates). */

export const breakdownOf = (rows: CostRollup[]): CostBreakdown => {
  const sum = { cpu: 0, ram: 0, storage: 0, total: 0 };
  for (const row of rows) {
    sum.cpu += row.cpuCost;
    sum.ram += row.ramCost;
    sum.storage += row.storageCost;
  }
  sum.total = sum.cpu + sum.ram + sum.storage;
  return sum;
};

export const efficiencyOf = (rows: CostRollup[]): Efficiency => {
  let cpuRequest = 0;
  let cpuUsage = 0;
  let ramRequest = 0;
  let ramUsage = 0;
  for (const row of rows) {
    cpuRequest += row.cpuRequestCoreHours;
    cpuUsage += row.cpuUsageCoreHours;
    ramRequest += row.ramRequestByteHours;
    ramUsage += row.ramUsageByteHours;
  }
  return { cpu: cpuRequest > 0 ? cpuUsage / cpuRequest : null, ram: ramRequest > 0 ? ramUsage / ramRequest : null };
};

/** Every UTC date from `from` to `to` inclusive, `YYYY-MM-DD`. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

/** A daily series with one group per `groupOf(row)`; days without cost are present with no groups. */
export function dailySeries(rows: CostRollup[], from: string, to: string, groupOf: (row: CostRollup) => string): CostSeriesPoint[] {
  const byDate = new Map(datesBetween(from, to).map(date => [date, {} as Record<string, number>]));
  for (const row of rows) {
    const groups = byDate.get(row.bucket.slice(0, 10));
    if (!groups) continue;
    const group = groupOf(row);
    groups[group] = (groups[group] ?? 0) + totalCostOf(row);
  }
  return [...byDate].map(([date, groups]) => ({ date, groups }));
}

/** Sums rows per key. */
export function groupRows(rows: CostRollup[], keyOf: (row: CostRollup) => string): Map<string, CostRollup[]> {
  const groups = new Map<string, CostRollup[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(row);
  }
  return groups;
}

/** A month's cost at the rate of the hourly rows given (cost per observed hour × 730). */
export function monthlyRunRate(hourlyRows: CostRollup[]): number {
  const hours = new Set(hourlyRows.map(r => r.bucket)).size;
  if (hours === 0) return 0;
  return (hourlyRows.reduce((sum, row) => sum + totalCostOf(row), 0) / hours) * 730;
}

export const appName = (app: string) => app || '(no app label)';
