// @ts-check

/**
 * Billing exports read into prices: what each file said (period, rows, derived price sheet, notes),
 * who imported it, and when and from which date it was applied as a price period.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('billing_imports', table => {
    table.string('id', 36).primary();
    table.string('format', 32).notNullable();
    table.string('file_name', 255).notNullable();
    table.string('imported_by').notNullable();
    table.timestamp('imported_at', { useTz: true }).notNullable();
    table.timestamp('period_start', { useTz: true }).notNullable();
    table.timestamp('period_end', { useTz: true }).notNullable();
    table.bigInteger('rows').notNullable();
    table.text('matched').notNullable();
    table.text('derived').notNullable();
    table.text('notes').notNullable();
    table.string('applied_from', 10);
    table.string('applied_by');
    table.timestamp('applied_at', { useTz: true });
    table.index(['imported_at'], 'billing_imports_imported_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('billing_imports');
};
