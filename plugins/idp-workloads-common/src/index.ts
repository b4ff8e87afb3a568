/**
 * What the Slipway workloads UI and backend both need: the REST API's requests and answers (the
 * views of workloads, pods and events, metrics, request metrics, logs) and the permissions. Types
 * and constants only; the backend computes the views.
 *
 * @packageDocumentation
 */
export * from './views';
export * from './api';
export * from './permissions';
