/**
 * Workload views shared by the Slipway workloads UI and backend: status, problems in plain words,
 * pods, events, a metrics history, log lines, scaling rules and permissions. Pure: no I/O, so the
 * page and the API agree by construction. Takes @kubernetes/client-node objects (types only).
 *
 * @packageDocumentation
 */
export * from './views';
export { isoTime } from './time';
export * from './owners';
export { DEFAULT_PROBLEM_LIMIT, mergeProblems } from './problems';
export type { MergeProblemsOptions } from './problems';
export * from './explain';
export * from './explainWorkload';
export * from './quotaRefusal';
export * from './workloadSummaries';
export * from './podSummaries';
export * from './eventSummaries';
export * from './resources';
export * from './metricsHistory';
export * from './scale';
export * from './permissions';
export * from './logs';
export * from './red';
