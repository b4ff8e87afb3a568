import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_LABELS,
  Environment,
  MANAGED_BY,
  environmentFromNamespace,
  planCleanup,
} from '@internal/plugin-idp-environments-common';
import { ClusterAccess, FIELD_MANAGER, kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException, CoreV1Api, PatchStrategy } from '@kubernetes/client-node';
import { AuditMeta, NO_AUDITOR, audited } from '@internal/plugin-idp-environments-node';

/** Records on the namespace which expiry its owner was warned about, so they are warned once. */
const DELETION_NOTICE_ANNOTATION = ENVIRONMENT_ANNOTATIONS.deletionNoticeFor;

export interface JanitorRun {
  dryRun: boolean;
  deleted: string[];
  notified: string[];
  kept: number;
  /** Environments the janitor could not act on this run, and why; the others went on. */
  failed: Array<{ namespace: string; error: string }>;
}

/**
 * Removes expired and long-inactive environments, warning their owners first, and environments
 * whose create was interrupted and abandoned (provisioning for longer than
 * PROVISIONING_STALE_AFTER_MINUTES; their owner is told). Never touches
 * production or protected environments (the plan keeps them, and each deletion re-checks).
 * Runs on the backend scheduler with global scope, so several replicas do not race. Every deletion
 * and warning is an audit event (`janitor-delete`, `janitor-warn`) with `actor: 'janitor'`; a dry
 * run changes nothing and records nothing.
 */
export class EnvironmentJanitor {
  static create(options: {
    cluster: ClusterAccess;
    logger: LoggerService;
    notifications?: NotificationService;
    /** The plugin always passes it; absent only where nobody looks at audit events. */
    auditor?: AuditorService;
    dryRun?: boolean;
    now?: () => Date;
  }) {
    return new EnvironmentJanitor(
      options.cluster,
      options.logger,
      options.notifications,
      options.auditor ?? NO_AUDITOR,
      options.dryRun ?? false,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly cluster: ClusterAccess,
    private readonly logger: LoggerService,
    private readonly notifications: NotificationService | undefined,
    private readonly auditor: AuditorService,
    private readonly dryRun: boolean,
    private readonly now: () => Date,
  ) {}

  async run(): Promise<JanitorRun> {
    const core = this.cluster.asService(CoreV1Api);
    const namespaces = await core.listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` });
    const notices = new Map(namespaces.items.map(ns => [ns.metadata?.name, ns.metadata?.annotations?.[DELETION_NOTICE_ANNOTATION]]));
    // Terminating ones are kept by the plan; provisioning ones are removed once abandoned.
    const environments = namespaces.items.map(environmentFromNamespace).filter((e): e is Environment => !!e);
    const run: JanitorRun = { dryRun: this.dryRun, deleted: [], notified: [], kept: 0, failed: [] };

    for (const item of planCleanup(environments, this.now())) {
      // One environment that cannot be deleted or warned (an API error, an admission policy) is reported; the others go on.
      try {
        await this.act(item, run, core, notices);
      } catch (error) {
        const message = error instanceof ApiException ? kubernetesMessage(error) : String((error as Error)?.message ?? error);
        run.failed.push({ namespace: item.environment.namespace, error: message });
        run.deleted = run.deleted.filter(n => n !== item.environment.namespace);
        run.notified = run.notified.filter(n => n !== item.environment.namespace);
        this.logger.warn(`Janitor: could not ${item.action} ${item.environment.namespace}: ${message}; the other environments went on`);
      }
    }
    if (run.failed.length) this.logger.warn(`Janitor: ${run.failed.length} environment(s) failed this run: ${run.failed.map(f => f.namespace).join(', ')}`);
    return run;
  }

  private async act(item: ReturnType<typeof planCleanup>[number], run: JanitorRun, core: CoreV1Api, notices: Map<string | undefined, string | undefined>): Promise<void> {
    const { environment, reason } = item;
    if (item.action === 'keep') {
      run.kept++;
      return;
    }
    if (item.action === 'notify') {
      if (notices.get(environment.namespace) === environment.expiresAt) return;
      run.notified.push(environment.namespace);
      if (this.dryRun) {
        this.logger.info(`[dry run] would warn ${environment.owner} that ${environment.namespace} will be deleted: ${reason}`);
        return;
      }
      await audited(this.auditor, { eventId: 'janitor-warn', severityLevel: 'medium', meta: this.auditMeta(environment, reason) }, async meta => {
        meta.ownerNotified = await this.notify(environment, `Environment ${environment.namespace} will be deleted soon`, `${reason}. Extend it in Slipway to keep it.`);
        await this.markNoticeSent(environment);
        meta.outcome = 'warned';
      });
      return;
    }
    // Irreversible: re-check the two things that must never be deleted.
    if (environment.type === 'production' || environment.protected) {
      run.kept++;
      return;
    }
    run.deleted.push(environment.namespace);
    if (this.dryRun) {
      this.logger.info(`[dry run] would delete ${environment.namespace}: ${reason}`);
      return;
    }
    await audited(this.auditor, { eventId: 'janitor-delete', severityLevel: 'high', meta: this.auditMeta(environment, reason) }, async meta => {
      await core.deleteNamespace({ name: environment.namespace });
      this.logger.info(`Deleted environment ${environment.namespace}: ${reason}`, { namespace: environment.namespace });
      meta.outcome = 'deleted';
      meta.ownerNotified = await this.notify(environment, `Environment ${environment.namespace} was deleted`, reason);
    });
  }

  /** The janitor acts on no request: the event names it as the actor, and the environment it acted on. */
  private auditMeta(environment: Environment, reason: string): AuditMeta {
    return {
      actor: 'janitor',
      namespace: environment.namespace,
      team: environment.team,
      environment: environment.name,
      type: environment.type,
      owner: environment.owner,
      expiresAt: environment.expiresAt,
      lastActivityAt: environment.lastActivityAt,
      reason,
    };
  }

  /** Whether the owner was notified; a failed notification is logged, never fatal. */
  private async notify(environment: Environment, title: string, description: string): Promise<boolean> {
    if (!this.notifications) return false;
    return this.notifications
      .send({
        recipients: { type: 'entity', entityRef: environment.owner },
        payload: { title, description, link: `/environments/${environment.namespace}`, severity: 'high', topic: 'slipway-environments' },
      })
      .then(
        () => true,
        error => {
          this.logger.warn(`Could not notify ${environment.owner} about ${environment.namespace}: ${error}`);
          return false;
        },
      );
  }

  private async markNoticeSent(environment: Environment) {
    await this.cluster.objectsAsService().patch(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: environment.namespace, annotations: { [DELETION_NOTICE_ANNOTATION]: environment.expiresAt ?? 'inactive' } },
      },
      undefined,
      undefined,
      FIELD_MANAGER,
      undefined,
      PatchStrategy.MergePatch,
    );
  }
}
