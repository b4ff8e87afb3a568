import { Problem } from '@internal/plugin-idp-workloads-common';
import { compareNewestFirst } from './time';

/** A page shows a handful of problems; more would bury the first one. */
export const DEFAULT_PROBLEM_LIMIT = 10;

// Kubernetes' own texts can be long (a whole HTTP error body); the plain words come first anyway.
const MAX_DETAIL = 300;

/** Text cut to a length a page can show, or undefined when there is none. */
export function clip(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > MAX_DETAIL ? `${trimmed.slice(0, MAX_DETAIL - 1)}…` : trimmed;
}

/** A Problem without empty fields, its detail clipped. */
export function problem(fields: Problem): Problem {
  const result: Problem = { reason: fields.reason, message: fields.message, object: fields.object };
  if (fields.container) result.container = fields.container;
  const detail = clip(fields.detail);
  if (detail) result.detail = detail;
  if (fields.seenAt) result.seenAt = fields.seenAt;
  return result;
}

/** `once`, `3 times`. */
export const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

export interface MergeProblemsOptions {
  limit?: number;
  /**
   * Keep one problem per reason and container whatever the object: three replicas crashing the
   * same way say one thing on a workload's page. The newest one is kept.
   */
  acrossObjects?: boolean;
}

/**
 * Duplicates removed (the newest kept), newest first, at most `limit`. A problem read from the
 * current state has no time and counts as newest: it is true now.
 */
export function mergeProblems(problems: Problem[], options: MergeProblemsOptions = {}): Problem[] {
  const { limit = DEFAULT_PROBLEM_LIMIT, acrossObjects = false } = options;
  const ordered = problems
    .map((p, index) => ({ p, index }))
    .sort((a, b) => {
      if (a.p.seenAt === undefined || b.p.seenAt === undefined) {
        if (a.p.seenAt !== b.p.seenAt) return a.p.seenAt === undefined ? -1 : 1;
        return a.index - b.index;
      }
      return compareNewestFirst(a.p.seenAt, b.p.seenAt) || a.index - b.index;
    })
    .map(({ p }) => p);
  const seen = new Set<string>();
  const merged: Problem[] = [];
  for (const p of ordered) {
    const key = [p.reason, acrossObjects ? '' : p.object, p.container ?? ''].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(p);
    if (merged.length >= limit) break;
  }
  return merged;
}
