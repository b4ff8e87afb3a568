/**
 * What other backend packages need of Slipway environments: the permission resource ref, its
 * rules, condition factories for permission policies, `audited` (one audit event around one change)
 * and the audit log (its service ref and knex store).
 *
 * @packageDocumentation
 */
export * from './permissionRules';
export * from './environmentAuthorizer';
export * from './audit';
export * from './auditLog';
export * from './AuditLogStore';
