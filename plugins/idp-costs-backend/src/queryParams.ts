import { parseDuration, parseWindow, TimeWindow } from '@internal/plugin-idp-costs-common';
import { z } from 'zod/v3';

const DAY = 86_400_000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write a UTC date as YYYY-MM-DD').refine(d => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');
const today = (now: Date) => now.toISOString().slice(0, 10);
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString().slice(0, 10);

export const nameSchema = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lower-case letters, digits and dashes').max(253);
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'write a month as YYYY-MM');

/** `from`/`to` (inclusive UTC dates, at most 400 days apart), default the last 30 days. */
export const dayWindowSchema = (now: Date) =>
  z
    .object({ from: date.default(daysBefore(now, 29)), to: date.default(today(now)) })
    .refine(w => w.from <= w.to, { message: 'from must not be after to', path: ['from'] })
    .refine(w => Date.parse(w.to) - Date.parse(w.from) <= 400 * DAY, { message: 'at most 400 days: daily costs are kept that long', path: ['to'] });

export const teamShowbackQuerySchema = (now: Date) => dayWindowSchema(now).and(z.object({ by: z.enum(['environment', 'app']).default('environment') }));

const daysMessage = 'Give a whole number of days from 1 to 400, e.g. 30';
// Only text becomes a number: a query parameter can also arrive as a list or an object (days[x]=1), which z.coerce would crash on.
export const appCostQuerySchema = z.object({
  days: z.preprocess(value => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), z.number({ invalid_type_error: daysMessage }).int(daysMessage).min(1, daysMessage).max(400, daysMessage)).default(30),
});

export const chargebackQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** OpenCost's parameters: `window` (required), `aggregate`, `step`, `accumulate`. */
export const allocationQuerySchema = (now: Date) =>
  z.object({
    window: z
      .string({ required_error: 'Required: e.g. 7d, 24h, today, lastweek or 2026-03-01T00:00:00Z,2026-03-08T00:00:00Z' })
      .transform((text, ctx): TimeWindow => {
        const window = parseWindow(text, now);
        if (!window) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text.slice(0, 80)}" is not a window: write e.g. 7d, 24h, today, yesterday, week, lastweek, month, lastmonth or start,end in RFC 3339` });
          return z.NEVER;
        }
        return window;
      }),
    aggregate: z.enum(['namespace', 'team', 'environment', 'app'], { errorMap: () => ({ message: 'one of namespace, team, environment, app' }) }).default('namespace'),
    step: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        const ms = parseDuration(text);
        if (!ms || ms < 3_600_000) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text.slice(0, 20)}" is not a step: write a whole number of hours or days such as 1h, 6h or 1d` });
          return z.NEVER;
        }
        return ms;
      }),
    accumulate: z.enum(['true', 'false'], { errorMap: () => ({ message: 'true or false' }) }).default('false').transform(v => v === 'true'),
  });
