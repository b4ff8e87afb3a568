/**
 * What the approvals UI and backend share: the REST types of production deploy requests, their
 * pure rules (canonical form, per-object diff, who may decide, resource delta, a revision's images) and permissions.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './canonical';
export * from './diff';
export * from './decide';
export * from './resourceDelta';
export * from './permissions';
export * from './revisions';
