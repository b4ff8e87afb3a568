/*
 * cluster/kwok/kwok.yaml is YAML, so it cannot import Slipway's constants: this test holds it to
 * them. A renamed annotation, or a failure added on one side only, fails here rather than as a
 * simulation that silently never happens.
 */
import { SLIPWAY_LABEL_PREFIX } from '@internal/plugin-idp-environments-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'yaml';
import { SIMULATED_FAILURES, SIMULATION_ANNOTATIONS } from './simulation';

const KWOK_CONFIG = resolve(__dirname, '../../../cluster/kwok/kwok.yaml');
const text = readFileSync(KWOK_CONFIG, 'utf8');
const documents = yaml.parseAllDocuments(text).map(document => document.toJS());

interface MatchExpression {
  key: string;
  operator: string;
  values?: string[];
}

/** The Slipway annotation a stage's selector expression reads, e.g. `.metadata.annotations["slipway.dev/simulate"]`. */
function annotationOf(expression: MatchExpression): string | undefined {
  return /^\.metadata\.annotations\["([^"]+)"\]$/.exec(expression.key)?.[1];
}

const stages = documents.filter(d => d?.kind === 'Stage');
const selectorsOn = (annotation: string) =>
  stages.flatMap(stage =>
    ((stage.spec?.selector?.matchExpressions ?? []) as MatchExpression[]).filter(e => annotationOf(e) === annotation).map(e => ({ stage: stage.metadata.name as string, ...e })),
  );

describe('cluster/kwok/kwok.yaml', () => {
  it('uses only the slipway annotations Slipway’s constants name, and every one of them', () => {
    const used = new Set(text.match(new RegExp(`${SLIPWAY_LABEL_PREFIX.replace(/[./]/g, '\\$&')}[a-z0-9]([-a-z0-9]*[a-z0-9])?`, 'g')));
    expect([...used].sort()).toEqual(Object.values(SIMULATION_ANNOTATIONS).sort());
  });

  it('selects simulated pods only by the simulate annotation, with known failures', () => {
    const expressions = stages.flatMap(stage => (stage.spec?.selector?.matchExpressions ?? []) as MatchExpression[]);
    const onSlipwayAnnotations = expressions.filter(e => annotationOf(e)?.startsWith(SLIPWAY_LABEL_PREFIX));
    expect(onSlipwayAnnotations.length).toBeGreaterThan(0);
    for (const expression of onSlipwayAnnotations) {
      expect(annotationOf(expression)).toBe(SIMULATION_ANNOTATIONS.simulate);
      for (const value of expression.values ?? []) expect(SIMULATED_FAILURES).toContain(value);
    }
  });

  it('simulates every known failure, and keeps pods asking for one out of the normal pod-ready stage', () => {
    const selectors = selectorsOn(SIMULATION_ANNOTATIONS.simulate);
    const simulated = selectors.filter(s => s.stage.startsWith('slipway-simulate-') && s.operator === 'In').flatMap(s => s.values ?? []);
    expect([...new Set(simulated)].sort()).toEqual([...SIMULATED_FAILURES].sort());
    const podReady = selectors.find(s => s.stage === 'pod-ready');
    expect(podReady).toMatchObject({ operator: 'NotIn' });
    expect([...(podReady?.values ?? [])].sort()).toEqual([...SIMULATED_FAILURES].sort());
  });
});
