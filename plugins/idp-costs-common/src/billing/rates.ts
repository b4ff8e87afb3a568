import { OPENCOST_DEFAULT_PRICES, PriceSheet } from '../priceSheet';
import { BillingExportError } from './BillingExportError';

/**
 * How OpenCost splits a node's hourly price when it knows only the total (costmodel.go: `cpuToRAMRatio`
 * is its default CPU price over its default RAM price): one vCPU costs as much as this many GiB of RAM.
 */
export const OPENCOST_CPU_TO_RAM_RATIO = OPENCOST_DEFAULT_PRICES.cpuCoreHour / OPENCOST_DEFAULT_PRICES.ramGiBHour;

/** An instance's hourly price split into a vCPU-hour and a GiB-hour price, as OpenCost does: `ram = price / (vcpus × ratio + GiB)`, `cpu = ram × ratio`. */
export function splitInstanceHour(hourlyPrice: number, vcpus: number, memoryGiB: number): { cpuCoreHour: number; ramGiBHour: number } {
  const ramGiBHour = hourlyPrice / (vcpus * OPENCOST_CPU_TO_RAM_RATIO + memoryGiB);
  return { cpuCoreHour: ramGiBHour * OPENCOST_CPU_TO_RAM_RATIO, ramGiBHour };
}

export type PricedResource = 'cpu' | 'ram' | 'storage';

interface ResourceTotal {
  cost: number;
  /** Core-hours, GiB-hours or GiB-months. */
  quantity: number;
  rows: number;
}

/** What an export adds up to while it is read: only sums are kept, never rows. */
export class RateTotals {
  rows = 0;
  currency?: { code: string; line: number };
  start?: number;
  end?: number;
  readonly totals: Record<PricedResource, ResourceTotal> = {
    cpu: { cost: 0, quantity: 0, rows: 0 },
    ram: { cost: 0, quantity: 0, rows: 0 },
    storage: { cost: 0, quantity: 0, rows: 0 },
  };
  /** Rows that looked like compute or storage but could not be priced, by reason (for the notes). */
  readonly skipped = new Map<string, number>();

  /** Every row counts for the period and the currency, priced or not. */
  addRow(line: number, currency: string | undefined, start: number | undefined, end: number | undefined, currencyColumn: string): void {
    this.rows++;
    if (currency) {
      if (!this.currency) this.currency = { code: currency, line };
      else if (this.currency.code !== currency) {
        throw new BillingExportError(
          `The export mixes currencies: ${this.currency.code} on line ${this.currency.line}, ${currency} on line ${line} (${currencyColumn}); ` +
            'import one currency at a time (filter the export on that column)',
        );
      }
    }
    if (start !== undefined && (this.start === undefined || start < this.start)) this.start = start;
    if (end !== undefined && (this.end === undefined || end > this.end)) this.end = end;
  }

  add(resource: PricedResource, cost: number, quantity: number): void {
    const total = this.totals[resource];
    total.cost += cost;
    total.quantity += quantity;
    total.rows++;
  }

  skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }
}

/** What an export says the prices are. */
export interface DerivedRates {
  periodStart: string;
  periodEnd: string;
  rows: number;
  matched: { cpu: number; ram: number; storage: number };
  derived: PriceSheet;
  notes: string[];
}

/** Enough digits for any price, and none of float addition's noise (0.1 + 0.2). */
const round = (value: number) => Number(value.toPrecision(10));

const PRICE_KEYS: Record<PricedResource, keyof Omit<PriceSheet, 'currency'>> = { cpu: 'cpuCoreHour', ram: 'ramGiBHour', storage: 'storageGiBMonth' };
const UNITS: Record<PricedResource, string> = { cpu: 'vCPU-hour', ram: 'GiB-hour', storage: 'GiB-month' };
const NAMES: Record<PricedResource, string> = { cpu: 'CPU', ram: 'memory', storage: 'storage' };

/**
 * The price sheet of an export: each resource's cost over its quantity (a weighted average over
 * every row that priced it). A resource without rows keeps today's price, which is only possible
 * in today's currency.
 */
export function deriveRates(totals: RateTotals, current: PriceSheet, describe: { format: string; sources: Record<PricedResource, string>; currencyColumn: string }): DerivedRates {
  if (totals.rows === 0) throw new BillingExportError(`The ${describe.format} export has a header but no rows; export a period with usage`);
  if (totals.start === undefined || totals.end === undefined) throw new BillingExportError(`No row of the ${describe.format} export has a usage start and end time`);
  const priced = (Object.keys(PRICE_KEYS) as PricedResource[]).filter(r => totals.totals[r].quantity > 0);
  if (priced.length === 0) {
    throw new BillingExportError(
      `No row of the ${describe.format} export prices CPU, memory or storage; expected ${Object.values(describe.sources).join(', ')}. ` +
        'Check that the export covers your Kubernetes nodes and their disks',
    );
  }
  const currency = totals.currency?.code ?? current.currency;
  const notes: string[] = [];
  const derived: PriceSheet = { ...current, currency };
  for (const resource of Object.keys(PRICE_KEYS) as PricedResource[]) {
    const key = PRICE_KEYS[resource];
    const total = totals.totals[resource];
    if (total.quantity > 0) {
      derived[key] = round(total.cost / total.quantity);
      continue;
    }
    if (currency !== current.currency) {
      throw new BillingExportError(
        `The export has no ${describe.sources[resource]}, so ${NAMES[resource]} would keep today's price, but that is in ${current.currency} and the export in ${currency}; ` +
          `include those rows or import an export in ${current.currency}`,
      );
    }
    notes.push(`No ${describe.sources[resource]}: ${NAMES[resource]} keeps the current price (${current[key]} ${current.currency} per ${UNITS[resource]})`);
  }
  if (!totals.currency) notes.push(`No row names a currency (${describe.currencyColumn}); the prices are taken as ${current.currency}`);
  for (const [reason, count] of totals.skipped) notes.push(`${count} ${count === 1 ? 'row' : 'rows'} left out: ${reason}`);
  return {
    periodStart: new Date(totals.start).toISOString(),
    periodEnd: new Date(totals.end).toISOString(),
    rows: totals.rows,
    matched: { cpu: totals.totals.cpu.rows, ram: totals.totals.ram.rows, storage: totals.totals.storage.rows },
    derived,
    notes,
  };
}
