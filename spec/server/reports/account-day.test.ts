import { dayIn, resolvePeriod, startOfDay } from '../../../src/server/reports/period.js';
import {
  buildAgentSummary,
  buildTeamReport,
  listReportAnswers,
} from '../../../src/server/reports/team-report.js';
import { saveAccountTimeZone } from '../../../src/server/setup/zendesk-state.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';

const NY = 'America/New_York';

describe('report periods in the account time zone', () => {
  it('starts and ends days at the zone midnight, 25 hours on the day summer time ends', () => {
    const p = resolvePeriod({ from: '2026-11-01', to: '2026-11-01' }, new Date(), NY);
    expect(p.from.toISOString()).toBe('2026-11-01T04:00:00.000Z'); // 00:00 EDT
    expect(p.toExclusive.toISOString()).toBe('2026-11-02T05:00:00.000Z'); // 00:00 EST
  });

  it('has a 23-hour day when summer time starts', () => {
    expect(startOfDay('2026-03-08', NY).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-03-09', NY).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('takes "today" in the zone: 23:30 in New York is still that day', () => {
    const p = resolvePeriod({}, new Date('2026-11-21T04:30:00Z'), NY);
    expect(p.toDay).toBe('2026-11-20');
    expect(p.fromDay).toBe('2026-10-22');
    expect(resolvePeriod({}, new Date('2026-11-21T04:30:00Z')).toDay).toBe('2026-11-21');
  });
});

/**
 * Solve times around the end of summer time in New York (Sunday 2026-11-01, 02:00 EDT → 01:00
 * EST), each answered two days later:
 *
 * solved (UTC)            New York                  NY day   UTC day  score
 * 2026-11-01T00:00:00Z    Oct 31 20:00 EDT          Oct 31   Nov 1    2
 * 2026-11-01T03:59:59Z    Oct 31 23:59:59 EDT       Oct 31   Nov 1    7
 * 2026-11-01T04:00:00Z    Nov 1 00:00:00 EDT        Nov 1    Nov 1    6
 * 2026-11-02T04:59:59Z    Nov 1 23:59:59 EST        Nov 1    Nov 2    5
 * 2026-11-02T05:00:00Z    Nov 2 00:00:00 EST        Nov 2    Nov 2    1
 * manual send, no solve time, created 2026-11-09T04:30:00Z (Nov 8 23:30 EST)    Nov 8   Nov 9  3
 */
const SOLVES: Array<[string, number]> = [
  ['2026-11-01T00:00:00Z', 2],
  ['2026-11-01T03:59:59Z', 7],
  ['2026-11-01T04:00:00Z', 6],
  ['2026-11-02T04:59:59Z', 5],
  ['2026-11-02T05:00:00Z', 1],
];

describeEachDatabase("the account's day, by solve date", (getDb) => {
  beforeAll(async () => {
    const db = getDb();
    await clearSurveys(db);
    for (const [solvedAt, score] of SOLVES) {
      await insertSurvey(db, {
        assigneeId: 21,
        createdAt: solvedAt,
        answer: {
          score,
          answeredAt: new Date(Date.parse(solvedAt) + 2 * 86_400_000).toISOString(),
        },
      });
    }
    await insertSurvey(db, {
      assigneeId: 21,
      origin: 'manual',
      solvedAt: null,
      createdAt: '2026-11-09T04:30:00Z',
      answer: { score: 3, answeredAt: '2026-11-10T12:00:00Z' },
    });
  });
  afterEach(async () => {
    await saveAccountTimeZone(getDb(), 'UTC');
  });

  const nOn = async (from: string, to = from) =>
    (await buildTeamReport(getDb(), { period: { from, to } })).team.n;

  it('puts the last second of a day on that day, in the account zone', async () => {
    await saveAccountTimeZone(getDb(), NY);
    expect(await nOn('2026-10-31')).toBe(2);
    expect(await nOn('2026-11-01')).toBe(2); // 25 hours: 04:00Z to 04:59:59Z the next day
    expect(await nOn('2026-11-02')).toBe(1);
    expect(await nOn('2026-11-08')).toBe(1); // the manual send, by its created time
    const r = await buildTeamReport(getDb(), { period: { from: '2026-11-01', to: '2026-11-01' } });
    expect(r.timeZone).toBe(NY);
    expect(r.filters).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    expect(r.team.means[0]?.mean).toBe(5.5);
  });

  it('counts UTC days while the zone is unknown, and recounts when setup learns it', async () => {
    expect(await nOn('2026-10-31')).toBe(0);
    expect(await nOn('2026-11-01')).toBe(3);
    expect(await nOn('2026-11-02')).toBe(2);
    await saveAccountTimeZone(getDb(), NY);
    expect(await nOn('2026-11-01')).toBe(2);
    const { rows } = await getDb().query<{ day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM report_agent_day
        WHERE n1 + n2 + n3 + n4 + n5 + n6 + n7 > 0 ORDER BY day`,
    );
    expect(rows.map((r) => r.day)).toEqual([
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
      '2026-11-08',
    ]);
  });

  it('keeps a ticket solved on the 31st in October though it was answered on Nov 2', async () => {
    await saveAccountTimeZone(getDb(), NY);
    const october = await buildTeamReport(getDb(), {
      period: { from: '2026-10-01', to: '2026-10-31' },
    });
    expect(october.team.n).toBe(2);
    expect(october.highEffort).toHaveLength(1);
    expect(october.highEffort[0]).toMatchObject({
      score: 2,
      solvedAt: '2026-11-01T00:00:00.000Z',
      sentAt: '2026-11-01T00:00:00.000Z',
      answeredAt: '2026-11-03T00:00:00.000Z',
    });
    const november = await buildTeamReport(getDb(), {
      period: { from: '2026-11-01', to: '2026-11-27' },
    });
    expect(november.team.n).toBe(4);
  });

  it('buckets the DST week by Monday of the account-zone day', async () => {
    await saveAccountTimeZone(getDb(), NY);
    const r = await buildTeamReport(getDb(), { period: { from: '2026-10-26', to: '2026-11-08' } });
    // Oct 31 and Nov 1 (a Sunday) are the week of Oct 26; Nov 2 .. Nov 8 the week of Nov 2.
    expect(r.trend.map((t) => [t.weekStart, t.n])).toEqual([
      ['2026-10-26', 4],
      ['2026-11-02', 2],
    ]);
  });

  it('ends the default period today in the account zone', async () => {
    await saveAccountTimeZone(getDb(), 'Pacific/Kiritimati'); // UTC+14: often a day ahead of UTC
    const before = new Date();
    const r = await buildTeamReport(getDb(), { period: {} });
    const after = new Date();
    expect([dayIn(before, 'Pacific/Kiritimati'), dayIn(after, 'Pacific/Kiritimati')]).toContain(
      r.filters.to,
    );
    expect(r.timeZone).toBe('Pacific/Kiritimati');
  });

  it('lists the answers of a day by its solve times in the zone', async () => {
    await saveAccountTimeZone(getDb(), NY);
    const page = await listReportAnswers(getDb(), {
      period: { from: '2026-11-01', to: '2026-11-01' },
      limit: 10,
    });
    expect(page.items.map((i) => i.solvedAt)).toEqual([
      '2026-11-02T04:59:59.000Z',
      '2026-11-01T04:00:00.000Z',
    ]);
  });

  it('takes the last N days up to today in the account zone for the agent summary', async () => {
    await saveAccountTimeZone(getDb(), NY);
    // 23:59:59 EST on Nov 1: today is still Nov 1 in New York (Nov 2 in UTC).
    const s = await buildAgentSummary(getDb(), 21, [1], new Date('2026-11-02T04:59:59Z'));
    expect(s.timeZone).toBe(NY);
    expect(s.periods[0]).toMatchObject({ from: '2026-11-01', to: '2026-11-01' });
    expect(s.periods[0]?.metrics.n).toBe(2);
  });
});
