/**
 * Golden-path deploys on the server: the one `DeploymentService` the scaffolder actions, the form's
 * preview (idp-apps backend) and production requests go through, and its pure steps.
 *
 * @packageDocumentation
 */
export * from './DeploymentService';
export * from './prepareDeployment';
export { quotaForDeploy } from './deployQuota';
export { SecretKeyDirectoryClient, checkSecretReferences, type SecretKeyDirectory } from './secretReferences';
