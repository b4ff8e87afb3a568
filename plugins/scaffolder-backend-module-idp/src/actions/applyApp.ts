import { AuditorService, AuditorServiceCreateEventOptions, BackstageCredentials } from '@backstage/backend-plugin-api';
import { DeployProgress, DeploymentService } from '@internal/plugin-idp-apps-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { APP_DEPLOYMENT_INPUT, deploymentRequest } from '../actionInput';
import { examples } from './applyApp.examples';

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
 * environment as the signed-in user (the permission policy and Kubernetes RBAC decide), then
 * follows the rollout; the work is the DeploymentService's. Every run, dry or not, is one
 * `app-deploy` audit event naming the initiator; refusals are failed events.
 */
export function createApplyAppAction(deps: { deployments: DeploymentService; auditor: AuditorService }) {
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
      // What was asked, as sent: recorded even when the spec is not valid, never decided on.
      const asked = request.spec as { team?: unknown; name?: unknown };
      const meta: AuditMeta = {
        actor: actorOf(credentials),
        app: typeof asked.name === 'string' ? asked.name : undefined,
        team: typeof asked.team === 'string' && asked.team ? asked.team : undefined,
        environment: request.environment,
        dryRun: Boolean(ctx.isDryRun),
        expertYaml: Boolean(request.expertYaml?.trim()),
        taskId: ctx.task?.id,
        template: ctx.templateInfo?.entityRef,
      };
      // How far the deploy got: which gate a failed event names (validate, permission, guard-rails, kubernetes-checks, apply, rollout).
      const progress: DeployProgress = { stage: 'validate' };
      const reached = () => {
        const { stage, ...names } = progress;
        return { ...meta, ...names };
      };
      const event = await deps.auditor.createEvent({ eventId: 'app-deploy', severityLevel: 'medium', meta: defined(meta) });
      try {
        const { deployment, objects } = await deps.deployments.apply(credentials, request, {
          dryRun: ctx.isDryRun,
          timeoutMs: (ctx.input.timeoutSeconds ?? 180) * 1000,
          logger: ctx.logger,
          progress,
        });
        ctx.output('namespace', deployment.environment.namespace);
        ctx.output('objects', objects);
        await event.success({ meta: defined({ ...reached(), outcome: ctx.isDryRun ? 'checked' : 'deployed' }) });
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        await event.fail({ error: failure, meta: defined({ ...reached(), outcome: REFUSALS.includes(failure.name) ? 'refused' : 'error', failedAt: progress.stage }) });
        throw error;
      }
    },
  });
}
