import { UserInfoService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { GuardRailSettings, NamespaceQuota } from '@internal/plugin-idp-apps-common';
import { callerFromIdentity, canActOnTeam, environmentNamespace } from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER, PLATFORM_WRITTEN_KINDS, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ApiException, AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { APP_DEPLOYMENT_INPUT, guardRailError, prepareDeployment } from '../appDeployment';
import { waitForRollout } from '../rollout';
import { examples } from './applyApp.examples';

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
      const team = String((ctx.input.spec as { team?: unknown }).team ?? '');
      const namespace = team ? environmentNamespace(team, ctx.input.environment) : '';

      // The quota as the user sees it: reading it is the first RBAC check.
      const asUser = cluster.asUser(CoreV1Api, impersonation);
      let quota: NamespaceQuota | undefined;
      if (team && canActOnTeam(caller, team)) {
        const quotas = await asUser.listNamespacedResourceQuota({ namespace }).catch(() => undefined);
        const appName = String((ctx.input.spec as { name?: unknown }).name ?? '');
        const existing = await cluster.asUser(AppsV1Api, impersonation).readNamespacedDeployment({ name: appName, namespace }).catch(() => undefined);
        const first = quotas?.items[0]?.status;
        // On a re-deploy the app's own pods are already counted in `used`; the API server's admission still guards it.
        if (first?.hard && !existing) quota = { hard: first.hard as any, used: (first.used ?? {}) as any };
      }

      const prepared = await prepareDeployment(ctx.input, { cluster, settings: deps.settings, quota });
      const { environment, manifests, guardRails } = prepared;
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
      const dryRun = ctx.isDryRun ? 'All' : undefined;
      const applied: string[] = [];
      for (const manifest of manifests) {
        const client = PLATFORM_WRITTEN_KINDS.includes(manifest.kind) ? platform : writer;
        const where = `${manifest.kind}/${manifest.metadata.name}`;
        try {
          await client.patch(manifest as any, undefined, dryRun, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
        } catch (error) {
          const message = error instanceof ApiException ? kubernetesMessage(error) : String(error);
          throw new Error(`Applying ${where} to ${environment.namespace} failed: ${message}${applied.length ? ` (already applied: ${applied.join(', ')}; re-running converges)` : ''}`);
        }
        applied.push(where);
        ctx.logger.info(`${ctx.isDryRun ? 'checked (dry run)' : 'applied'} ${where}`);
      }
      ctx.output('namespace', environment.namespace);
      ctx.output('objects', applied);
      if (ctx.isDryRun) return;

      const deployment = manifests.find(m => m.kind === 'Deployment');
      if (deployment) {
        const hpa = manifests.find(m => m.kind === 'HorizontalPodAutoscaler' && (m.spec as any)?.scaleTargetRef?.name === deployment.metadata.name);
        await waitForRollout({
          minReplicas: (hpa?.spec as { minReplicas?: number } | undefined)?.minReplicas,
          apps: cluster.asUser(AppsV1Api, impersonation),
          core: asUser,
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
