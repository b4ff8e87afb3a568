import { nextRotationAt, previousValueUntil, rotationWorkDue } from './rotation';

describe('rotation rules', () => {
  const at = new Date('2026-12-01T10:00:00Z');
  it('rotates every N days and keeps the previous value for the grace window', () => {
    expect(nextRotationAt(at, { everyDays: 30, graceHours: 24 }).toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(previousValueUntil(at, { everyDays: 30, graceHours: 24 })?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(previousValueUntil(at, { everyDays: 30, graceHours: 0 })).toBeUndefined();
  });

  it('ends a grace window before it rotates again', () => {
    expect(rotationWorkDue({ nextRotationAt: '2026-12-31T10:00:00Z' }, at)).toBe('none');
    expect(rotationWorkDue({ nextRotationAt: '2026-12-01T10:00:00Z' }, at)).toBe('rotate');
    expect(rotationWorkDue({ nextRotationAt: '2026-12-01T09:00:00Z', previousUntil: '2026-12-01T09:30:00Z' }, at)).toBe('end-grace');
    expect(rotationWorkDue({ nextRotationAt: '2026-12-31T10:00:00Z', previousUntil: '2026-12-01T11:00:00Z' }, at)).toBe('none');
  });
});
