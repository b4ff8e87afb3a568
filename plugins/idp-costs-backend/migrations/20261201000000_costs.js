// @ts-check

/** Times are ISO strings (`2026-03-01T10:00:00.000Z`): they sort and compare alike on SQLite and PostgreSQL. */
const MEASURES = [
  'container_hours',
  'cpu_request_core_hours',
  'cpu_usage_core_hours',
  'ram_request_byte_hours',
  'ram_usage_byte_hours',
  'storage_byte_hours',
  'cpu_cost',
  'ram_cost',
  'storage_cost',
];

/** @param {import('knex').Knex.CreateTableBuilder} table */
function labels(table) {
  table.string('line', 16).notNullable();
  table.string('team', 63).notNullable();
  table.string('namespace', 63).notNullable();
  table.string('environment', 63).notNullable();
  table.string('type', 32).notNullable();
  table.string('app', 253).notNullable();
  table.string('container', 260).notNullable();
}

/**
 * The cost sampler's data: raw samples (each container at each sample time, with the cost computed
 * at the prices of that time), hourly and daily rollups kept in step with them, price periods added
 * at run time, closed chargeback reports, and which budget notices were sent.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_samples', table => {
    table.increments('id');
    table.string('at', 24).notNullable();
    table.double('minutes').notNullable();
    labels(table);
    table.string('pod', 253).notNullable();
    for (const column of ['cpu_request_cores', 'cpu_usage_cores', 'ram_request_bytes', 'ram_usage_bytes', 'storage_bytes', 'cpu_cost', 'ram_cost', 'storage_cost']) {
      table.double(column).notNullable();
    }
    table.index(['at'], 'cost_samples_at_idx');
  });
  for (const name of ['cost_rollups_hourly', 'cost_rollups_daily']) {
    await knex.schema.createTable(name, table => {
      table.string('bucket', 24).notNullable();
      labels(table);
      table.integer('samples').notNullable();
      for (const column of MEASURES) table.double(column).notNullable();
      table.unique(['bucket', 'line', 'namespace', 'app', 'container'], { indexName: `${name}_key` });
      table.index(['team', 'bucket'], `${name}_team_idx`);
      table.index(['namespace', 'bucket'], `${name}_namespace_idx`);
      // The first bucket (forecasts) and pruning read by time alone.
      table.index(['bucket'], `${name}_bucket_idx`);
    });
  }
  // Right-sizing suggestions per team, refreshed by a scheduled task: a showback reads them, it does not compute them.
  await knex.schema.createTable('cost_right_sizing', table => {
    table.string('team', 63).primary();
    table.string('computed_at', 24).notNullable();
    table.string('window_from', 24).notNullable();
    table.text('suggestions').notNullable();
  });
  await knex.schema.createTable('cost_price_periods', table => {
    table.increments('id');
    table.string('effective_from', 24).notNullable();
    table.text('prices').notNullable();
    table.string('source', 32).notNullable();
    table.string('import_id');
    table.string('added_at', 24).notNullable();
  });
  await knex.schema.createTable('chargeback_reports', table => {
    table.string('team', 63).notNullable();
    table.string('month', 7).notNullable();
    table.string('closed_at', 24).notNullable();
    table.text('report').notNullable();
    table.primary(['team', 'month']);
  });
  await knex.schema.createTable('cost_budget_notices', table => {
    table.string('team', 63).notNullable();
    table.string('month', 7).notNullable();
    table.string('sent_at', 24).notNullable();
    table.double('forecast').notNullable();
    table.double('budget').notNullable();
    table.primary(['team', 'month']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('cost_right_sizing');
  for (const name of ['cost_budget_notices', 'chargeback_reports', 'cost_price_periods', 'cost_rollups_daily', 'cost_rollups_hourly', 'cost_samples']) {
    await knex.schema.dropTable(name);
  }
};
