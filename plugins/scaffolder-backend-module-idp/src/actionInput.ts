import { compactFormValues } from '@internal/plugin-idp-apps-common';
import { DeploymentRequest } from '@internal/plugin-idp-apps-node';
import { CreateDeployRequest } from '@internal/plugin-idp-approvals-common';
import type { z } from 'zod/v3';

/** The inputs both app actions take (the scaffolder passes its own zod in). */
export const APP_DEPLOYMENT_INPUT = {
  spec: (zImpl: typeof z) => zImpl.record(zImpl.unknown()).describe('The app spec (name, team, type, image or gitRepo, port, ...)'),
  environment: (zImpl: typeof z) => zImpl.string().describe('The environment name, e.g. staging (namespace <team>-<environment>)'),
  expertYaml: (zImpl: typeof z) => zImpl.string().optional().describe('Expert mode: edited manifests to use instead of the rendered ones'),
};

/** What `slipway:app:apply` takes besides: a production deploy becomes a request a tech lead approves, with this reason. */
export const DEPLOY_REQUEST_INPUT = {
  reason: (zImpl: typeof z) => zImpl.string().optional().describe('Production only: why, for the tech lead who approves it (default "Deploy <app> to production")'),
};

/** A template passes form fields straight through; sections the developer skipped arrive empty. */
export function deploymentRequest(input: { spec: Record<string, unknown>; environment: string; expertYaml?: string }): DeploymentRequest {
  return { spec: compactFormValues(input.spec), environment: input.environment, expertYaml: input.expertYaml };
}

/** The production deploy request for a deployment: what the approvals backend judges again and a tech lead approves. A blank reason is the default. */
export function deployRequestBody(request: DeploymentRequest, app: string, reason: string | undefined): CreateDeployRequest {
  const body: CreateDeployRequest = { spec: request.spec as Record<string, unknown>, environment: request.environment, reason: reason?.trim() || `Deploy ${app} to production` };
  if (request.expertYaml?.trim()) body.expertYaml = request.expertYaml;
  return body;
}
