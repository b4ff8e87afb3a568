import { CostLabels, CostLine, CostSample } from './costSamples';

export type RollupResolution = 'hour' | 'day';

/** A sum of samples over one hour or day for one container (or volume, or the idle line). */
export interface CostRollup extends CostLabels {
  /** Start of the hour or day, ISO (UTC). */
  bucket: string;
  samples: number;
  /** Container-hours observed (minutes × containers ÷ 60): the divisor for per-replica averages. */
  containerHours: number;
  cpuRequestCoreHours: number;
  cpuUsageCoreHours: number;
  ramRequestByteHours: number;
  ramUsageByteHours: number;
  storageByteHours: number;
  cpuCost: number;
  ramCost: number;
  storageCost: number;
}

export const ROLLUP_MEASURES = [
  'samples',
  'containerHours',
  'cpuRequestCoreHours',
  'cpuUsageCoreHours',
  'ramRequestByteHours',
  'ramUsageByteHours',
  'storageByteHours',
  'cpuCost',
  'ramCost',
  'storageCost',
] as const;

/** The key a rollup row is unique on: the labels that vary independently, plus the bucket. */
export const ROLLUP_KEY = ['bucket', 'line', 'namespace', 'app', 'container'] as const;

/** The start of the UTC hour or day `at` falls in. */
export function bucketStart(at: string | Date, resolution: RollupResolution): string {
  const date = new Date(at);
  if (resolution === 'hour') date.setUTCMinutes(0, 0, 0);
  else date.setUTCHours(0, 0, 0, 0);
  return date.toISOString();
}

const keyOf = (row: CostLabels & { bucket: string }) => ROLLUP_KEY.map(k => row[k]).join('\u0000');

/** One rollup row per key for the samples: what the store adds onto the rows it already has. */
export function rollupSamples(samples: CostSample[], resolution: RollupResolution): CostRollup[] {
  const rows = new Map<string, CostRollup>();
  for (const sample of samples) {
    const hours = sample.minutes / 60;
    const bucket = bucketStart(sample.at, resolution);
    const key = keyOf({ ...sample, bucket });
    let row = rows.get(key);
    if (!row) {
      const { line, team, namespace, environment, type, app, container } = sample;
      row = { bucket, line, team, namespace, environment, type, app, container, ...zeroMeasures() };
      rows.set(key, row);
    }
    row.samples += 1;
    row.containerHours += hours;
    row.cpuRequestCoreHours += sample.cpuRequestCores * hours;
    row.cpuUsageCoreHours += sample.cpuUsageCores * hours;
    row.ramRequestByteHours += sample.ramRequestBytes * hours;
    row.ramUsageByteHours += sample.ramUsageBytes * hours;
    row.storageByteHours += sample.storageBytes * hours;
    row.cpuCost += sample.cpuCost;
    row.ramCost += sample.ramCost;
    row.storageCost += sample.storageCost;
  }
  return [...rows.values()];
}

export function zeroMeasures(): Pick<CostRollup, (typeof ROLLUP_MEASURES)[number]> {
  return Object.fromEntries(ROLLUP_MEASURES.map(m => [m, 0])) as Pick<CostRollup, (typeof ROLLUP_MEASURES)[number]>;
}

/** Rollup rows summed by a grouping of their labels (e.g. per namespace), keeping the first row's labels. */
export function sumRollups<K extends string>(rows: CostRollup[], groupOf: (row: CostRollup) => K): Map<K, CostRollup> {
  const sums = new Map<K, CostRollup>();
  for (const row of rows) {
    const key = groupOf(row);
    const sum = sums.get(key);
    if (!sum) sums.set(key, { ...row });
    else for (const m of ROLLUP_MEASURES) sum[m] += row[m];
  }
  return sums;
}

export const totalCostOf = (row: Pick<CostRollup, 'cpuCost' | 'ramCost' | 'storageCost'>) => row.cpuCost + row.ramCost + row.storageCost;

export const isLine = (line: CostLine) => (row: CostLabels) => row.line === line;
