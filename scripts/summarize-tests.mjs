#!/usr/bin/env node
// Adds up the results of every test runner the test command ran and prints one closing line,
// "N passed, N failed". Exits non-zero when anything failed or a runner left no results.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const [, , dir] = process.argv;
let passed = 0;
let failed = 0;
const rows = [];

function add(name, p, f, note = '') {
  passed += p;
  failed += f;
  rows.push(`  ${name.padEnd(50)} ${String(p).padStart(4)} passed ${String(f).padStart(4)} failed ${note}`);
}

const read = file => (existsSync(`${dir}/${file}`) ? readFileSync(`${dir}/${file}`, 'utf8') : undefined);

// Every `check` in scripts/test.sh leaves <name>.result; the ones every run has are listed first (a
// missing one "did not run"), then any other check, so a new check is never left out of the count.
const CHECKS = [
  ['typecheck', 'type check (tsc)'],
  ['lint', 'lint (eslint)'],
  ['cluster-binaries', 'control-plane binaries report the pinned releases'],
  ['postgres', 'backend on PostgreSQL'],
  ['dockerfile', 'the Dockerfile, replayed, smoke-tested'],
  ['replicas', 'two replicas on PostgreSQL'],
];
const others = (existsSync(dir) ? readdirSync(dir) : [])
  .filter(file => file.endsWith('.result'))
  .map(file => file.slice(0, -'.result'.length))
  .filter(name => !CHECKS.some(([known]) => known === name))
  .sort()
  .map(name => [name, name]);
for (const [check, name] of [...CHECKS, ...others]) {
  const file = `${check}.result`;
  const result = read(file)?.trim();
  if (result === 'pass') add(name, 1, 0);
  else add(name, 0, 1, result ? `(see ${dir}/${check}.log)` : '(did not run)');
}

const jest = read('unit.json');
if (jest) {
  const r = JSON.parse(jest);
  add('unit + cluster (jest)', r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites);
} else add('unit + cluster (jest)', 0, 1, '(no results: the runner crashed)');

const tap = read('oidc.tap');
if (tap) {
  const count = key => Number(tap.match(new RegExp(`^# ${key} (\\d+)`, 'm'))?.[1] ?? 0);
  add('local OIDC provider (node)', count('pass'), count('fail') + count('cancelled'));
} else add('local OIDC provider (node)', 0, 1, '(no results)');

for (const [file, name] of [['cluster.json', 'cluster (jest)']]) {
  const json = read(file);
  if (json) {
    const r = JSON.parse(json);
    add(name, r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites);
  }
}

const e2e = read('e2e.json');
if (e2e) {
  const { stats, errors } = JSON.parse(e2e);
  add('browser (playwright)', stats.expected + stats.flaky, stats.unexpected + (errors?.length ?? 0));
} else add('browser (playwright)', 0, 1, '(no results: the runner crashed)');

console.log('\nSlipway test summary');
for (const row of rows) console.log(row);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
