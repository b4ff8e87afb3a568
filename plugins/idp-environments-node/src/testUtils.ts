import { AuditorServiceCreateEventOptions, AuditorServiceEvent } from '@backstage/backend-plugin-api';

/** What tests read of a mocked auditor (`mockServices.auditor.mock()`): its calls, and the events it handed out. */
export interface RecordingAuditor {
  createEvent: {
    mock: { calls: [AuditorServiceCreateEventOptions][]; results: { value: unknown }[] };
  };
}

interface RecordedEvent {
  success: { mock: { calls: Parameters<AuditorServiceEvent['success']>[] } };
  fail: { mock: { calls: Parameters<AuditorServiceEvent['fail']>[] } };
}

/**
 * For tests: the audit events an auditor mock received, how each was created and how it ended
 * (`initiated`, `succeeded`, `failed`), with the meta it started with and the meta it ended with.
 */
export async function auditEvents(auditor: RecordingAuditor) {
  return Promise.all(
    auditor.createEvent.mock.calls.map(async ([options], i) => {
      const event = (await auditor.createEvent.mock.results[i].value) as RecordedEvent;
      const [succeeded] = event.success.mock.calls[0] ?? [];
      const [failed] = event.fail.mock.calls[0] ?? [];
      let status = event.success.mock.calls.length ? 'succeeded' : 'initiated';
      if (failed) status = 'failed';
      return {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        request: options.request,
        status,
        initialMeta: options.meta,
        meta: { ...options.meta, ...(failed ?? succeeded)?.meta } as Record<string, any>,
        error: failed?.error,
      };
    }),
  );
}
