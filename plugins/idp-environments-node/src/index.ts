/**
 * What other backend packages need of Slipway environments: the permission resource ref, its
 * rules, and condition factories for permission policies.
 *
 * @packageDocumentation
 */
export * from './permissionRules';
export * from './environmentAuthorizer';
