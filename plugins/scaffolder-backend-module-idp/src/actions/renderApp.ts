import { renderYaml } from '@internal/plugin-idp-apps-common';
import { DeploymentService, invalidRequestError } from '@internal/plugin-idp-apps-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { APP_DEPLOYMENT_INPUT, deploymentRequest } from '../actionInput';
import { examples } from './renderApp.examples';

/** `slipway:app:render`: the manifests an app spec becomes in an environment, and the guard rails' verdict. */
export function createRenderAppAction(deps: { deployments: DeploymentService }) {
  return createTemplateAction({
    id: 'slipway:app:render',
    description: 'Renders an app spec with the golden path for an environment and runs the guard rails. Changes nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...APP_DEPLOYMENT_INPUT,
      },
      output: {
        manifests: z => z.string().describe('The manifests as YAML'),
        passed: z => z.boolean().describe('Whether every guard rail passed'),
        violations: z => z.array(z.record(z.unknown())).describe('What the guard rails refused, with the fix'),
      },
    },
    async handler(ctx) {
      // Judged for the task's user, as the form's preview is: an environment they cannot see is not rendered.
      const judged = await deps.deployments.judge(await ctx.getInitiatorCredentials(), deploymentRequest(ctx.input));
      if (!judged.success) throw invalidRequestError(judged.errors);
      const { manifests, guardRails } = judged.deployment;
      // Rendering is not deploying: a deploy the policy refuses (production) still renders; the apply step makes it a deploy request.
      if (!judged.decision.allowed) ctx.logger.warn(`${judged.decision.field}: ${judged.decision.reason}`);
      for (const rule of guardRails.rules) ctx.logger.info(`${rule.passed ? 'pass' : 'FAIL'} ${rule.id}: ${rule.title}`);
      for (const v of guardRails.violations) ctx.logger.warn(`${v.object} ${v.field}: ${v.message} Fix: ${v.fix}`);
      ctx.output('manifests', renderYaml(manifests));
      ctx.output('passed', guardRails.passed);
      ctx.output('violations', guardRails.violations as any);
    },
  });
}
