/*
 * The audit page at scale (issue 12): 100,000 audit entries in a SQLite file (the embedded
 * default), then the page's query as each kind of caller asks it (platform admin: everything; a
 * tech lead: their team plus their own actions; a developer: their own actions), with each filter
 * and deep in the pages (keyset `before`). p50/p95 of the store's list, which is what
 * GET /api/idp-approvals/audit costs beyond auth. Target: p95 under 100 ms.
 *
 *   bash bench/audit/bench.sh [--entries N] [--requests N]
 *
 * Figures only: nothing here fails on a target.
 */
import { AuditEntryQuery, AuditLogStore, NewAuditEntry } from '@internal/plugin-idp-environments-node';
import { knex as knexFactory } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, requests: { type: 'string', default: '200' } } });
const ENTRIES = Number(values.entries);
const REQUESTS = Number(values.requests);
const TEAMS = Array.from({ length: 20 }, (_, i) => `team-${i}`);
const ENVS = ['dev', 'staging', 'preview-1', 'prod'];
const ACTIONS = ['environment-create', 'environment-extend', 'environment-delete', 'workload-scale', 'workload-restart', 'app-deploy', 'deploy-request-create', 'deploy-request-decide', 'secret-write', 'janitor-delete'];

/** A deterministic pseudo-random pick (the same fixture every run; team, user, environment and action independent). */
const pick = <T>(values: readonly T[], i: number, salt: number) => values[(Math.imul((i + 1) ^ Math.imul(salt, 0x9e3779b9), 2654435761) >>> 12) % values.length];

function fixture(i: number, start: number): NewAuditEntry {
  const team = pick(TEAMS, i, 1);
  const environment = pick(ENVS, i, 2);
  const status = i % 17 === 0 ? 'refused' : i % 53 === 0 ? 'failed' : 'succeeded';
  return {
    at: new Date(start + i * 1000).toISOString(),
    plugin: 'idp-environments',
    eventId: pick(ACTIONS, i, 3),
    severity: 'medium',
    actor: `user:default/${team}-user-${pick([0, 1, 2, 3, 4], i, 4)}`,
    status,
    team,
    namespace: `${team}-${environment}`,
    environment,
    app: `app-${i % 7}`,
    meta: { team, namespace: `${team}-${environment}`, environment, app: `app-${i % 7}`, replicas: i % 10 },
    error: status === 'succeeded' ? undefined : 'NotAllowedError: You may not change this environment',
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-audit-bench-'));
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'audit.sqlite') }, useNullAsDefault: true });
  try {
    const store = await AuditLogStore.create(db);
    const start = Date.now() - ENTRIES * 1000;
    const seeding = Date.now();
    for (let i = 0; i < ENTRIES; i += 5000) {
      await store.recordAll(Array.from({ length: Math.min(5000, ENTRIES - i) }, (_, j) => fixture(i + j, start)));
    }
    console.log(`seeded ${ENTRIES} audit entries in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

    // A cursor half-way down: a page deep in the log costs what the first one does.
    const middle = { at: new Date(start + (ENTRIES / 2) * 1000), id: String(Math.floor(ENTRIES / 2)) };
    const lead = { teams: ['team-3'], actor: 'user:default/team-3-user-1' };
    const developer = { teams: [], actor: 'user:default/team-3-user-1' };
    const cases: [string, Omit<AuditEntryQuery, 'limit'>][] = [
      ['admin, no filter', { scope: { all: true } }],
      ['admin, page at the middle', { scope: { all: true }, before: middle }],
      ['admin, environment filter', { scope: { all: true }, namespace: 'team-7-prod' }],
      ['admin, user filter', { scope: { all: true }, actor: 'user:default/team-7-user-2' }],
      ['admin, action filter', { scope: { all: true }, eventId: 'deploy-request-decide' }],
      ['admin, action + environment', { scope: { all: true }, eventId: 'workload-scale', namespace: 'team-5-staging' }],
      ['admin, no match', { scope: { all: true }, actor: 'user:default/nobody' }],
      ['lead, no filter', { scope: lead }],
      ['lead, page at the middle', { scope: lead, before: middle }],
      ['lead, environment filter', { scope: lead, namespace: 'team-3-prod' }],
      ['lead, action filter', { scope: lead, eventId: 'app-deploy' }],
      ['developer, own actions', { scope: developer }],
    ];
    console.log(`${REQUESTS} queries per case, 50 entries a page (the page's default)`);
    for (const [label, query] of cases) {
      const times: number[] = [];
      let count = 0;
      for (let r = 0; r < REQUESTS + 10; r++) {
        const began = process.hrtime.bigint();
        const page = await store.list({ ...query, limit: 50 });
        const ms = Number(process.hrtime.bigint() - began) / 1e6;
        if (r >= 10) times.push(ms);
        count = page.items.length;
      }
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(30)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(2).padStart(7)} ms  (${count} entries)`);
    }
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
