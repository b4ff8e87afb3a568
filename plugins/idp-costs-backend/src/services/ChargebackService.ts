import { ChargebackLine, ChargebackReport, PricePeriod, monthBounds, spreadOverTeams, totalCostOf } from '@internal/plugin-idp-costs-common';
import { CostStore } from '../database/CostStore';
import { CostSettings } from '../settings';
import { PriceBook } from './PriceBook';
import { appName, breakdownOf, groupRows } from './costViews';

/** A month's chargeback per team from the daily rollups; a month that has ended is stored once and never changes. */
export class ChargebackService {
  constructor(private readonly deps: { store: CostStore; priceBook: PriceBook; settings: CostSettings }) {}

  /** The months a team has cost in (or a stored report for), newest first, with whether each is closed. */
  async months(team: string, now: Date): Promise<Array<{ month: string; status: 'open' | 'closed' }>> {
    const months = new Set([...(await this.deps.store.monthsOf(team)), ...(await this.deps.store.closedMonths(team))]);
    return [...months]
      .sort()
      .reverse()
      .map(month => ({ month, status: monthBounds(month).end <= now.toISOString() ? 'closed' : 'open' }));
  }

  /** The report; once the month has ended (UTC), the first request stores it and every later one reads that. */
  async report(team: string, month: string, now: Date): Promise<ChargebackReport> {
    const stored = await this.deps.store.chargebackReport(team, month);
    if (stored) return stored;
    const report = await this.compute(team, month, now);
    return report.status === 'closed' ? this.deps.store.closeChargebackReport(report) : report;
  }

  /** Closes every team's report of the month just ended (the scheduled task; requests would close them too). */
  async closeMonth(month: string, now: Date): Promise<number> {
    const { start, end } = monthBounds(month);
    if (end > now.toISOString()) return 0;
    const rows = await this.deps.store.rollups('day', { from: start, to: end, lines: ['workload'] });
    const teams = [...new Set(rows.map(r => r.team))];
    for (const team of teams) await this.report(team, month, now);
    return teams.length;
  }

  private async compute(team: string, month: string, now: Date): Promise<ChargebackReport> {
    const { store, priceBook, settings } = this.deps;
    const { start, end } = monthBounds(month);
    const closed = end <= now.toISOString();
    const all = await store.rollups('day', { from: start, to: end });
    const mine = all.filter(r => r.line === 'workload' && r.team === team);
    const lines: ChargebackLine[] = [...groupRows(mine, r => `${r.namespace}/${r.app}`).values()]
      .map(group => ({ namespace: group[0].namespace, environment: group[0].environment, type: group[0].type, app: appName(group[0].app), cost: breakdownOf(group) }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.app.localeCompare(b.app));
    let spread: ChargebackReport['spread'];
    if (settings.spreadIdleAndShared) {
      const teamCosts: Record<string, number> = {};
      let idle = 0;
      let shared = 0;
      for (const row of all) {
        if (row.line === 'idle') idle += totalCostOf(row);
        else if (row.line === 'shared') shared += totalCostOf(row);
        else teamCosts[row.team] = (teamCosts[row.team] ?? 0) + totalCostOf(row);
      }
      spread = spreadOverTeams(teamCosts, idle, shared)[team] ?? { idle: 0, shared: 0 };
    }
    const priceSheets = priceBook.between(start, end);
    return {
      team,
      month,
      currency: priceBook.at(start).prices.currency,
      status: closed ? 'closed' : 'open',
      ...(closed ? { closedAt: now.toISOString() } : {}),
      generatedAt: now.toISOString(),
      lines,
      ...(spread ? { spread } : {}),
      total: lines.reduce((total, line) => total + line.cost.total, 0) + (spread ? spread.idle + spread.shared : 0),
      priceSheets,
    };
  }
}

const csvCell = (value: string | number) => {
  const text = typeof value === 'number' ? value.toFixed(6) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const periodLine = (period: PricePeriod) =>
  `# price sheet from ${period.effectiveFrom} (${period.source}${period.importId ? ` ${period.importId}` : ''}): ` +
  `cpuCoreHour=${period.prices.cpuCoreHour} ramGiBHour=${period.prices.ramGiBHour} storageGiBMonth=${period.prices.storageGiBMonth} ${period.prices.currency}`;

/**
 * The report as CSV: a header, one line per environment and app (amounts with 6 decimals), the
 * spread idle and shared lines when configured, a total line, then the price sheets used as
 * `#` comment lines (spreadsheets show them as text; CSV readers with a comment option skip them).
 */
export function chargebackCsv(report: ChargebackReport): string {
  const header = ['namespace', 'environment', 'type', 'app', 'cpu', 'ram', 'storage', 'total', 'currency'];
  const rows = report.lines.map(l => [l.namespace, l.environment, l.type, l.app, l.cost.cpu, l.cost.ram, l.cost.storage, l.cost.total, report.currency]);
  if (report.spread) {
    rows.push(['', '', '', '(idle, spread)', 0, 0, 0, report.spread.idle, report.currency]);
    rows.push(['', '', '', '(shared, spread)', 0, 0, 0, report.spread.shared, report.currency]);
  }
  rows.push(['', '', '', '(total)', '', '', '', report.total, report.currency]);
  const comments = [`# chargeback ${report.team} ${report.month} (${report.status}, generated ${report.generatedAt})`, ...report.priceSheets.map(periodLine)];
  return `${[header, ...rows].map(row => row.map(v => csvCell(v)).join(',')).join('\n')}\n${comments.join('\n')}\n`;
}
