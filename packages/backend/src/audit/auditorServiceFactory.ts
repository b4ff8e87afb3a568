import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import { AuditorServiceEventSeverityLevel, coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { auditEntryOf, auditLogServiceRef } from '@internal/plugin-idp-environments-node';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];
const DEFAULT_LEVELS: Record<AuditorServiceEventSeverityLevel, LogLevel> = { low: 'debug', medium: 'info', high: 'info', critical: 'info' };

/** backend.auditor.severityLogLevelMappings, read as Backstage's default auditor reads it. */
function severityLogLevels(config: Config): Record<AuditorServiceEventSeverityLevel, LogLevel> {
  const levels = { ...DEFAULT_LEVELS };
  for (const severity of Object.keys(levels) as AuditorServiceEventSeverityLevel[]) {
    const configured = config.getOptionalString(`backend.auditor.severityLogLevelMappings.${severity}`);
    if (configured === undefined) continue;
    if (!LOG_LEVELS.includes(configured as LogLevel)) {
      throw new Error(`backend.auditor.severityLogLevelMappings.${severity} is '${configured}'; use one of ${LOG_LEVELS.join(', ')}`);
    }
    levels[severity] = configured as LogLevel;
  }
  return levels;
}

/**
 * Backstage's auditor (every event logged, as the default one does) that also records each
 * finished event, succeeded or failed, in Slipway's audit log: who, what, when, where, outcome.
 * A store failure is logged, never thrown: the change it describes has already happened.
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    auditLog: auditLogServiceRef,
  },
  factory({ config, logger, auth, httpAuth, plugin, auditLog }) {
    const auditLogger = logger.child({ isAuditEvent: true });
    const levels = severityLogLevels(config);
    return DefaultAuditorService.create(
      async event => {
        const message = `${event.plugin}.${event.eventId}`;
        if (event.status === 'failed') {
          const { error, ...rest } = event;
          auditLogger.child(rest)[levels[event.severityLevel]](message, error);
        } else {
          auditLogger[levels[event.severityLevel]](message, event);
        }
        const entry = auditEntryOf(event, new Date());
        if (!entry) return;
        try {
          await auditLog.record(entry);
        } catch (error) {
          logger.error(`Could not store audit event ${message} in the audit log: ${error}`);
        }
      },
      { plugin, auth, httpAuth },
    );
  },
});
