// @ts-check

/**
 * A rollback is a new request that deploys an applied request's spec again: it names that request.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deploy_requests', table => {
    table.uuid('rollback_of');
    table.index(['team', 'app', 'status', 'type'], 'deploy_requests_app_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deploy_requests', table => {
    table.dropIndex(['team', 'app', 'status', 'type'], 'deploy_requests_app_status_idx');
    table.dropColumn('rollback_of');
  });
};
