import { Config } from '@backstage/config';
import { CostRetention } from './database/CostStore';

/** What `slipway.costs` configures besides prices (which the PriceBook reads). */
export interface CostSettings {
  sampleIntervalMinutes: number;
  platformNamespaces: string[];
  prometheusUrl?: string;
  retention: CostRetention;
  spreadIdleAndShared: boolean;
  /** Monthly budget per team, in the price sheet's currency. */
  budgets: Record<string, number>;
  targetUtilization: number;
}

export const DEFAULT_COST_SETTINGS: CostSettings = {
  sampleIntervalMinutes: 5,
  platformNamespaces: ['slipway-system', 'kube-system'],
  retention: { rawDays: 2, hourlyDays: 35, dailyDays: 400 },
  spreadIdleAndShared: false,
  budgets: {},
  targetUtilization: 0.7,
};

/** Reads and checks the settings at start, so a wrong value stops the backend with the key and the fix. */
export function readCostSettings(config: Config): CostSettings {
  const positive = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`slipway.costs.${key}`) ?? fallback;
    if (!(value > 0)) throw new Error(`slipway.costs.${key} must be a positive number, got ${value}`);
    return value;
  };
  const targetUtilization = positive('targetUtilization', DEFAULT_COST_SETTINGS.targetUtilization);
  if (targetUtilization > 1) throw new Error(`slipway.costs.targetUtilization is a fraction of the request (0.7 = 70%), at most 1; got ${targetUtilization}`);
  const prometheusUrl = config.getOptionalString('slipway.costs.prometheus.url');
  if (prometheusUrl !== undefined && !/^https?:\/\/[^/]/.test(prometheusUrl)) {
    throw new Error(`slipway.costs.prometheus.url must be an http(s) address such as http://prometheus.monitoring:9090, got "${prometheusUrl}"`);
  }
  const budgets = (config.getOptionalConfig('slipway.costs.budgets')?.get() ?? {}) as Record<string, unknown>;
  for (const [team, amount] of Object.entries(budgets)) {
    if (typeof amount !== 'number' || !(amount > 0)) throw new Error(`slipway.costs.budgets.${team} must be a positive monthly amount, got ${JSON.stringify(amount)}`);
  }
  const sampleIntervalMinutes = positive('sampleIntervalMinutes', DEFAULT_COST_SETTINGS.sampleIntervalMinutes);
  return {
    sampleIntervalMinutes,
    platformNamespaces: config.getOptionalStringArray('slipway.costs.platformNamespaces') ?? DEFAULT_COST_SETTINGS.platformNamespaces,
    prometheusUrl,
    retention: {
      rawDays: positive('retention.rawDays', DEFAULT_COST_SETTINGS.retention.rawDays),
      hourlyDays: positive('retention.hourlyDays', DEFAULT_COST_SETTINGS.retention.hourlyDays),
      dailyDays: positive('retention.dailyDays', DEFAULT_COST_SETTINGS.retention.dailyDays),
    },
    spreadIdleAndShared: config.getOptionalBoolean('slipway.costs.spreadIdleAndShared') ?? false,
    budgets: budgets as Record<string, number>,
    targetUtilization,
  };
}
