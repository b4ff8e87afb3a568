import { RotationPolicy, SecretRotationState } from './api';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When a secret rotated (or generated) at `from` rotates next. */
export function nextRotationAt(from: Date, policy: RotationPolicy): Date {
  return new Date(from.getTime() + policy.everyDays * DAY);
}

/** Until when the value before a rotation at `rotatedAt` stays readable as `<key>.previous`; undefined without grace. */
export function previousValueUntil(rotatedAt: Date, policy: RotationPolicy): Date | undefined {
  return policy.graceHours > 0 ? new Date(rotatedAt.getTime() + policy.graceHours * HOUR) : undefined;
}

export type RotationWork = 'rotate' | 'end-grace' | 'none';

/**
 * What the rotation schedule owes a secret now: a rotation when it is due, or the end of the
 * previous rotation's grace window. Grace ends first, so a key never has two previous values.
 */
export function rotationWorkDue(state: Pick<SecretRotationState, 'nextRotationAt' | 'previousUntil'>, now: Date): RotationWork {
  if (state.previousUntil && new Date(state.previousUntil).getTime() <= now.getTime()) return 'end-grace';
  if (new Date(state.nextRotationAt).getTime() <= now.getTime()) return 'rotate';
  return 'none';
}
