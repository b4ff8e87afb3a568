/*
 * The judge path's speed (issue 11): parse → golden path → render → guard rails → YAML of the
 * manifests, the pure work the form's preview does on every keystroke, over 1,000 varied seeded
 * specs (every type, image or gitRepo, variables, presets and explicit resources, autoscaling,
 * replicas, probes, volumes, every environment type, with and without a quota), on one thread.
 * Untimed warm-up passes first: V8 keeps re-optimising the path for the specs' many shapes for
 * about ten passes, and its compiler shares the one core; the first of them is printed as the cold
 * start. The target is renders per second over the timed passes that follow.
 *
 *   bash bench/deploys/bench.sh --renders-only [--passes N] [--warmup N] [--specs N]   (pinned to one core with taskset)
 *   taskset -c 0 node --cpu-prof --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/deploys/renders.ts
 *     (the same, writing a .cpuprofile of where the time goes)
 *
 * Figures only: nothing here fails on the target.
 */
import { judgeCase, variedJudgeCases } from '@internal/plugin-idp-apps-common/src/__fixtures__/judgeCases';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const TARGET_RENDERS_PER_SECOND = 5000;
const SEED = 1;

const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (value: number) => `${value.toFixed(3)} ms`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');

export function benchRenders(options: { specs?: number; passes?: number; warmup?: number } = {}): void {
  const { specs = 1000, passes = 5, warmup = 10 } = options;
  const cases = variedJudgeCases(specs, SEED);

  // The first pass after start is the cold start: V8 interprets, then compiles the path.
  const coldStart = performance.now();
  const refused = cases.flatMap((c, index) => {
    const outcome = judgeCase(c);
    return outcome.success ? [] : [`spec ${index}: ${JSON.stringify(outcome.errors)}`];
  });
  const coldSeconds = (performance.now() - coldStart) / 1000;
  if (refused.length > 0) throw new Error(`Every spec should render; refused ${refused.join('; ')}`);
  const warmStart = performance.now();
  for (let pass = 1; pass < warmup; pass++) for (const c of cases) judgeCase(c);
  const warmSeconds = (performance.now() - warmStart) / 1000;

  const perRender = new Float64Array(specs * passes);
  let yamlBytes = 0;
  let violations = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    for (const [index, c] of cases.entries()) {
      const before = performance.now();
      const outcome = judgeCase(c);
      perRender[pass * specs + index] = performance.now() - before;
      if (outcome.success) {
        yamlBytes += outcome.yaml.length;
        violations += outcome.guardRails.violations.length;
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const renders = specs * passes;
  const rate = renders / seconds;
  const sorted = perRender.sort();

  console.log(`judge path: ${specs} varied specs (seed ${SEED}) × ${passes} timed passes after ${warmup} warm-up passes; parse + golden path + render + guard rails + YAML`);
  console.log(`  ${count(renders / passes)} renders a pass: ${(yamlBytes / passes / 1024).toFixed(0)} KiB of YAML, ${count(violations / passes)} guard-rail violations`);
  console.log(`  renders/s        ${count(rate).padStart(7)}   target ≥ ${count(TARGET_RENDERS_PER_SECOND)}   ${rate >= TARGET_RENDERS_PER_SECOND ? 'met' : 'missed'}`);
  console.log(`  per render       p50 ${ms(quantile(sorted, 0.5))}  p95 ${ms(quantile(sorted, 0.95))}  max ${ms(sorted[sorted.length - 1])}   (target: ${ms(1000 / TARGET_RENDERS_PER_SECOND)} on average)`);
  console.log(`  warm-up          ${count(specs / coldSeconds).padStart(7)} renders/s in the first (cold) pass${warmup > 1 ? `, ${count(((warmup - 1) * specs) / warmSeconds)} in the ${warmup - 1} after it` : ''}`);
  console.log(`  CPU time         ${count(renders / cpuSeconds).padStart(7)} renders per CPU-second (every thread of this process: V8's GC and compiler too)`);
  console.log(`  machine          load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; figures fall when other work shares the core`);
}

if (require.main === module) {
  const { values } = parseArgs({ options: { passes: { type: 'string' }, warmup: { type: 'string' }, specs: { type: 'string' } } });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  benchRenders({ passes: number(values.passes), warmup: number(values.warmup), specs: number(values.specs) });
}
