/** Cron schedules as Kubernetes CronJobs read them: five fields, or one of the @ macros. */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** `?` means "any" in the day fields only. */
  question?: boolean;
}

const FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS, question: true },
];

const EXAMPLE = 'e.g. "*/15 * * * *" for every 15 minutes or "0 3 * * *" for 03:00 UTC daily';

function value(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  // Month names count from 1 (JAN), day names from 0 (SUN).
  return field.name === 'month' ? index + 1 : index;
}

function itemProblem(item: string, field: CronField): string | undefined {
  const range = `${field.min}-${field.max}`;
  const [base, step, extra] = item.split('/');
  if (extra !== undefined || base === '') return `the ${field.name} field has "${item}", which is not a value, range or step`;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) {
    return `the ${field.name} field has step "/${step}"; use a whole number from 1, e.g. */5`;
  }
  if (base === '*' || (field.question && base === '?')) return undefined;
  const bounds = base.split('-');
  if (bounds.length > 2) return `the ${field.name} field has "${item}"; a range is start-end, e.g. 1-5`;
  const numbers = bounds.map(b => value(b, field));
  for (const [i, n] of numbers.entries()) {
    if (n === undefined || n < field.min || n > field.max) {
      return `the ${field.name} field has "${bounds[i]}", outside ${range}${field.names ? ` (or ${field.names[0]}-${field.names[field.names.length - 1]})` : ''}`;
    }
  }
  if (numbers.length === 2 && numbers[0]! > numbers[1]!) return `the ${field.name} range "${base}" runs backwards; write the smaller value first`;
  return undefined;
}

/** What is wrong with a schedule, in plain words with the fix; undefined when Kubernetes accepts it. */
export function cronScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    return MACROS.includes(trimmed) ? undefined : `"${trimmed}" is not a schedule macro; use one of ${MACROS.join(', ')} or five fields, ${EXAMPLE}`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'Time zones in the schedule are not supported; schedules run in UTC, so remove the TZ= prefix';
  const fields = trimmed.split(/\s+/).filter(f => f.length > 0);
  if (fields.length !== 5) {
    return `A schedule has five fields (minute hour day-of-month month day-of-week) and this has ${fields.length}; ${EXAMPLE}`;
  }
  for (const [i, text] of fields.entries()) {
    for (const item of text.split(',')) {
      const problem = itemProblem(item, FIELDS[i]);
      if (problem) return `${problem[0].toUpperCase()}${problem.slice(1)}; ${EXAMPLE}`;
    }
  }
  return undefined;
}
