/**
 * Slipway workloads backend: status, logs, events, metrics and actions for every environment. Its REST
 * API's requests and answers are typed in @internal/plugin-idp-workloads-common.
 *
 * @packageDocumentation
 */
export { workloadsPlugin as default } from './plugin';
