/**
 * Golden-path deploys on the server, shared by the scaffolder actions and the idp-apps backend
 * (the form's preview): everything that can refuse a deploy, before the first write.
 *
 * @packageDocumentation
 */
export * from './prepareDeployment';
export { quotaForDeploy } from './deployQuota';
