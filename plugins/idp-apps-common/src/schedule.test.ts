import { cronScheduleProblem } from './schedule';

describe('cronScheduleProblem', () => {
  it.each([
    '*/15 * * * *',
    '0 3 * * *',
    '0 0 1 1 *',
    '30 8-18/2 * * MON-FRI',
    '0,15,30,45 * * * *',
    '0 12 ? * sun',
    '5 4 * JAN,JUL 0',
    '  0 3 * * *  ',
    '@hourly',
    '@daily',
  ])('accepts %p', schedule => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  it.each([
    ['* * * *', /five fields .* this has 4/],
    ['* * * * * *', /this has 6/],
    ['', /this has 0/],
    ['60 * * * *', /minute field has "60", outside 0-59/],
    ['0 24 * * *', /hour field has "24", outside 0-23/],
    ['0 0 0 * *', /day-of-month field has "0", outside 1-31/],
    ['0 0 * 13 *', /month field has "13", outside 1-12 \(or JAN-DEC\)/],
    ['0 0 * * 7', /day-of-week field has "7", outside 0-6 \(or SUN-SAT\)/],
    ['*/0 * * * *', /step "\/0"; use a whole number from 1/],
    ['10-5 * * * *', /runs backwards/],
    ['? * * * *', /minute field has "\?"/],
    ['1-2-3 * * * *', /a range is start-end/],
    ['@every 5m', /not a schedule macro/],
    ['TZ=Europe/Paris 0 3 * * *', /remove the TZ= prefix/],
    ['a b c d e', /minute field has "a"/],
  ])('rejects %p saying what to fix', (schedule, message) => {
    const problem = cronScheduleProblem(schedule);
    expect(problem).toMatch(message);
  });

  it('shows an example with every field problem', () => {
    expect(cronScheduleProblem('61 * * * *')).toMatch(/e\.g\. "\*\/15 \* \* \* \*"/);
  });
});
