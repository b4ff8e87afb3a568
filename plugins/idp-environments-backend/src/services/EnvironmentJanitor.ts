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
import { ClusterAccess, FIELD_MANAGER } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, PatchStrategy } from '@kubernetes/client-node';
import { AuditMeta, NO_AUDITOR, audited } from '@internal/plugin-idp-environments-node';

/** Records on the namespace which expiry its owner was warned about, so they are warned once. */
const DELETION_NOTICE_ANNOTATION = ENVIRONMENT_ANNOTATIONS.deletionNoticeFor;

export interface JanitorRun {
  dryRun: boolean;
  deleted: string[];
  notified: string[];
  kept: number;
}

/**
 * Removes expired and long-inactive environments, warning their owners first. Never touches
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
    const environments = namespaces.items.map(environmentFromNamespace).filter((e): e is Environment => !!e && e.phase === 'Active');
    const run: JanitorRun = { dryRun: this.dryRun, deleted: [], notified: [], kept: 0 };

    for (const item of planCleanup(environments, this.now())) {
      const { environment, reason } = item;
      if (item.action === 'keep') {
        run.kept++;
        continue;
      }
      if (item.action === 'notify') {
        if (notices.get(environment.namespace) === environment.expiresAt) continue;
        run.notified.push(environment.namespace);
        if (this.dryRun) {
          this.logger.info(`[dry run] would warn ${environment.owner} that ${environment.namespace} will be deleted: ${reason}`);
          continue;
        }
        await audited(this.auditor, { eventId: 'janitor-warn', severityLevel: 'medium', meta: this.auditMeta(environment, reason) }, async meta => {
          meta.ownerNotified = await this.notify(environment, `Environment ${environment.namespace} will be deleted soon`, `${reason}. Extend it in Slipway to keep it.`);
          await this.markNoticeSent(environment);
          meta.outcome = 'warned';
        });
        continue;
      }
      // Irreversible: re-check the two things that must never be deleted.
      if (environment.type === 'production' || environment.protected) {
        run.kept++;
        continue;
      }
      run.deleted.push(environment.namespace);
      if (this.dryRun) {
        this.logger.info(`[dry run] would delete ${environment.namespace}: ${reason}`);
        continue;
      }
      await audited(this.auditor, { eventId: 'janitor-delete', severityLevel: 'high', meta: this.auditMeta(environment, reason) }, async meta => {
        await core.deleteNamespace({ name: environment.namespace });
        this.logger.info(`Deleted environment ${environment.namespace}: ${reason}`, { namespace: environment.namespace });
        meta.outcome = 'deleted';
        meta.ownerNotified = await this.notify(environment, `Environment ${environment.namespace} was deleted`, reason);
      });
    }
    return run;
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
