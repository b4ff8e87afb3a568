import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { BillingExportFormat, BillingImportView } from '@internal/plugin-idp-costs-common';
import { Knex } from 'knex';

const IMPORTS = 'billing_imports';

const iso = (value: unknown) => new Date(value as string | number | Date).toISOString();
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function toView(row: any): BillingImportView {
  return {
    id: row.id,
    format: row.format as BillingExportFormat,
    fileName: row.file_name,
    importedBy: row.imported_by,
    importedAt: iso(row.imported_at),
    periodStart: iso(row.period_start),
    periodEnd: iso(row.period_end),
    rows: Number(row.rows),
    matched: json(row.matched),
    derived: json(row.derived),
    appliedFrom: row.applied_from ?? undefined,
    notes: json(row.notes),
  };
}

/** Billing imports in the plugin's database (SQLite or PostgreSQL): what each export said, and whether it was applied. */
export class BillingImportStore {
  static async create(database: DatabaseService): Promise<BillingImportStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: resolvePackagePath('@internal/plugin-idp-costs-backend', 'migrations') });
    }
    return new BillingImportStore(client);
  }

  constructor(private readonly db: Knex) {}

  async insert(view: BillingImportView): Promise<void> {
    await this.db(IMPORTS).insert({
      id: view.id,
      format: view.format,
      file_name: view.fileName,
      imported_by: view.importedBy,
      imported_at: new Date(view.importedAt),
      period_start: new Date(view.periodStart),
      period_end: new Date(view.periodEnd),
      rows: view.rows,
      matched: JSON.stringify(view.matched),
      derived: JSON.stringify(view.derived),
      notes: JSON.stringify(view.notes),
      applied_from: view.appliedFrom ?? null,
    });
  }

  async get(id: string): Promise<BillingImportView | undefined> {
    const row = await this.db(IMPORTS).where({ id }).first();
    return row ? toView(row) : undefined;
  }

  /** Newest first. */
  async list(limit = 100): Promise<BillingImportView[]> {
    const rows = await this.db(IMPORTS).orderBy([{ column: 'imported_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
    return rows.map(toView);
  }

  /** Records the date an import applies from, once: false when it was applied already (by another request or replica). */
  async markApplied(id: string, effectiveFrom: string, by: string, at: Date): Promise<boolean> {
    const changed = await this.db(IMPORTS).where({ id }).whereNull('applied_from').update({ applied_from: effectiveFrom, applied_by: by, applied_at: at });
    return changed === 1;
  }

  /** Takes back a mark whose price period could not be added. */
  async unmarkApplied(id: string, effectiveFrom: string): Promise<void> {
    await this.db(IMPORTS).where({ id, applied_from: effectiveFrom }).update({ applied_from: null, applied_by: null, applied_at: null });
  }
}
