/**
 * What the secrets UI, backend and deploys share, with no I/O: the REST types (never a value),
 * request schemas, secret references and consumers of pod specs, rotation rules and the permission.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './schemas';
export * from './references';
export * from './rotation';
export * from './permissions';
