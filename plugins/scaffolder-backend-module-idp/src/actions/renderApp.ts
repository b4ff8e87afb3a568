import { GuardRailSettings, renderYaml } from '@internal/plugin-idp-apps-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { prepareDeployment } from '@internal/plugin-idp-apps-node';
import { APP_DEPLOYMENT_INPUT, deploymentRequest } from '../actionInput';
import { examples } from './renderApp.examples';

/** `slipway:app:render`: the manifests an app spec becomes in an environment, and the guard rails' verdict. */
export function createRenderAppAction(deps: { cluster: ClusterAccess; settings: GuardRailSettings }) {
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
      const prepared = await prepareDeployment(deploymentRequest(ctx.input), deps);
      const { guardRails } = prepared;
      for (const rule of guardRails.rules) ctx.logger.info(`${rule.passed ? 'pass' : 'FAIL'} ${rule.id}: ${rule.title}`);
      for (const v of guardRails.violations) ctx.logger.warn(`${v.object} ${v.field}: ${v.message} Fix: ${v.fix}`);
      ctx.output('manifests', renderYaml(prepared.manifests));
      ctx.output('passed', guardRails.passed);
      ctx.output('violations', guardRails.violations as any);
    },
  });
}
