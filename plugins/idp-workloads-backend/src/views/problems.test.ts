import { Problem } from '@internal/plugin-idp-workloads-common';
import { DEFAULT_PROBLEM_LIMIT, mergeProblems } from './problems';

const crash = (pod: string, seenAt?: string, container = 'web'): Problem => ({
  reason: 'CrashLoopBackOff',
  message: `Container ${container} keeps crashing`,
  object: `Pod/${pod}`,
  container,
  ...(seenAt ? { seenAt } : {}),
});

describe('mergeProblems', () => {
  it('puts the newest first, and problems of the current state (no time) before all', () => {
    const merged = mergeProblems([crash('a', '2026-11-25T09:00:00.000Z'), crash('b'), crash('c', '2026-11-25T09:30:00.000Z')]);
    expect(merged.map(p => p.object)).toEqual(['Pod/b', 'Pod/c', 'Pod/a']);
  });

  it('keeps the newest of duplicates of one object and container', () => {
    const merged = mergeProblems([crash('a', '2026-11-25T09:00:00.000Z'), crash('a', '2026-11-25T09:10:00.000Z'), crash('a', undefined, 'sidecar')]);
    expect(merged.map(p => [p.object, p.container, p.seenAt])).toEqual([
      ['Pod/a', 'sidecar', undefined],
      ['Pod/a', 'web', '2026-11-25T09:10:00.000Z'],
    ]);
  });

  it('keeps one per reason and container across objects, for a workload', () => {
    const merged = mergeProblems([crash('a', '2026-11-25T09:00:00.000Z'), crash('b', '2026-11-25T09:10:00.000Z')], { acrossObjects: true });
    expect(merged.map(p => p.object)).toEqual(['Pod/b']);
  });

  it('returns at most the limit', () => {
    const many = Array.from({ length: 30 }, (_, i) => crash(`pod-${i}`));
    expect(mergeProblems(many)).toHaveLength(DEFAULT_PROBLEM_LIMIT);
    expect(mergeProblems(many, { limit: 3 }).map(p => p.object)).toEqual(['Pod/pod-0', 'Pod/pod-1', 'Pod/pod-2']);
  });
});
