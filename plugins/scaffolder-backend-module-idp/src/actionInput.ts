import { compactFormValues } from '@internal/plugin-idp-apps-common';
import { DeploymentRequest } from '@internal/plugin-idp-apps-node';
import type { z } from 'zod/v3';

/** The inputs both app actions take (the scaffolder passes its own zod in). */
export const APP_DEPLOYMENT_INPUT = {
  spec: (zImpl: typeof z) => zImpl.record(zImpl.unknown()).describe('The app spec (name, team, type, image or gitRepo, port, ...)'),
  environment: (zImpl: typeof z) => zImpl.string().describe('The environment name, e.g. staging (namespace <team>-<environment>)'),
  expertYaml: (zImpl: typeof z) => zImpl.string().optional().describe('Expert mode: edited manifests to use instead of the rendered ones'),
};

/** A template passes form fields straight through; sections the developer skipped arrive empty. */
export function deploymentRequest(input: { spec: Record<string, unknown>; environment: string; expertYaml?: string }): DeploymentRequest {
  return { spec: compactFormValues(input.spec), environment: input.environment, expertYaml: input.expertYaml };
}
