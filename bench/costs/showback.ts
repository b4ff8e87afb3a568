/* eslint-disable no-console */
import { ConfigReader } from '@backstage/config';
import { CostRollup, CostSample, OPENCOST_DEFAULT_PRICES, costSamples, p95, rollupSamples } from '@internal/plugin-idp-costs-common';
import { CostStore } from '@internal/plugin-idp-costs-backend/src/database/CostStore';
import { observeCluster } from '@internal/plugin-idp-costs-backend/src/sampler/observe';
import { PriceBook } from '@internal/plugin-idp-costs-backend/src/services/PriceBook';
import { ShowbackService } from '@internal/plugin-idp-costs-backend/src/services/ShowbackService';
import { appName } from '@internal/plugin-idp-costs-backend/src/services/costViews';
import { DEFAULT_COST_SETTINGS } from '@internal/plugin-idp-costs-backend/src/settings';
import knexFactory from 'knex';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PODS = arg('pods', 10_000);
const DAYS = arg('days', 30);
const TEAMS = arg('teams', 20);
const QUERIES = arg('queries', 20);
const SAMPLER_PODS = arg('sampler-pods', 5_000);
const GIB = 1024 ** 3;
const now = new Date(Date.UTC(2026, 2, 31, 12));
const start = Date.UTC(2026, 2, 31) - (DAYS - 1) * 86_400_000;
const ms = (t: bigint) => Number(t) / 1e6;

/** One single-replica app per pod, spread over teams and 5 environments each: every pod is its own rollup row. */
const podLabels = (i: number) => {
  const team = `team-${i % TEAMS}`;
  const env = `env${Math.floor(i / TEAMS) % 5}`;
  return { line: 'workload' as const, team, namespace: `${team}-${env}`, environment: env, type: 'development', app: `app-${i}`, container: 'app', pod: `app-${i}-0` };
};
const observation = (i: number) => ({ ...podLabels(i), cpuRequestCores: 0.25, cpuUsageCores: 0.05 + (i % 7) * 0.05, ramRequestBytes: GIB / 2, ramUsageBytes: GIB / 4, storageBytes: 0 });

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-costs-bench-'));
  const file = join(dir, 'costs.sqlite');
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
  try {
    const store = await CostStore.create({ getClient: async () => db } as any);
    const priceBook = await PriceBook.create(new ConfigReader({}), store);
    const showback = new ShowbackService({ store, priceBook, settings: DEFAULT_COST_SETTINGS });

    // Hourly and daily rollups written directly (prepared statements in one transaction per day), as 12
    // five-minute samples an hour would have added up. Usage is constant per pod, so one hour's rows and
    // one day's rows are computed once and written with each bucket.
    const conn = (await (db.client as any).acquireConnection()) as BetterSqlite;
    let t0 = process.hrtime.bigint();
    const oneHour = rollupSamples(costSamples({ observations: Array.from({ length: PODS }, (_, i) => observation(i)), prices: OPENCOST_DEFAULT_PRICES, at: new Date(start).toISOString(), minutes: 60 }), 'hour').map(toRow);
    const oneDay = oneHour.map(row => ({ ...row, ...Object.fromEntries(MEASURE_COLUMNS.map(c => [c, (row[c] as number) * 24])), samples: (row.samples as number) * 24 }));
    const hourly = inserter(conn, 'cost_rollups_hourly', oneHour[0]);
    const daily = inserter(conn, 'cost_rollups_daily', oneDay[0]);
    for (let day = 0; day < DAYS; day++) {
      conn.transaction(() => {
        for (let h = 0; h < 24; h++) {
          const bucket = new Date(start + day * 86_400_000 + h * 3_600_000).toISOString();
          for (const row of oneHour) hourly({ ...row, bucket });
        }
        const bucket = new Date(start + day * 86_400_000).toISOString();
        for (const row of oneDay) daily({ ...row, bucket });
      })();
    }
    const loadSeconds = ms(process.hrtime.bigint() - t0) / 1000;
    conn.exec('VACUUM');
    const bytes = statSync(file).size;

    // Raw samples of one team only (every 5 minutes for the window): what answering from raw data would read.
    const teamPods = Array.from({ length: PODS }, (_, i) => i).filter(i => i % TEAMS === 0);
    t0 = process.hrtime.bigint();
    const fiveMinutes = costSamples({ observations: teamPods.map(observation), prices: OPENCOST_DEFAULT_PRICES, at: new Date(start).toISOString(), minutes: 5 }).map(rawRow);
    const raw = inserter(conn, 'cost_samples', fiveMinutes[0]);
    for (let day = 0; day < DAYS; day++) {
      conn.transaction(() => {
        for (let t = start + day * 86_400_000; t < start + (day + 1) * 86_400_000; t += 300_000) {
          const at = new Date(t).toISOString();
          for (const row of fiveMinutes) raw({ ...row, at });
        }
      })();
    }
    const rawLoadSeconds = ms(process.hrtime.bigint() - t0) / 1000;
    await (db.client as any).releaseConnection(conn);

    const from = new Date(start).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    const rollupTimes: number[] = [];
    let rollupAnswer: Record<string, number> = {};
    for (let q = 0; q < QUERIES; q++) {
      t0 = process.hrtime.bigint();
      const view = await showback.teamShowback('team-0', { from, to }, 'app', now);
      rollupTimes.push(ms(process.hrtime.bigint() - t0));
      rollupAnswer = view.daily[0].groups;
    }
    // From raw samples: the same sums, grouped in the database (loading 4 million rows into JavaScript does not fit in memory).
    const rawTimes: number[] = [];
    let rawAnswer: Record<string, number> = {};
    for (let q = 0; q < Math.min(QUERIES, 3); q++) {
      t0 = process.hrtime.bigint();
      const rows: Array<{ day: string; app: string; total: number }> = await db('cost_samples')
        .select(db.raw('substr(at, 1, 10) as day'), 'app', db.raw('sum(cpu_cost + ram_cost + storage_cost) as total'))
        .where({ team: 'team-0' })
        .andWhere('at', '>=', `${from}T00:00:00.000Z`)
        .groupBy('day', 'app');
      rawAnswer = Object.fromEntries(rows.filter(r => r.day === from).map(r => [appName(r.app), Number(r.total)]));
      rawTimes.push(ms(process.hrtime.bigint() - t0));
    }
    const same = Object.keys(rollupAnswer).length > 0 && Object.keys(rollupAnswer).every(app => Math.abs(rollupAnswer[app] - rawAnswer[app]) < 1e-9);

    // The sampler's pure part for N pods (Kubernetes objects + metrics → cost rows), then its writes.
    const namespaces = Array.from({ length: TEAMS * 5 }, (_, i) => {
      const { team, environment, namespace } = podLabels(i % TEAMS + TEAMS * Math.floor(i / TEAMS));
      return { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': team, 'slipway.dev/environment': environment, 'slipway.dev/type': 'development' }, annotations: { 'slipway.dev/created-at': '2026-01-01T00:00:00Z' } } };
    });
    const pods = Array.from({ length: SAMPLER_PODS }, (_, i) => {
      const l = podLabels(i);
      return { metadata: { name: l.pod, namespace: l.namespace, labels: { 'slipway.dev/app': l.app } }, spec: { nodeName: 'n', containers: [{ name: 'app', resources: { requests: { cpu: '250m', memory: '512Mi' } } }] }, status: { phase: 'Running' } };
    });
    const usage = new Map(pods.map(p => [`${p.metadata.namespace}/${p.metadata.name}/app`, { cpuCores: 0.1, ramBytes: GIB / 4 }]));
    const nodes = Array.from({ length: 100 }, () => ({ status: { capacity: { cpu: '32', memory: '256Gi' } } }));
    t0 = process.hrtime.bigint();
    const { observations, capacity } = observeCluster({ namespaces, pods, claims: [], nodes, usage } as any, DEFAULT_COST_SETTINGS.platformNamespaces);
    const rows = costSamples({ observations, capacity, prices: OPENCOST_DEFAULT_PRICES, at: now.toISOString(), minutes: 5 });
    const pureMs = ms(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    await store.recordSamples(rows);
    const writeMs = ms(process.hrtime.bigint() - t0);

    const hourlyRows = (await db('cost_rollups_hourly').count({ n: '*' }))[0].n;
    console.log(`Costs bench: ${PODS} pods × ${DAYS} days of hourly rollups (${hourlyRows} hourly rows), ${TEAMS} teams, SQLite file`);
    console.log(`  load: ${loadSeconds.toFixed(1)} s; raw samples of one team (${teamPods.length} pods, 5-minute) ${rawLoadSeconds.toFixed(1)} s`);
    console.log(`  database size (rollups only, after VACUUM): ${(bytes / 1024 ** 2).toFixed(1)} MiB = ${(bytes / (PODS * DAYS)).toFixed(0)} bytes per pod-day`);
    console.log(`  showback team-0, ${DAYS} days by app, from rollups: p50 ${p50(rollupTimes).toFixed(1)} ms, p95 ${p95(rollupTimes).toFixed(1)} ms (${QUERIES} queries; target p95 < 300 ms)`);
    console.log(`  same answer from raw samples (summed in SQL):     p50 ${p50(rawTimes).toFixed(1)} ms, p95 ${p95(rawTimes).toFixed(1)} ms (${rawTimes.length} queries); answers equal: ${same}`);
    console.log(`  sampler for ${SAMPLER_PODS} pods: objects + metrics → ${rows.length} cost rows ${pureMs.toFixed(1)} ms; writes (raw + hourly + daily) ${writeMs.toFixed(1)} ms`);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BetterSqlite {
  prepare(sql: string): { run(values: Record<string, unknown>): unknown };
  transaction(fn: () => void): () => void;
  exec(sql: string): unknown;
}
const MEASURE_COLUMNS = ['container_hours', 'cpu_request_core_hours', 'cpu_usage_core_hours', 'ram_request_byte_hours', 'ram_usage_byte_hours', 'storage_byte_hours', 'cpu_cost', 'ram_cost', 'storage_cost'];
/** A prepared INSERT for rows shaped like `example` (named parameters). */
function inserter(conn: BetterSqlite, table: string, example: Record<string, unknown>) {
  const columns = Object.keys(example);
  const statement = conn.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(c => `@${c}`).join(', ')})`);
  return (row: Record<string, unknown>) => statement.run(row);
}

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const snake = (name: string) => name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
function toRow(rollup: CostRollup): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rollup).map(([k, v]) => [snake(k), v]));
}
function rawRow(sample: CostSample) {
  return Object.fromEntries(Object.entries(sample).map(([k, v]) => [snake(k), v]));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
