// @ts-check

/**
 * Slipway's audit log: one row per finished audit event (succeeded, failed or refused), written by
 * the backend's auditor for every plugin. Names and numbers only, never a secret value.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_entries', table => {
    table.bigIncrements('id').primary();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('plugin').notNullable();
    table.string('event_id').notNullable();
    table.string('severity').notNullable();
    // A user entity ref, a service subject (plugin:…) or what the plugin named (the janitor).
    table.string('actor').notNullable();
    table.string('status').notNullable();
    table.string('team');
    table.string('namespace');
    table.string('environment');
    table.string('app');
    table.text('meta');
    table.text('error');
    table.index(['at', 'id'], 'audit_entries_at_idx');
    table.index(['team', 'at', 'id'], 'audit_entries_team_idx');
    table.index(['namespace', 'at', 'id'], 'audit_entries_namespace_idx');
    table.index(['actor', 'at', 'id'], 'audit_entries_actor_idx');
    table.index(['event_id', 'at', 'id'], 'audit_entries_event_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_entries');
};
