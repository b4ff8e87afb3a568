/**
 * Environment rules shared by the Slipway environments UI, backend and scaffolder actions.
 * Pure: no I/O, so every caller agrees by construction.
 *
 * @packageDocumentation
 */
export * from './environmentTypes';
export * from './naming';
export * from './labels';
export * from './environment';
export * from './caller';
export * from './requests';
export * from './rules';
export * from './janitor';
export * from './provisioning';
export * from './manifest';
export * from './render';
export * from './clone';
export * from './permissions';
export * from './accessTable';
export * from './access';
export * from './clusterRoles';
export * from './admissionPolicies';
export * from './platformIdentity';
export * from './platformBindings';
export * from './portalAccess';
export * from './quantity';
export * from './clusterProgress';
