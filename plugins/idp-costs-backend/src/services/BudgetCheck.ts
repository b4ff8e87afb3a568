import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { forecastMonth, monthBounds, monthOf, totalCostOf } from '@internal/plugin-idp-costs-common';
import { CostStore } from '../database/CostStore';
import { CostSettings } from '../settings';
import { PriceBook } from './PriceBook';

/** Tells a team and its leads, once per month, when the month's forecast passes the team's budget. */
export class BudgetCheck {
  constructor(
    private readonly deps: { store: CostStore; priceBook: PriceBook; settings: CostSettings; notifications: Pick<NotificationService, 'send'>; logger: LoggerService },
  ) {}

  /** The teams notified by this run. */
  async run(now: Date): Promise<string[]> {
    const { store, priceBook, settings, notifications } = this.deps;
    const teams = Object.keys(settings.budgets);
    if (teams.length === 0) return [];
    const month = monthOf(now);
    const rows = await store.rollups('day', { from: monthBounds(month).start, to: now.toISOString(), teams, lines: ['workload'] });
    const firstSampleAt = await store.firstBucket();
    const currency = priceBook.at(now).prices.currency;
    const notified: string[] = [];
    for (const team of teams) {
      const budget = settings.budgets[team];
      const monthToDate = rows.filter(r => r.team === team).reduce((sum, r) => sum + totalCostOf(r), 0);
      const forecast = forecastMonth({ monthToDate, now, firstSampleAt });
      if (forecast <= budget) continue;
      // The claim is the once-only guard: a second replica or a later run finds it taken.
      if (!(await store.claimBudgetNotice({ team, month, sentAt: now.toISOString(), forecast, budget }))) continue;
      await notifications.send({
        recipients: { type: 'entity', entityRef: [`group:default/${team}`, `group:default/${team}-leads`] },
        payload: {
          title: `${team}'s costs are forecast to pass the budget in ${month}`,
          description: `Forecast ${forecast.toFixed(2)} ${currency} against a monthly budget of ${budget.toFixed(2)} ${currency} (${monthToDate.toFixed(2)} so far). See the costs page for the biggest apps and right-sizing suggestions.`,
          link: `/costs/teams/${team}`,
          severity: 'high',
          topic: 'slipway-cost-budget',
          scope: `slipway-cost-budget:${team}:${month}`,
        },
      });
      this.deps.logger.info(`Budget notice sent to ${team} for ${month}: forecast ${forecast.toFixed(2)} > ${budget} ${currency}`);
      notified.push(team);
    }
    return notified;
  }
}
