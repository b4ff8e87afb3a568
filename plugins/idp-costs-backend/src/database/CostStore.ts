import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ChargebackReport,
  CostLine,
  CostRollup,
  CostSample,
  PricePeriod,
  ROLLUP_KEY,
  ROLLUP_MEASURES,
  RightSizingSuggestion,
  RollupResolution,
  rollupSamples,
} from '@internal/plugin-idp-costs-common';
import { Knex } from 'knex';

const ROLLUP_TABLES: Record<RollupResolution, string> = { hour: 'cost_rollups_hourly', day: 'cost_rollups_daily' };
const LABELS = ['line', 'team', 'namespace', 'environment', 'type', 'app', 'container'] as const;
const snake = (name: string) => name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
// SQLite allows 32766 bound values per statement; rows of ~20 columns stay well below in chunks of 500.
const CHUNK = 500;

/** Which rollup rows a query reads: a time range of buckets [from, to) and optional label filters. */
export interface RollupFilter {
  from: string;
  to: string;
  lines?: CostLine[];
  teams?: string[];
  namespaces?: string[];
  app?: string;
}

/** How long each resolution is kept, in days. */
export interface CostRetention {
  rawDays: number;
  hourlyDays: number;
  dailyDays: number;
}

/** Each measure with its column, worked out once: a showback maps tens of thousands of rows. */
const MEASURE_COLUMNS = ROLLUP_MEASURES.map(measure => [measure, snake(measure)] as const);


function rollupRow(rollup: CostRollup) {
  const row: Record<string, unknown> = { bucket: rollup.bucket };
  for (const label of LABELS) row[label] = rollup[label];
  for (const measure of ROLLUP_MEASURES) row[snake(measure)] = rollup[measure];
  return row;
}

function sampleRow(sample: CostSample) {
  return {
    at: sample.at,
    minutes: sample.minutes,
    ...Object.fromEntries(LABELS.map(l => [l, sample[l]])),
    pod: sample.pod,
    cpu_request_cores: sample.cpuRequestCores,
    cpu_usage_cores: sample.cpuUsageCores,
    ram_request_bytes: sample.ramRequestBytes,
    ram_usage_bytes: sample.ramUsageBytes,
    storage_bytes: sample.storageBytes,
    cpu_cost: sample.cpuCost,
    ram_cost: sample.ramCost,
    storage_cost: sample.storageCost,
  };
}

function toSample(row: any): CostSample {
  return {
    at: row.at,
    minutes: Number(row.minutes),
    line: row.line,
    team: row.team,
    namespace: row.namespace,
    environment: row.environment,
    type: row.type,
    app: row.app,
    container: row.container,
    pod: row.pod,
    cpuRequestCores: Number(row.cpu_request_cores),
    cpuUsageCores: Number(row.cpu_usage_cores),
    ramRequestBytes: Number(row.ram_request_bytes),
    ramUsageBytes: Number(row.ram_usage_bytes),
    storageBytes: Number(row.storage_bytes),
    cpuCost: Number(row.cpu_cost),
    ramCost: Number(row.ram_cost),
    storageCost: Number(row.storage_cost),
  };
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/**
 * Cost samples and their rollups in the plugin's database (SQLite or PostgreSQL). Each sampler run
 * adds its rows to the hourly and daily rollups in the same transaction (an upsert that adds), so
 * queries read rollups only and the rollups always equal the sum of the samples stored.
 */
export class CostStore {
  static async create(database: DatabaseService): Promise<CostStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: resolvePackagePath('@internal/plugin-idp-costs-backend', 'migrations') });
    }
    return new CostStore(client);
  }

  constructor(private readonly db: Knex) {}

  async recordSamples(samples: CostSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.db.transaction(async tx => {
      for (let i = 0; i < samples.length; i += CHUNK) await tx('cost_samples').insert(samples.slice(i, i + CHUNK).map(sampleRow));
      for (const resolution of ['hour', 'day'] as const) await this.addToRollups(tx, resolution, rollupSamples(samples, resolution));
    });
  }

  /** Adds the rows onto the stored rollups (INSERT … ON CONFLICT DO UPDATE, on both databases). */
  private async addToRollups(tx: Knex.Transaction, resolution: RollupResolution, rollups: CostRollup[]) {
    const table = ROLLUP_TABLES[resolution];
    const measures = ['samples', ...ROLLUP_MEASURES.filter(m => m !== 'samples').map(snake)];
    const merge = Object.fromEntries(measures.map(column => [column, tx.raw('?? + excluded.??', [`${table}.${column}`, column])]));
    for (let i = 0; i < rollups.length; i += CHUNK) {
      await tx(table)
        .insert(rollups.slice(i, i + CHUNK).map(rollupRow))
        .onConflict([...ROLLUP_KEY])
        .merge(merge);
    }
  }

  async rollups(resolution: RollupResolution, filter: RollupFilter): Promise<CostRollup[]> {
    // Columns come back named as CostRollup's fields: no second object per row.
    const query = this.db(ROLLUP_TABLES[resolution])
      .select(['bucket', ...LABELS, ...MEASURE_COLUMNS.map(([measure, column]) => `${column} as ${measure}`)])
      .where('bucket', '>=', filter.from)
      .andWhere('bucket', '<', filter.to);
    if (filter.lines) query.whereIn('line', filter.lines);
    if (filter.teams) query.whereIn('team', filter.teams);
    if (filter.namespaces) query.whereIn('namespace', filter.namespaces);
    if (filter.app !== undefined) query.where('app', filter.app);
    const rows: CostRollup[] = await query.orderBy('bucket');
    // SQLite answers numbers; a driver that answers numeric text gets them converted.
    if (rows.length && typeof rows[0].cpuCost !== 'number') return rows.map(row => ({ ...row, ...Object.fromEntries(ROLLUP_MEASURES.map(m => [m, Number(row[m])])) }));
    return rows;
  }

  /** Each team's workload cost in [from, to), summed by the database (month-to-date, forecasts). */
  async totalsByTeam(resolution: RollupResolution, from: string, to: string, teams?: string[]): Promise<Map<string, number>> {
    const query = this.db(ROLLUP_TABLES[resolution])
      .select('team')
      .sum({ total: this.db.raw('cpu_cost + ram_cost + storage_cost') })
      .where('bucket', '>=', from)
      .andWhere('bucket', '<', to)
      .andWhere({ line: 'workload' })
      .groupBy('team');
    if (teams) query.whereIn('team', teams);
    return new Map((await query).map((row: any) => [row.team, Number(row.total)]));
  }

  /** Raw samples in [from, to): for tests and the bench's side-by-side; queries never read them. */
  async samples(from: string, to: string): Promise<CostSample[]> {
    return (await this.db('cost_samples').where('at', '>=', from).andWhere('at', '<', to).orderBy('id')).map(toSample);
  }

  /** The first day with any cost: a forecast counts from there when the sampler started mid-month. */
  /** Replaces a team's right-sizing suggestions (computed from the hourly rollups by the refresh task). */
  async saveRightSizing(team: string, suggestions: RightSizingSuggestion[], computedAt: string, windowFrom: string): Promise<void> {
    await this.db('cost_right_sizing')
      .insert({ team, computed_at: computedAt, window_from: windowFrom, suggestions: JSON.stringify(suggestions) })
      .onConflict('team')
      .merge();
  }

  async rightSizingOf(team: string): Promise<RightSizingSuggestion[] | undefined> {
    const row = await this.db('cost_right_sizing').where({ team }).first();
    return row ? (JSON.parse(row.suggestions) as RightSizingSuggestion[]) : undefined;
  }

  /** Teams with workload rollups since `from`. */
  async teamsSince(resolution: RollupResolution, from: string): Promise<string[]> {
    const rows = await this.db(ROLLUP_TABLES[resolution]).where('bucket', '>=', from).andWhere({ line: 'workload' }).distinct('team');
    return rows.map(r => r.team).sort();
  }

  async firstBucket(): Promise<string | undefined> {
    const row = await this.db(ROLLUP_TABLES.day).min({ first: 'bucket' }).first();
    return row?.first ?? undefined;
  }

  /** The months a team has cost in, newest first. */
  async monthsOf(team: string): Promise<string[]> {
    const rows = await this.db(ROLLUP_TABLES.day).where({ team, line: 'workload' }).distinct('bucket');
    return [...new Set(rows.map(r => String(r.bucket).slice(0, 7)))].sort().reverse();
  }

  /** Drops what is older than each resolution keeps; returns the rows removed per table. */
  async prune(now: Date, retention: CostRetention): Promise<Record<string, number>> {
    return {
      cost_samples: await this.db('cost_samples').where('at', '<', daysBefore(now, retention.rawDays)).delete(),
      cost_rollups_hourly: await this.db(ROLLUP_TABLES.hour).where('bucket', '<', daysBefore(now, retention.hourlyDays)).delete(),
      cost_rollups_daily: await this.db(ROLLUP_TABLES.day).where('bucket', '<', daysBefore(now, retention.dailyDays)).delete(),
    };
  }

  async pricePeriods(): Promise<PricePeriod[]> {
    const rows = await this.db('cost_price_periods').orderBy('id');
    return rows.map(row => ({
      effectiveFrom: row.effective_from,
      prices: JSON.parse(row.prices),
      source: row.source,
      ...(row.import_id ? { importId: row.import_id } : {}),
    }));
  }

  async addPricePeriod(period: PricePeriod, now: Date): Promise<void> {
    await this.db('cost_price_periods').insert({
      effective_from: period.effectiveFrom,
      prices: JSON.stringify(period.prices),
      source: period.source,
      import_id: period.importId ?? null,
      added_at: now.toISOString(),
    });
  }

  async chargebackReport(team: string, month: string): Promise<ChargebackReport | undefined> {
    const row = await this.db('chargeback_reports').where({ team, month }).first();
    return row ? JSON.parse(row.report) : undefined;
  }

  async closedMonths(team: string): Promise<string[]> {
    return (await this.db('chargeback_reports').where({ team }).select('month')).map(r => r.month);
  }

  /** Stores a closed month's report unless one is already stored (the first one stays); returns the stored one. */
  async closeChargebackReport(report: ChargebackReport): Promise<ChargebackReport> {
    await this.db('chargeback_reports')
      .insert({ team: report.team, month: report.month, closed_at: report.closedAt, report: JSON.stringify(report) })
      .onConflict(['team', 'month'])
      .ignore();
    return (await this.chargebackReport(report.team, report.month))!;
  }

  /** Records that the team was told about this month's budget; false when someone (another replica) already did. */
  async claimBudgetNotice(notice: { team: string; month: string; sentAt: string; forecast: number; budget: number }): Promise<boolean> {
    const before = await this.db('cost_budget_notices').where({ team: notice.team, month: notice.month }).first();
    if (before) return false;
    const inserted = await this.db('cost_budget_notices')
      .insert({ team: notice.team, month: notice.month, sent_at: notice.sentAt, forecast: notice.forecast, budget: notice.budget })
      .onConflict(['team', 'month'])
      .ignore()
      .returning('team');
    return Array.isArray(inserted) && inserted.length > 0;
  }
}
