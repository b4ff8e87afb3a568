import {
  AppCostView,
  ContainerUsageHistory,
  CostRollup,
  EnvironmentRunRatesView,
  PlatformShowbackView,
  RightSizingSuggestion,
  ShowbackGrouping,
  TeamShowbackView,
  forecastMonth,
  monthBounds,
  monthOf,
  rightSizingSuggestions,
  spreadOverTeams,
  totalCostOf,
} from '@internal/plugin-idp-costs-common';
import { CostStore } from '../database/CostStore';
import { CostSettings } from '../settings';
import { PriceBook } from './PriceBook';
import { appName, breakdownOf, dailySeries, efficiencyOf, groupRows, monthlyRunRate } from './costViews';

const DAY = 86_400_000;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString();
const dayStart = (date: string) => `${date}T00:00:00.000Z`;
const sum = (rows: CostRollup[]) => rows.reduce((total, row) => total + totalCostOf(row), 0);
const isContainer = (row: CostRollup) => !row.container.startsWith('pvc:');
/** Under this share of what was requested, an environment counts as idle. */
const IDLE_EFFICIENCY = 0.05;

/** The usage history right-sizing looks at. */
export const RIGHT_SIZING_DAYS = 14;

/** A window of whole UTC days, `from` and `to` inclusive. */
export interface DayWindow {
  from: string;
  to: string;
}

/** Showback, the platform view, an app's cost and run-rates: all read from the rollups. */
export class ShowbackService {
  constructor(private readonly deps: { store: CostStore; priceBook: PriceBook; settings: CostSettings }) {}

  private async monthToDate(now: Date, teams?: string[]) {
    const { start } = monthBounds(monthOf(now));
    const [totals, firstSampleAt] = await Promise.all([this.deps.store.totalsByTeam('day', start, now.toISOString(), teams), this.deps.store.firstBucket()]);
    const of = (team: string) => {
      const monthToDate = totals.get(team) ?? 0;
      return { monthToDate, monthForecast: forecastMonth({ monthToDate, now, firstSampleAt }) };
    };
    return { of, teams: [...totals.keys()] };
  }

  /** Idle and shared over a range, and each team's share of them when spreading is configured. */
  private async spreadShares(from: string, to: string) {
    const rows = await this.deps.store.rollups('day', { from, to });
    const teamCosts: Record<string, number> = {};
    let idle = 0;
    let shared = 0;
    for (const row of rows) {
      if (row.line === 'idle') idle += totalCostOf(row);
      else if (row.line === 'shared') shared += totalCostOf(row);
      else teamCosts[row.team] = (teamCosts[row.team] ?? 0) + totalCostOf(row);
    }
    return { rows, idle, shared, shares: spreadOverTeams(teamCosts, idle, shared) };
  }

  async teamShowback(team: string, window: DayWindow, by: ShowbackGrouping, now: Date): Promise<TeamShowbackView> {
    const { store, priceBook, settings } = this.deps;
    const range = { from: dayStart(window.from), to: nextDay(window.to) };
    const rows = await store.rollups('day', { ...range, teams: [team], lines: ['workload'] });
    const daily = dailySeries(rows, window.from, window.to, row => (by === 'app' ? appName(row.app) : row.namespace));
    const apps = [...groupRows(rows, r => `${r.namespace}/${r.app}`).values()].map(group => ({
      app: appName(group[0].app),
      namespace: group[0].namespace,
      environment: group[0].environment,
      cost: breakdownOf(group),
      efficiency: efficiencyOf(group.filter(isContainer)),
    }));
    const idleEnvironments = [...groupRows(rows, r => r.namespace).values()].flatMap(group => {
      const containers = group.filter(isContainer);
      const efficiency = efficiencyOf(containers);
      const used = containers.reduce((total, r) => total + r.cpuUsageCoreHours + r.ramUsageByteHours, 0);
      let reason: string | undefined;
      if (used === 0) reason = 'No CPU or memory used in the window';
      else if ((efficiency.cpu ?? 0) < IDLE_EFFICIENCY && (efficiency.ram ?? 0) < IDLE_EFFICIENCY) reason = `Used under ${IDLE_EFFICIENCY * 100}% of the CPU and memory it requested`;
      return reason ? [{ namespace: group[0].namespace, environment: group[0].environment, type: group[0].type, cost: sum(group), efficiency, reason }] : [];
    });
    const month = await this.monthToDate(now, [team]);
    const budget = settings.budgets[team];
    const view: TeamShowbackView = {
      team,
      currency: priceBook.at(now).prices.currency,
      from: window.from,
      to: window.to,
      by,
      daily,
      total: breakdownOf(rows),
      efficiency: efficiencyOf(rows.filter(isContainer)),
      topApps: apps.sort((a, b) => b.cost.total - a.cost.total).slice(0, 10),
      idleEnvironments,
      // Refreshed hourly from the hourly rollups (refreshRightSizing): a showback reads, it does not compute them.
      rightSizing: (await store.rightSizingOf(team)) ?? [],
      ...month.of(team),
    };
    if (budget) view.budget = { monthly: budget, forecastPercent: (view.monthForecast / budget) * 100 };
    if (settings.spreadIdleAndShared) view.spread = (await this.spreadShares(range.from, range.to)).shares[team] ?? { idle: 0, shared: 0 };
    return view;
  }

  /**
   * Computes and stores every team's right-sizing suggestions over the last `RIGHT_SIZING_DAYS`
   * (the scheduled refresh; one team at a time, so memory stays bounded).
   */
  async refreshRightSizing(now: Date): Promise<number> {
    const from = new Date(now.getTime() - RIGHT_SIZING_DAYS * DAY).toISOString();
    const teams = await this.deps.store.teamsSince('hour', from);
    for (const team of teams) {
      await this.deps.store.saveRightSizing(team, await this.rightSizing(team, { from, to: now.toISOString() }, now), now.toISOString(), from);
    }
    return teams.length;
  }

  /**
   * p95 of each container's hourly per-replica usage over the window (hourly rollups: they are
   * kept 35 days), against its request in the last hour seen.
   */
  async rightSizing(team: string, range: { from: string; to: string }, now: Date): Promise<RightSizingSuggestion[]> {
    const { store, priceBook, settings } = this.deps;
    const hourly = (await store.rollups('hour', { ...range, teams: [team], lines: ['workload'] })).filter(r => isContainer(r) && r.containerHours > 0);
    const prices = priceBook.at(now).prices;
    return [...groupRows(hourly, r => `${r.namespace}/${r.app}/${r.container}`).values()].flatMap(hours => {
      const last = hours[hours.length - 1];
      // The last hour may still be filling up; the one before it counts the replicas more fairly.
      const full = hours.length > 1 ? hours[hours.length - 2] : last;
      const history: ContainerUsageHistory = {
        namespace: last.namespace,
        app: appName(last.app),
        container: last.container,
        replicas: Math.max(1, Math.round(full.containerHours)),
        cpuRequestCores: last.cpuRequestCoreHours / last.containerHours,
        ramRequestBytes: last.ramRequestByteHours / last.containerHours,
        cpuUsageCores: hours.map(h => h.cpuUsageCoreHours / h.containerHours),
        ramUsageBytes: hours.map(h => h.ramUsageByteHours / h.containerHours),
      };
      return rightSizingSuggestions(history, prices, settings.targetUtilization);
    });
  }

  async platformShowback(window: DayWindow, now: Date): Promise<PlatformShowbackView> {
    const { priceBook, settings } = this.deps;
    const { rows, idle, shared } = await this.spreadShares(dayStart(window.from), nextDay(window.to));
    const daily = dailySeries(rows, window.from, window.to, row => (row.line === 'workload' ? row.team : row.line));
    const month = await this.monthToDate(now);
    const teams = new Set([...rows.filter(r => r.line === 'workload').map(r => r.team), ...month.teams, ...Object.keys(settings.budgets)]);
    const byTeam = groupRows(rows.filter(r => r.line === 'workload'), r => r.team);
    return {
      currency: priceBook.at(now).prices.currency,
      from: window.from,
      to: window.to,
      daily,
      teams: [...teams].sort().map(team => ({ team, total: sum(byTeam.get(team) ?? []), budget: settings.budgets[team], monthForecast: month.of(team).monthForecast })),
      idle,
      shared,
      spread: settings.spreadIdleAndShared,
    };
  }

  async appCost(team: string, app: string, days: number, now: Date): Promise<AppCostView> {
    const { store, priceBook } = this.deps;
    const to = now.toISOString().slice(0, 10);
    const from = new Date(Date.parse(dayStart(to)) - (days - 1) * DAY).toISOString().slice(0, 10);
    const rows = await store.rollups('day', { from: dayStart(from), to: nextDay(to), teams: [team], app, lines: ['workload'] });
    const recent = await store.rollups('hour', { from: new Date(now.getTime() - DAY).toISOString(), to: now.toISOString(), teams: [team], app, lines: ['workload'] });
    const recentByNamespace = groupRows(recent, r => r.namespace);
    const byEnvironment = [...groupRows(rows, r => r.namespace).values()].map(group => ({
      namespace: group[0].namespace,
      environment: group[0].environment,
      type: group[0].type,
      cost: breakdownOf(group),
      monthlyRunRate: monthlyRunRate(recentByNamespace.get(group[0].namespace) ?? []),
    }));
    return {
      team,
      app,
      currency: priceBook.at(now).prices.currency,
      daily: dailySeries(rows, from, to, () => 'total').map(point => ({ date: point.date, total: point.groups.total ?? 0 })),
      byEnvironment,
      total: breakdownOf(rows),
      monthlyRunRate: byEnvironment.reduce((total, e) => total + e.monthlyRunRate, 0),
    };
  }

  /** The run-rate of each environment seen in the last 24 hours, for the namespaces `readable` keeps. */
  async runRates(now: Date, readable: (namespaces: string[]) => Promise<string[]>): Promise<EnvironmentRunRatesView> {
    const recent = await this.deps.store.rollups('hour', { from: new Date(now.getTime() - DAY).toISOString(), to: now.toISOString(), lines: ['workload'] });
    const byNamespace = groupRows(recent, r => r.namespace);
    const allowed = new Set(await readable([...byNamespace.keys()]));
    return {
      currency: this.deps.priceBook.at(now).prices.currency,
      items: [...byNamespace]
        .filter(([namespace]) => allowed.has(namespace))
        .map(([namespace, rows]) => ({ namespace, monthlyRunRate: monthlyRunRate(rows) }))
        .sort((a, b) => a.namespace.localeCompare(b.namespace)),
    };
  }
}
