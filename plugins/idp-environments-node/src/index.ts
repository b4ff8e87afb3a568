/**
 * What other backend packages need of Slipway environments: the permission resource ref, its
 * rules, condition factories for permission policies, and `audited` (one audit event around one change).
 *
 * @packageDocumentation
 */
export * from './permissionRules';
export * from './environmentAuthorizer';
export * from './audit';
