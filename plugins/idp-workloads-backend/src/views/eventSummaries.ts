import { EventView, WorkloadRef } from '@internal/plugin-idp-workloads-common';
import type { CoreV1Event } from '@kubernetes/client-node';
import { isPartOfWorkload } from './owners';
import { optional } from './optional';
import { compareNewestFirst, isoTime } from './time';

/** When an event was last seen: series and event time for new-style events, timestamps for old. */
export function eventLastSeen(event: CoreV1Event): string | undefined {
  return (
    isoTime(event.series?.lastObservedTime) ??
    isoTime(event.lastTimestamp) ??
    isoTime(event.eventTime) ??
    isoTime(event.firstTimestamp) ??
    isoTime(event.metadata?.creationTimestamp)
  );
}

/** When an event was first seen. */
export function eventFirstSeen(event: CoreV1Event): string | undefined {
  return isoTime(event.firstTimestamp) ?? isoTime(event.eventTime) ?? isoTime(event.metadata?.creationTimestamp);
}

/** How many times an event happened. */
export function eventCount(event: CoreV1Event): number {
  return event.series?.count ?? event.count ?? 1;
}

/** One event as the events tab lists it. */
export function eventView(event: CoreV1Event): EventView {
  return {
    id: event.metadata?.uid ?? event.metadata?.name ?? '',
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message?.trim() ?? '',
    object: `${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}`,
    count: eventCount(event),
    ...optional('firstSeen', eventFirstSeen(event)),
    ...optional('lastSeen', eventLastSeen(event)),
  };
}

/** Newest first (by last seen); a new array. */
export function sortEventsNewestFirst(events: EventView[]): EventView[] {
  return [...events].sort((a, b) => compareNewestFirst(a.lastSeen, b.lastSeen));
}

/** The events about the given objects (`Kind/name`). */
export function eventsAbout(events: EventView[], objects: Iterable<string>): EventView[] {
  const wanted = new Set(objects);
  return events.filter(e => wanted.has(e.object));
}

/** The events of a workload: about it, its ReplicaSets or Jobs, or its pods. */
export function eventsOfWorkload(events: EventView[], workload: WorkloadRef, podNames: Iterable<string>): EventView[] {
  const pods = new Set(podNames);
  return events.filter(e => isPartOfWorkload(e.object, workload, pods));
}
