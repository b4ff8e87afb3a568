/**
 * What other backend packages need of Slipway environments: the permission resource ref, its
 * rules, condition factories for permission policies, `audited` (one audit event around one change)
 * and the audit log (its service ref and knex store), and the routers' request parsing: `jsonBody` and `pathParamErrors`, whose refusals name the field (`body`, `path`).
 *
 * @packageDocumentation
 */
export * from './permissionRules';
export * from './environmentAuthorizer';
export * from './audit';
export * from './auditLog';
export * from './AuditLogStore';
export * from './jsonBody';
export * from './pathParams';
