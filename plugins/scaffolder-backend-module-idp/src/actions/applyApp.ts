import { AuditorService, AuditorServiceCreateEventOptions, BackstageCredentials } from '@backstage/backend-plugin-api';
import { AppliedDeployment, DeployProgress, DeploymentRequest, DeploymentService, JudgedDeployment, guardRailError } from '@internal/plugin-idp-apps-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { APP_DEPLOYMENT_INPUT, DEPLOY_REQUEST_INPUT, deployRequestBody, deploymentRequest } from '../actionInput';
import { examples } from './applyApp.examples';
import { DeployRequestsDeps, createDeployRequest, deployRequestUrl } from './deployRequests';

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

/** The judged deployment when the judge refuses it only because the environment is production (a request, then); undefined otherwise. */
async function productionDeployOf(deployments: DeploymentService, credentials: BackstageCredentials, request: DeploymentRequest): Promise<JudgedDeployment | undefined> {
  const judged = await deployments.judge(credentials, request);
  return judged.success && !judged.decision.allowed && judged.decision.refusal === 'production' ? judged.deployment : undefined;
}

/**
 * `slipway:app:apply`: renders, judges and server-side applies an app into a non-production
 * environment as the signed-in user (the permission policy and Kubernetes RBAC decide), then
 * follows the rollout; the work is the DeploymentService's. A production environment is never
 * applied: the deploy becomes a request to the approvals backend, filed as the initiator, that a
 * tech lead approves. Every run, dry or not, is one `app-deploy` audit event naming the
 * initiator; refusals are failed events.
 */
export function createApplyAppAction(deps: { deployments: DeploymentService; auditor: AuditorService; approvals: DeployRequestsDeps }) {
  return createTemplateAction({
    id: 'slipway:app:apply',
    description:
      'Deploys an app spec to one of your team’s non-production environments, as you, and waits for it to be ready; ' +
      'for a production environment it creates a deploy request that a tech lead of the team approves.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...APP_DEPLOYMENT_INPUT,
        ...DEPLOY_REQUEST_INPUT,
        timeoutSeconds: z => z.number().int().positive().max(1800).optional().describe('How long to wait for the rollout (default 180)'),
      },
      output: {
        namespace: z => z.string(),
        objects: z => z.array(z.string()).describe('Kind/name of every object applied (production: that the request would apply)'),
        requestId: z => z.string().optional().describe('Production only: the deploy request waiting for a tech lead’s approval'),
        requestUrl: z => z.string().optional().describe('Production only: the request’s page in the portal'),
        status: z => z.literal('pending').optional().describe('Production only: the request’s status'),
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
      // Set once the deploy has become a production request: a failure from then on is the request's.
      let failedAt: string | undefined;
      try {
        let applied: AppliedDeployment;
        try {
          applied = await deps.deployments.apply(credentials, request, {
            dryRun: ctx.isDryRun,
            timeoutMs: (ctx.input.timeoutSeconds ?? 180) * 1000,
            logger: ctx.logger,
            progress,
          });
        } catch (error) {
          // Production is refused at the permission gate, before anything is written; the judge's decision tells it apart.
          const production = progress.stage === 'permission' && progress.type === 'production' ? await productionDeployOf(deps.deployments, credentials, request) : undefined;
          if (!production) throw error;
          // A request the guard rails refuse would be refused by the approvals backend too: said here, as for any deploy.
          progress.stage = 'guard-rails';
          if (!production.guardRails.passed) {
            progress.violations = [...new Set(production.guardRails.violations.map(v => v.ruleId))];
            throw guardRailError(production.guardRails);
          }
          failedAt = 'request';
          const body = deployRequestBody(request, production.spec.name, ctx.input.reason);
          ctx.output('namespace', production.environment.namespace);
          ctx.output('objects', progress.objects ?? []);
          if (ctx.isDryRun) {
            ctx.logger.info(`Dry run: would request a tech lead's approval to deploy ${production.spec.name} to ${production.environment.namespace}, reason "${body.reason}"; no request was created`);
            await event.success({ meta: defined({ ...reached(), outcome: 'checked' }) });
            return;
          }
          const created = await createDeployRequest(deps.approvals, credentials, body);
          const url = deployRequestUrl(created.id);
          ctx.output('requestId', created.id);
          ctx.output('requestUrl', url);
          ctx.output('status', 'pending');
          ctx.logger.info(`Production deploys need a tech lead's approval: request ${created.id} is waiting at ${url}`);
          await event.success({ meta: defined({ ...reached(), outcome: 'requested', requestId: created.id }) });
          return;
        }
        ctx.output('namespace', applied.deployment.environment.namespace);
        ctx.output('objects', applied.objects);
        await event.success({ meta: defined({ ...reached(), outcome: ctx.isDryRun ? 'checked' : 'deployed' }) });
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        await event.fail({ error: failure, meta: defined({ ...reached(), outcome: REFUSALS.includes(failure.name) ? 'refused' : 'error', failedAt: failedAt ?? progress.stage }) });
        throw error;
      }
    },
  });
}
