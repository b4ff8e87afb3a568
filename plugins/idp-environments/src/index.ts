/**
 * Slipway environments frontend plugin.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
export { environmentsApiRef, type EnvironmentsApi } from './api/EnvironmentsApi';
export { EnvironmentsClient } from './api/EnvironmentsClient';
export type {
  CloneEnvironmentRequest,
  CloneEnvironmentResponse,
  CloneResult,
  CreateEnvironmentRequest,
  Environment,
  EnvironmentDetail,
  QuotaUsage,
} from './api/types';
