const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

export interface TimeWindow {
  start: Date;
  end: Date;
}

const dayStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/** A duration like OpenCost's: `30m`, `24h`, `7d`, `2w`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)([mhdw])$/.exec(text);
  return match && Number(match[1]) > 0 ? Number(match[1]) * UNITS[match[2]] : undefined;
}

/**
 * OpenCost's `window` parameter: a duration ending now (`7d`, `24h`), `today`, `yesterday`, `week`
 * (since Sunday), `lastweek`, `month`, `lastmonth`, or `start,end` in RFC 3339. Undefined when it is none of these.
 */
export function parseWindow(text: string, now: Date): TimeWindow | undefined {
  const today = dayStart(now);
  const weekStart = new Date(today.getTime() - today.getUTCDay() * DAY);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  switch (text) {
    case 'today':
      return { start: today, end: now };
    case 'yesterday':
      return { start: new Date(today.getTime() - DAY), end: today };
    case 'week':
      return { start: weekStart, end: now };
    case 'lastweek':
      return { start: new Date(weekStart.getTime() - 7 * DAY), end: weekStart };
    case 'month':
      return { start: monthStart, end: now };
    case 'lastmonth':
      return { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), end: monthStart };
    default:
  }
  const duration = parseDuration(text);
  if (duration) return { start: new Date(now.getTime() - duration), end: now };
  const parts = text.split(',');
  if (parts.length === 2 && parts.every(p => /^\d{4}-\d{2}-\d{2}T/.test(p))) {
    const [start, end] = parts.map(p => new Date(p));
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end) return { start, end };
  }
  return undefined;
}

/** Whether both ends fall on UTC midnights, so daily rollups answer the window exactly. */
export const isDayAligned = (window: TimeWindow) => window.start.getTime() % DAY === 0 && window.end.getTime() % DAY === 0;

/** The window cut into steps (the last one may be shorter); one step without a step length. */
export function splitWindow(window: TimeWindow, stepMs?: number): TimeWindow[] {
  if (!stepMs) return [window];
  const steps: TimeWindow[] = [];
  for (let t = window.start.getTime(); t < window.end.getTime(); t += stepMs) {
    steps.push({ start: new Date(t), end: new Date(Math.min(t + stepMs, window.end.getTime())) });
  }
  return steps;
}
