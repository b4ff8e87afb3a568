/**
 * Slipway approvals frontend plugin: the tech leads' inbox of production deploy requests, the request page, and an
 * app's production revisions (a Production tab on its component page) to roll back to.
 *
 * @packageDocumentation
 */
export { approvalsPlugin as default } from './plugin';
export { approvalsApiRef, type ApprovalsApi, type DeployRequestListView } from './api/ApprovalsApi';
export { ApprovalsClient } from './api/ApprovalsClient';
export { DeployRevisions } from './components/DeployRevisions';
