import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { BillingExportError, BillingExportFormat, BillingImportView, DerivedRates, readBillingExport } from '@internal/plugin-idp-costs-common';
import { randomUUID } from 'node:crypto';
import { BillingImportStore } from './BillingImportStore';
import { PricePeriodSink } from './PricePeriodSink';
import { gunzipIfCompressed, limited, withSpooledFile } from './uploads';

/** A month of CUR 2.0 for a large account is well under this; the limit keeps a mistaken upload from filling the disk. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Reads billing exports into price sheets, keeps them, and applies one as a price period when an admin says from when. */
export class BillingImportService {
  private readonly maxBytes: number;
  private readonly now: () => Date;

  constructor(private readonly options: { store: BillingImportStore; priceBook: PricePeriodSink; maxBytes?: number; now?: () => Date }) {
    this.maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
    this.now = options.now ?? (() => new Date());
  }

  /** Reads the export as it arrives (CSV, gzip or not) or from a temporary file (Parquet); nothing is stored if it cannot be read. */
  async importExport(request: { format: BillingExportFormat; fileName: string; actor: string; body: AsyncIterable<Uint8Array | string> }): Promise<BillingImportView> {
    const current = await this.options.priceBook.current();
    const chunks = limited(request.body, this.maxBytes);
    let rates: DerivedRates;
    try {
      rates = request.format.endsWith('parquet')
        ? await withSpooledFile(chunks, file => readBillingExport(request.format, file, current))
        : await readBillingExport(request.format, gunzipIfCompressed(chunks), current);
    } catch (error) {
      if (error instanceof BillingExportError) throw new InputError(`body: ${error.message} (file ${request.fileName})`);
      throw error;
    }
    const view: BillingImportView = {
      id: randomUUID(),
      format: request.format,
      fileName: request.fileName,
      importedBy: request.actor,
      importedAt: this.now().toISOString(),
      ...rates,
    };
    await this.options.store.insert(view);
    return view;
  }

  list(): Promise<BillingImportView[]> {
    return this.options.store.list();
  }

  async get(id: string): Promise<BillingImportView> {
    const view = await this.options.store.get(id);
    if (!view) throw new NotFoundError(`No billing import ${id}; GET /price-imports lists them`);
    return view;
  }

  /** The import's prices from `effectiveFrom` on; once per import, so a price period is never added twice. */
  async apply(id: string, effectiveFrom: string, actor: string): Promise<BillingImportView> {
    const view = await this.get(id);
    const already = () => new ConflictError(`Billing import ${id} was applied from ${view.appliedFrom ?? 'another date'} already; import the file again to apply its prices from another date`);
    if (view.appliedFrom) throw already();
    if (!(await this.options.store.markApplied(id, effectiveFrom, actor, this.now()))) throw already();
    try {
      await this.options.priceBook.addPeriod({ effectiveFrom, prices: view.derived, source: 'billing-import', importId: id });
    } catch (error) {
      await this.options.store.unmarkApplied(id, effectiveFrom);
      throw error;
    }
    return { ...view, appliedFrom: effectiveFrom };
  }
}
