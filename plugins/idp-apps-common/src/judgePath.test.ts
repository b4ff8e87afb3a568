import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import golden from './__fixtures__/judgePath.golden.json';
import { judgeCase, variedJudgeCases } from './__fixtures__/judgeCases';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/*
 * The judge path (parse → golden path → render → guard rails → YAML) was made faster for the
 * form's preview (issue 11) without changing a byte of what it returns: the fixture holds the
 * sha256 of each outcome for these seeded specs, taken before that work. A change meant to alter
 * outcomes rewrites it: UPDATE_JUDGE_PATH_GOLDEN=1 with this test, then review the diff.
 */
describe('the judge path over 100 varied specs', () => {
  const cases = variedJudgeCases(golden.length, 11, { invalid: true });

  it('renders, judges and refuses exactly as before', () => {
    const outcomes = cases.map(judgeCase).map(outcome =>
      outcome.success ? { yaml: sha256(outcome.yaml), guardRails: sha256(JSON.stringify(outcome.guardRails)) } : { errors: sha256(JSON.stringify(outcome.errors)) },
    );
    if (process.env.UPDATE_JUDGE_PATH_GOLDEN) writeFileSync(join(__dirname, '__fixtures__/judgePath.golden.json'), `${JSON.stringify(outcomes, null, 2)}\n`);
    const changed = outcomes.flatMap((outcome, index) => (JSON.stringify(outcome) === JSON.stringify(golden[index]) ? [] : [index]));
    expect(changed).toEqual(process.env.UPDATE_JUDGE_PATH_GOLDEN ? changed : []);
  });

  it('covers refused specs, guard-rail violations and every app type', () => {
    const outcomes = cases.map(judgeCase);
    expect(outcomes.filter(outcome => !outcome.success)).toHaveLength(20);
    expect(outcomes.some(outcome => outcome.success && !outcome.guardRails.passed)).toBe(true);
    expect(new Set(cases.map(c => c.input.type))).toEqual(new Set(['web', 'worker', 'cron']));
  });

  it('gives the same outcome when a spec is judged again', () => {
    const first = cases.map(c => JSON.stringify(judgeCase(c)));
    expect(cases.map(c => JSON.stringify(judgeCase(c)))).toEqual(first);
  });
});
