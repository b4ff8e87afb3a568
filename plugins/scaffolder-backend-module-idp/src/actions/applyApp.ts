import { UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { GuardRailSettings } from '@internal/plugin-idp-apps-common';
import { guardRailError, prepareDeployment, quotaForDeploy } from '@internal/plugin-idp-apps-node';
import { KubernetesManifest, callerFromIdentity, canActOnTeam, environmentNamespace } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER, PLATFORM_WRITTEN_KINDS, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ApiException, AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { APP_DEPLOYMENT_INPUT, deploymentRequest } from '../actionInput';
import { waitForRollout } from '../rollout';
import { examples } from './applyApp.examples';

const describeObject = (manifest: KubernetesManifest) => `${manifest.kind}/${manifest.metadata.name}`;

/**
 * `slipway:app:apply`: renders, judges and server-side applies an app into a non-production
 * environment as the signed-in user (Kubernetes RBAC decides), then follows the rollout.
 */
export function createApplyAppAction(deps: { cluster: ClusterAccess; userInfo: UserInfoService; settings: GuardRailSettings }) {
  const { cluster, userInfo } = deps;
  return createTemplateAction({
    id: 'slipway:app:apply',
    description: 'Deploys an app spec to one of your team’s non-production environments, as you, and waits for it to be ready.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...APP_DEPLOYMENT_INPUT,
        timeoutSeconds: z => z.number().int().positive().max(1800).optional().describe('How long to wait for the rollout (default 180)'),
      },
      output: {
        namespace: z => z.string(),
        objects: z => z.array(z.string()).describe('Kind/name of every object applied'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const info = await userInfo.getUserInfo(credentials);
      const caller = callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
      const impersonation = { user: caller.user, groups: caller.groups };
      const request = deploymentRequest(ctx.input);
      const spec = request.spec as { team?: unknown; name?: unknown };
      const team = typeof spec.team === 'string' ? spec.team : '';

      const quota =
        team && canActOnTeam(caller, team)
          ? await quotaForDeploy(cluster, impersonation, { namespace: environmentNamespace(team, request.environment), appName: String(spec.name ?? '') })
          : undefined;
      const { environment, manifests, guardRails } = await prepareDeployment(request, { cluster, settings: deps.settings, quota });
      if (environment.type === 'production') {
        throw new NotAllowedError(
          `${environment.namespace} is a production environment: production deploys go through an approval by a tech lead of ${environment.team} (Slipway's approval flow), not this template`,
        );
      }
      if (!canActOnTeam(caller, environment.team)) {
        throw new NotAllowedError(`You are not a member of ${environment.team}, so you cannot deploy to ${environment.namespace}`);
      }
      if (!guardRails.passed) throw guardRailError(guardRails);

      const writer = cluster.asUser(KubernetesObjectApi, impersonation);
      const platform = cluster.objectsAsService();
      const apply = (manifest: KubernetesManifest, dryRun?: 'All') =>
        (PLATFORM_WRITTEN_KINDS.includes(manifest.kind) ? platform : writer).patch(manifest as any, undefined, dryRun, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);

      // Every object through RBAC and admission (quota, Pod Security) first: nothing is written unless all pass.
      const refusals: string[] = [];
      for (const manifest of manifests) {
        await apply(manifest, 'All').catch(error => refusals.push(`${describeObject(manifest)}: ${error instanceof ApiException ? kubernetesMessage(error) : String(error)}`));
      }
      if (refusals.length) {
        const forbidden = refusals.some(r => /forbidden/i.test(r));
        const hint = forbidden ? ` Kubernetes does not let ${caller.user} write there; check that you are in ${environment.team} and its RoleBindings exist.` : '';
        throw new InputError(`Kubernetes refused this deploy to ${environment.namespace}; nothing was applied.${hint}\n${refusals.join('\n')}`);
      }
      if (ctx.isDryRun) {
        for (const manifest of manifests) ctx.logger.info(`checked (dry run) ${describeObject(manifest)}`);
      } else {
        const applied: string[] = [];
        for (const manifest of manifests) {
          try {
            await apply(manifest);
          } catch (error) {
            const message = error instanceof ApiException ? kubernetesMessage(error) : String(error);
            throw new Error(`Applying ${describeObject(manifest)} to ${environment.namespace} failed: ${message}${applied.length ? ` (already applied: ${applied.join(', ')}; re-running converges)` : ''}`);
          }
          applied.push(describeObject(manifest));
          ctx.logger.info(`applied ${describeObject(manifest)}`);
        }
      }
      ctx.output('namespace', environment.namespace);
      ctx.output('objects', manifests.map(describeObject));
      if (ctx.isDryRun) return;

      const deployment = manifests.find(m => m.kind === 'Deployment');
      if (deployment) {
        const hpa = manifests.find(m => m.kind === 'HorizontalPodAutoscaler' && (m.spec as any)?.scaleTargetRef?.name === deployment.metadata.name);
        await waitForRollout({
          minReplicas: (hpa?.spec as { minReplicas?: number } | undefined)?.minReplicas,
          apps: cluster.asUser(AppsV1Api, impersonation),
          core: cluster.asUser(CoreV1Api, impersonation),
          namespace: environment.namespace,
          name: deployment.metadata.name,
          logger: ctx.logger,
          timeoutMs: (ctx.input.timeoutSeconds ?? 180) * 1000,
        });
        ctx.logger.info(`${deployment.metadata.name} is ready in ${environment.namespace}`);
      }
    },
  });
}
