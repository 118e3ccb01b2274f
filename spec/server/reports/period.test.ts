import {
  latestToday,
  MAX_PERIOD_DAYS,
  PeriodError,
  resolvePeriod,
} from '../../../src/server/reports/period.js';

const NY = 'America/New_York';
// 23:30 on Nov 20 in New York; already Nov 21 in UTC and 18:30 on Nov 21 at UTC+14.
const NOW = new Date('2026-11-21T04:30:00Z');

const refused = (query: { from?: string; to?: string }) => {
  try {
    resolvePeriod(query, NOW, NY);
  } catch (e) {
    return e as PeriodError;
  }
  throw new Error('accepted');
};

describe('custom report periods', () => {
  it('takes any from/to in the account zone, the first and last day included', () => {
    const p = resolvePeriod({ from: '2026-10-01', to: '2026-10-31' }, NOW, NY);
    expect([p.fromDay, p.toDay, p.timeZone]).toEqual(['2026-10-01', '2026-10-31', NY]);
    expect(p.from.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    expect(p.toExclusive.toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  it(`takes up to ${MAX_PERIOD_DAYS} days and no more`, () => {
    expect(resolvePeriod({ from: '2025-11-20', to: '2026-11-20' }, NOW, NY).fromDay).toBe(
      '2025-11-20',
    );
    expect(refused({ from: '2025-11-19', to: '2026-11-20' }).message).toBe(
      `The period is too long: choose at most ${MAX_PERIOD_DAYS} days from "from" to "to".`,
    );
  });

  it('takes "today" as the latest day anywhere, refuses the day after', () => {
    // A reader east of New York may already be on Nov 21 (even Nov 21 at UTC+14).
    expect(latestToday(NOW)).toBe('2026-11-21');
    expect(resolvePeriod({ to: '2026-11-21' }, NOW, NY).toDay).toBe('2026-11-21');
    const e = refused({ to: '2026-11-22' });
    expect(e).toBeInstanceOf(PeriodError);
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe('"to" is in the future: choose today or an earlier day.');
    // 10:00 UTC is midnight at UTC+14: the next day begins there.
    expect(latestToday(new Date('2026-11-21T09:59:59Z'))).toBe('2026-11-21');
    expect(latestToday(new Date('2026-11-21T10:00:00Z'))).toBe('2026-11-22');
  });

  it.each([
    [{ from: '2026-11-10', to: '2026-11-01' }, '"from" is after "to": swap them.'],
    [{ from: '2026-02-30' }, '"from" is not a calendar date: give one as YYYY-MM-DD.'],
    [{ to: '2026-1-5' }, '"to" is not a calendar date: give one as YYYY-MM-DD.'],
  ])('refuses %j with a message that does not echo it', (query, message) => {
    const e = refused(query);
    expect(e.message).toBe(message);
    for (const value of Object.values(query)) expect(e.message).not.toContain(value);
  });
});
