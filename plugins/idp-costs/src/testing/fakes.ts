import { ResponseError } from '@backstage/errors';
import { AppCostView, ChargebackReport, OPENCOST_DEFAULT_PRICES, PlatformShowbackView, TeamShowbackView } from '@internal/plugin-idp-costs-common';
import { CostsApi } from '../api/CostsApi';

/** Test helpers: a fake CostsApi and sample answers. Not exported from the package. */

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call to ${name}`));

/** Every method rejects unless overridden. */
export function fakeCostsApi(overrides: Partial<CostsApi> = {}): CostsApi {
  return {
    getPriceSheet: async () => ({ current: OPENCOST_DEFAULT_PRICES, periods: [] }),
    getTeamShowback: unexpected('getTeamShowback'),
    getPlatformShowback: unexpected('getPlatformShowback'),
    getAppCost: unexpected('getAppCost'),
    getEnvironmentRunRates: unexpected('getEnvironmentRunRates'),
    listChargebackMonths: async team => ({ team, months: [] }),
    getChargeback: unexpected('getChargeback'),
    getChargebackCsv: unexpected('getChargebackCsv'),
    listBillingImports: async () => [],
    importBillingExport: unexpected('importBillingExport'),
    applyBillingImport: unexpected('applyBillingImport'),
    ...overrides,
  };
}

/** A ResponseError as CostsClient throws it for a Backstage JSON error. */
export async function responseError(status: number, name: string, message: string): Promise<ResponseError> {
  const response = new Response(JSON.stringify({ error: { name, message }, response: { statusCode: status } }), { status, headers: { 'content-type': 'application/json' } });
  return ResponseError.fromResponse(response as any);
}

const cost = (total: number) => ({ cpu: total * 0.6, ram: total * 0.3, storage: total * 0.1, total });

export function sampleTeamShowback(overrides: Partial<TeamShowbackView> = {}): TeamShowbackView {
  return {
    team: 'team-a',
    currency: 'USD',
    from: '2025-03-01',
    to: '2025-03-03',
    by: 'environment',
    daily: [
      { date: '2025-03-01', groups: { 'team-a-dev': 1.5, 'team-a-prod': 4 } },
      { date: '2025-03-02', groups: { 'team-a-dev': 2, 'team-a-prod': 4.5 } },
      { date: '2025-03-03', groups: { 'team-a-dev': 1, 'team-a-prod': 5 } },
    ],
    total: cost(18),
    efficiency: { cpu: 0.42, ram: 0.671 },
    topApps: [
      { app: 'web', namespace: 'team-a-prod', environment: 'prod', cost: cost(13.5), efficiency: { cpu: 0.5, ram: 0.8 } },
      { app: 'worker', namespace: 'team-a-dev', environment: 'dev', cost: cost(4.5), efficiency: { cpu: 0.1, ram: null } },
    ],
    idleEnvironments: [{ namespace: 'team-a-old', environment: 'old', type: 'development', cost: 3.2, efficiency: { cpu: 0.01, ram: 0.02 }, reason: 'used 1% of its CPU request for 7 days' }],
    rightSizing: [
      { namespace: 'team-a-prod', app: 'web', container: 'web', resource: 'cpu', request: '1', p95Usage: '120m', suggested: '200m', monthlySaving: 18.46 },
      { namespace: 'team-a-prod', app: 'web', container: 'web', resource: 'memory', request: '128Mi', p95Usage: '200Mi', suggested: '300Mi', monthlySaving: -0.52 },
    ],
    monthToDate: 18,
    monthForecast: 186,
    budget: { monthly: 150, forecastPercent: 124 },
    ...overrides,
  };
}

export function samplePlatformShowback(overrides: Partial<PlatformShowbackView> = {}): PlatformShowbackView {
  return {
    currency: 'USD',
    from: '2025-03-01',
    to: '2025-03-02',
    daily: [
      { date: '2025-03-01', groups: { 'team-a': 5.5, 'team-b': 2, idle: 3, shared: 1 } },
      { date: '2025-03-02', groups: { 'team-a': 6.5, 'team-b': 2, idle: 3, shared: 1 } },
    ],
    teams: [
      { team: 'team-a', total: 12, budget: 150, monthForecast: 186 },
      { team: 'team-b', total: 4, monthForecast: 62 },
    ],
    idle: 6,
    shared: 2,
    spread: false,
    ...overrides,
  };
}

export function sampleAppCost(overrides: Partial<AppCostView> = {}): AppCostView {
  return {
    team: 'team-a',
    app: 'web',
    currency: 'USD',
    daily: [
      { date: '2025-03-01', total: 4 },
      { date: '2025-03-02', total: 4.5 },
    ],
    byEnvironment: [
      { namespace: 'team-a-dev', environment: 'dev', type: 'development', cost: cost(1.5), monthlyRunRate: 22.5 },
      { namespace: 'team-a-prod', environment: 'prod', type: 'production', cost: cost(7), monthlyRunRate: 105 },
    ],
    total: cost(8.5),
    monthlyRunRate: 127.5,
    ...overrides,
  };
}

export function sampleChargeback(overrides: Partial<ChargebackReport> = {}): ChargebackReport {
  return {
    team: 'team-a',
    month: '2025-02',
    currency: 'USD',
    status: 'closed',
    closedAt: '2025-03-01T00:10:00Z',
    generatedAt: '2025-03-01T00:10:00Z',
    lines: [
      { namespace: 'team-a-dev', environment: 'dev', type: 'development', app: 'web', cost: cost(20) },
      { namespace: 'team-a-prod', environment: 'prod', type: 'production', app: 'web', cost: cost(100) },
    ],
    total: 120,
    priceSheets: [
      { effectiveFrom: '2025-01-01', prices: OPENCOST_DEFAULT_PRICES, source: 'opencost-default' },
      { effectiveFrom: '2025-02-15', prices: { ...OPENCOST_DEFAULT_PRICES, cpuCoreHour: 0.0422 }, source: 'billing-import', importId: 'i1' },
    ],
    ...overrides,
  };
}
