// @ts-check

/**
 * Production deploy requests and the tech leads' decisions on them.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deploy_requests', table => {
    table.uuid('id').primary();
    table.string('team').notNullable();
    table.string('app').notNullable();
    table.string('environment').notNullable();
    table.string('namespace').notNullable();
    table.string('type').notNullable();
    table.string('requester').notNullable();
    table.text('reason').notNullable();
    table.text('spec').notNullable();
    table.text('expert_yaml');
    table.text('manifests').notNullable();
    table.string('digest', 64).notNullable();
    table.text('live_versions').notNullable();
    table.text('diff').notNullable();
    table.text('guard_rails').notNullable();
    table.text('resource_delta').notNullable();
    table.string('status').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('claimed_by');
    table.timestamp('claimed_at', { useTz: true });
    table.text('outcome');
    table.index(['team', 'status', 'created_at'], 'deploy_requests_team_status_idx');
    table.index(['requester', 'created_at'], 'deploy_requests_requester_idx');
  });
  await knex.schema.createTable('deploy_decisions', table => {
    table.uuid('request_id').notNullable().references('id').inTable('deploy_requests').onDelete('CASCADE');
    table.string('by').notNullable();
    table.string('decision').notNullable();
    table.text('comment').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['request_id', 'by']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deploy_decisions');
  await knex.schema.dropTable('deploy_requests');
};
