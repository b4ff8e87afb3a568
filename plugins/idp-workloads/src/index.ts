/**
 * Slipway workloads frontend plugin: registers the WorkloadsApi and adds a Workloads tab to the
 * component page of every app Slipway deployed. The UI itself is in
 * `@internal/plugin-idp-workloads-react`, shared with the environments plugin.
 *
 * @packageDocumentation
 */
export { workloadsPlugin as default } from './plugin';
