/**
 * Slipway approvals frontend plugin: the tech leads' inbox of production deploy requests and the request page.
 *
 * @packageDocumentation
 */
export { approvalsPlugin as default } from './plugin';
export { approvalsApiRef, type ApprovalsApi, type DeployRequestListView } from './api/ApprovalsApi';
export { ApprovalsClient } from './api/ApprovalsClient';
