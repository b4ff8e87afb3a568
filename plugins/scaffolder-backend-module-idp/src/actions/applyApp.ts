import { AuditorService, AuditorServiceCreateEventOptions, BackstageCredentials, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { GuardRailSettings, appDeployPermission, deployRefusal } from '@internal/plugin-idp-apps-common';
import { guardRailError, prepareDeployment, quotaForDeploy } from '@internal/plugin-idp-apps-node';
import { KubernetesManifest, callerFromIdentity, canActOnTeam, environmentNamespace, environmentReadPermission } from '@internal/plugin-idp-environments-common';
import { EnvironmentAuthorizer } from '@internal/plugin-idp-environments-node';
import { ClusterAccess, FIELD_MANAGER, PLATFORM_WRITTEN_KINDS, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ApiException, AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { APP_DEPLOYMENT_INPUT, deploymentRequest } from '../actionInput';
import { waitForRollout } from '../rollout';
import { examples } from './applyApp.examples';

const describeObject = (manifest: KubernetesManifest) => `${manifest.kind}/${manifest.metadata.name}`;

/** What the `app-deploy` audit event says: names, outcomes and object kinds/names, never a manifest's content. */
type AuditMeta = { [key: string]: string | number | boolean | string[] | undefined };
const defined = (meta: AuditMeta) => Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined)) as AuditorServiceCreateEventOptions['meta'];

/** Refusals (the spec, the permission policy, the guard rails, Kubernetes said no) apart from failures. */
const REFUSALS = ['InputError', 'NotAllowedError', 'NotFoundError', 'ConflictError'];

/** The user (or service) the task runs for: a task has no HTTP request, so the event names them itself. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return principal.userEntityRef ?? principal.subject ?? principal.type ?? 'unknown';
}

/**
 * `slipway:app:apply`: renders, judges and server-side applies an app into a non-production
 * environment as the signed-in user (Kubernetes RBAC decides), then follows the rollout. Every
 * run, dry or not, is one `app-deploy` audit event naming the initiator; refusals are failed events.
 */
export function createApplyAppAction(deps: {
  cluster: ClusterAccess;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  settings: GuardRailSettings;
}) {
  const { cluster, userInfo } = deps;
  const authorizer = new EnvironmentAuthorizer(deps.permissions);
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
      const request = deploymentRequest(ctx.input);
      const spec = request.spec as { team?: unknown; name?: unknown };
      const team = typeof spec.team === 'string' ? spec.team : '';
      const meta: AuditMeta = {
        actor: actorOf(credentials),
        app: typeof spec.name === 'string' ? spec.name : undefined,
        team: team || undefined,
        environment: request.environment,
        dryRun: Boolean(ctx.isDryRun),
        expertYaml: Boolean(request.expertYaml?.trim()),
        taskId: ctx.task?.id,
        template: ctx.templateInfo?.entityRef,
      };
      // Which gate the run was at, for a failed event: validate, permission, guard-rails, kubernetes-checks, apply, rollout.
      let stage = 'validate';
      const event = await deps.auditor.createEvent({ eventId: 'app-deploy', severityLevel: 'medium', meta: defined(meta) });
      try {
        await deploy();
        await event.success({ meta: defined({ ...meta, outcome: ctx.isDryRun ? 'checked' : 'deployed' }) });
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        await event.fail({ error: failure, meta: defined({ ...meta, outcome: REFUSALS.includes(failure.name) ? 'refused' : 'error', failedAt: stage }) });
        throw error;
      }

      async function deploy() {
        const info = await userInfo.getUserInfo(credentials);
        const caller = callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
        const impersonation = { user: caller.user, groups: caller.groups };

        const quota =
          team && canActOnTeam(caller, team)
            ? await quotaForDeploy(cluster, impersonation, { namespace: environmentNamespace(team, request.environment), appName: String(spec.name ?? '') })
            : undefined;
        const { environment, manifests, guardRails } = await prepareDeployment(request, { cluster, settings: deps.settings, quota });
        Object.assign(meta, { namespace: environment.namespace, type: environment.type, objects: manifests.map(describeObject) });
        stage = 'permission';
        // Another team's environment looks absent; one's own but refused (production) says why.
        if (!(await authorizer.allows(credentials, environmentReadPermission, environment))) {
          throw new InputError(`environment: ${environment.team} has no environment "${request.environment}" you can deploy to; choose one of your team's environments`);
        }
        if (!(await authorizer.allows(credentials, appDeployPermission, environment))) throw new NotAllowedError(deployRefusal(environment));
        stage = 'guard-rails';
        if (!guardRails.passed) {
          meta.violations = [...new Set(guardRails.violations.map(v => v.ruleId))];
          throw guardRailError(guardRails);
        }

        const writer = cluster.asUser(KubernetesObjectApi, impersonation);
        const platform = cluster.objectsAsService();
        const apply = (manifest: KubernetesManifest, dryRun?: 'All') =>
          (PLATFORM_WRITTEN_KINDS.includes(manifest.kind) ? platform : writer).patch(manifest as any, undefined, dryRun, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);

        // Every object through RBAC and admission (quota, Pod Security) first: nothing is written unless all pass.
        stage = 'kubernetes-checks';
        const refusals: string[] = [];
        const refused: string[] = [];
        for (const manifest of manifests) {
          await apply(manifest, 'All').catch(error => {
            refused.push(describeObject(manifest));
            refusals.push(`${describeObject(manifest)}: ${error instanceof ApiException ? kubernetesMessage(error) : String(error)}`);
          });
        }
        if (refusals.length) {
          meta.refused = refused;
          const forbidden = refusals.some(r => /forbidden/i.test(r));
          const hint = forbidden ? ` Kubernetes does not let ${caller.user} write there; check that you are in ${environment.team} and its RoleBindings exist.` : '';
          throw new InputError(`Kubernetes refused this deploy to ${environment.namespace}; nothing was applied.${hint}\n${refusals.join('\n')}`);
        }
        if (ctx.isDryRun) {
          for (const manifest of manifests) ctx.logger.info(`checked (dry run) ${describeObject(manifest)}`);
        } else {
          stage = 'apply';
          // The event names what was applied, up to a failure part-way.
          const applied: string[] = [];
          meta.applied = applied;
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

        stage = 'rollout';
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
      }
    },
  });
}
