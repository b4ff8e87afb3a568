// @ts-check

/**
 * What Slipway knows about each secret besides its values (which it never stores): key names,
 * versions, who and when, the generator and rotation schedule; and each secret's rotation history.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets', table => {
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.string('team', 63).notNullable();
    table.integer('version').notNullable();
    table.text('keys').notNullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('updated_by').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.text('generator');
    table.text('rotation');
    table.timestamp('last_rotated_at', { useTz: true });
    table.timestamp('next_rotation_at', { useTz: true });
    table.timestamp('previous_until', { useTz: true });
    table.primary(['namespace', 'name']);
    table.index(['next_rotation_at'], 'secrets_next_rotation_idx');
    table.index(['previous_until'], 'secrets_previous_until_idx');
  });
  await knex.schema.createTable('secret_rotations', table => {
    table.increments('id');
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('by').notNullable();
    table.string('outcome').notNullable();
    table.integer('version');
    table.text('message');
    table.text('restarted').notNullable();
    table.index(['namespace', 'name', 'at'], 'secret_rotations_secret_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secret_rotations');
  await knex.schema.dropTable('secrets');
};
