import fc from 'fast-check';
import {
  retryingDeadlocks,
  type Database,
  type Queryable,
} from '../../../src/server/db/database.js';
import { describeEachDatabase } from '../../support/databases.js';
import { COUNT_ROLLUPS } from '../../support/rollup-tables.js';
import { saveAccountTimeZone } from '../../../src/server/setup/zendesk-state.js';
import { clearSurveys, insertSurvey, insertSurveys } from '../../support/survey-fixtures.js';

const TABLES = COUNT_ROLLUPS;

/** The rollups the triggers kept are exactly what a rebuild from the answers gives. */
async function expectRebuildKeeps(db: Database): Promise<void> {
  const maintained = await snapshot(db);
  await db.query('SELECT report_rollup_rebuild()');
  expect(maintained).toEqual(await snapshot(db));
}

/** Every rollup row that counts anything, in a stable order. */
async function snapshot(db: Database): Promise<string[]> {
  const out: string[] = [];
  for (const table of TABLES) {
    const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    for (const row of rows) {
      const { day, week, ...rest } = row;
      const when = day ?? week;
      const counts = Object.entries(rest).filter(([k]) =>
        /^(n\d+|csat_\w+|sent|responded|reminded|after_reminder)$/.test(k),
      );
      if (counts.every(([, v]) => Number(v) === 0)) continue;
      const dayText = when instanceof Date ? when.toISOString().slice(0, 10) : String(when);
      out.push(`${table} ${dayText} ${JSON.stringify(rest)}`);
    }
  }
  return out.sort();
}

/** One answer per survey, each in its own transaction at once, on the scale the survey is not on. */
async function answerOnTheOtherScale(db: Database, ids: number[], answeredAt: string) {
  await Promise.all(
    ids.map((id, i) =>
      db.transaction((tx) =>
        tx.query(
          `INSERT INTO answers (survey_id, score, scale_id, answered_at)
           SELECT id, $2, CASE WHEN scale_id = 'ces2_7' THEN 'ease_10' ELSE 'ces2_7' END, $3
             FROM surveys WHERE id = $1`,
          [id, 1 + (i % 7), answeredAt],
        ),
      ),
    ),
  );
}

/**
 * Every survey changed at once, each in its own transaction: one in four replaced, one in four
 * deleted, the others changed by `other`.
 */
async function changeAtOnce(
  db: Database,
  ids: number[],
  other: (tx: Queryable, id: number, i: number) => Promise<unknown>,
) {
  await Promise.all(
    ids.map((id, i) =>
      db.transaction((tx) =>
        i % 4 === 0
          ? tx.query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [id])
          : i % 4 === 1
            ? tx.query('DELETE FROM surveys WHERE id = $1', [id])
            : other(tx, id, i),
      ),
    ),
  );
}

const day = fc.integer({ min: 0, max: 20 }).map((d) => new Date(Date.UTC(2026, 10, 1 + d, d % 24)));
const op = fc.oneof(
  fc.record({
    kind: fc.constant('survey' as const),
    assigneeId: fc.constantFrom(null, 1, 2),
    groupId: fc.constantFrom(null, 10, 20),
    brandId: fc.constantFrom(null, 1),
    channel: fc.constantFrom(null, 'email', 'web'),
    satisfaction: fc.constantFrom(null, 'good', 'bad'),
    scaleId: fc.constantFrom('ces2_7' as const, 'ease_10' as const),
    at: day,
    // Null: a manual send without a solve time (its created time is its day).
    solvedLater: fc.option(fc.integer({ min: 0, max: 30 }).map((h) => h * 3_600_000)),
    published: fc.boolean(),
    answer: fc.option(
      fc.record({
        // An answer may be on another scale than its survey (a link of an older scale).
        scaleId: fc.constantFrom(undefined, 'ces1_5' as const),
        score: fc.integer({ min: 1, max: 7 }),
        driver: fc.constantFrom(null, 'transferred', 'other'),
        later: fc.integer({ min: 0, max: 3 }),
      }),
    ),
  }),
  fc.record({ kind: fc.constant('publish' as const), pick: fc.nat(), at: day }),
  fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), at: fc.option(day) }),
  fc.record({
    kind: fc.constant('zone' as const),
    zone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'),
  }),
  fc.record({ kind: fc.constant('supersede' as const), pick: fc.nat() }),
  // The one reminder, before or after the answer (if any) came in.
  fc.record({ kind: fc.constant('remind' as const), pick: fc.nat(), at: day }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('answer' as const),
    pick: fc.nat(),
    score: fc.integer({ min: 1, max: 7 }),
    driver: fc.constantFrom(null, 'took_too_long'),
  }),
  fc.record({
    kind: fc.constant('change' as const),
    pick: fc.nat(),
    score: fc.integer({ min: 1, max: 7 }),
    driver: fc.constantFrom(null, 'transferred', 'answer_unclear'),
  }),
  fc.record({ kind: fc.constant('comment' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('reassign' as const),
    pick: fc.nat(),
    groupId: fc.constantFrom(10, 30),
  }),
  fc.record({
    kind: fc.constant('csat' as const),
    pick: fc.nat(),
    value: fc.constantFrom(null, 'Good', 'bad'),
  }),
  fc.record({ kind: fc.constant('unanswer' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

async function pickSurvey(db: Database, pick: number, answered?: boolean): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT s.id FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
      WHERE $1::boolean IS NULL OR (a.survey_id IS NOT NULL) = $1 ORDER BY s.id`,
    [answered ?? null],
  );
  return rows.length ? (rows[pick % rows.length]?.id ?? null) : null;
}

async function run(db: Database, o: Op): Promise<void> {
  if (o.kind === 'survey') {
    await insertSurvey(db, {
      assigneeId: o.assigneeId,
      groupId: o.groupId,
      brandId: o.brandId,
      channel: o.channel,
      satisfaction: o.satisfaction,
      scaleId: o.scaleId,
      createdAt: o.at.toISOString(),
      solvedAt:
        o.solvedLater === null ? null : new Date(o.at.getTime() - o.solvedLater).toISOString(),
      publishedAt: o.published ? o.at.toISOString() : null,
      answer: o.answer
        ? {
            ...(o.answer.scaleId ? { scaleId: o.answer.scaleId } : {}),
            score: o.answer.score,
            driver: o.answer.driver,
            answeredAt: new Date(o.at.getTime() + o.answer.later * 86_400_000).toISOString(),
          }
        : undefined,
    });
    return;
  }
  if (o.kind === 'zone') {
    await saveAccountTimeZone(db, o.zone);
    return;
  }
  const answered = ['change', 'comment', 'unanswer', 'csat', 'replace'].includes(o.kind)
    ? true
    : o.kind === 'answer'
      ? false
      : undefined;
  const id = await pickSurvey(db, o.pick, answered);
  if (id === null) return;
  switch (o.kind) {
    case 'publish':
      await db.query('UPDATE surveys SET published_at = $2 WHERE id = $1', [
        id,
        o.at.toISOString(),
      ]);
      return;
    case 'resolve':
      await db.query('UPDATE surveys SET solved_at = $2 WHERE id = $1', [
        id,
        o.at?.toISOString() ?? null,
      ]);
      return;
    case 'remind':
      await db.query('UPDATE surveys SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL', [
        id,
        o.at.toISOString(),
      ]);
      return;
    case 'supersede':
      await db.query(`UPDATE surveys SET status = 'superseded' WHERE id = $1`, [id]);
      return;
    case 'replace':
      await db.query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [id]);
      return;
    case 'restore':
      await db.query(
        `UPDATE surveys SET status = 'answered' WHERE id = $1 AND status = 'replaced'`,
        [id],
      );
      return;
    case 'answer':
      await db.query(
        `INSERT INTO answers (survey_id, score, scale_id, driver, answered_at)
         SELECT id, $2, scale_id, $3, coalesce(published_at, created_at) + interval '5 hours'
           FROM surveys WHERE id = $1`,
        [id, o.score, o.driver],
      );
      return;
    case 'change':
      await db.query(
        'UPDATE answers SET score = $2, driver = $3, version = version + 1 WHERE survey_id = $1',
        [id, o.score, o.driver],
      );
      return;
    case 'comment':
      await db.query(`UPDATE answers SET comment = 'changed' WHERE survey_id = $1`, [id]);
      return;
    case 'reassign':
      await db.query('UPDATE surveys SET group_id = $2 WHERE id = $1', [id, o.groupId]);
      return;
    case 'csat':
      await db.query('UPDATE surveys SET satisfaction = $2 WHERE id = $1', [id, o.value]);
      return;
    case 'unanswer':
      await db.query('DELETE FROM answers WHERE survey_id = $1', [id]);
      return;
    case 'delete':
      await db.query('DELETE FROM surveys WHERE id = $1', [id]);
      return;
  }
}

describeEachDatabase('report rollups', (getDb) => {
  // The property test may leave another account zone behind: the tests below count UTC days.
  afterEach(async () => {
    await getDb().query(`DELETE FROM zendesk_state WHERE key = 'account'`);
  });

  it('stay equal to a recount from the tables after any sequence of changes', async () => {
    const db = getDb();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        await clearSurveys(db);
        await db.query(`DELETE FROM zendesk_state WHERE key = 'account'`);
        for (const o of ops) await run(db, o);
        await expectRebuildKeeps(db);
      }),
      { numRuns: 60 },
    );
  });

  it('counts an answer once on its day and moves it when the score changes', async () => {
    const db = getDb();
    await clearSurveys(db);
    const id = await insertSurvey(db, {
      assigneeId: 5,
      groupId: 50,
      answer: { score: 2, answeredAt: '2026-11-03T23:30:00+00:00', driver: 'transferred' },
    });
    const row = async () =>
      (
        await db.query<{ n2: number; n6: number; sent: number; responded: number }>(
          `SELECT n2, n6, sent, responded FROM report_agent_day WHERE assignee_id = 5 AND day = '2026-11-03'`,
        )
      ).rows;
    expect(await row()).toEqual([{ n2: 1, n6: 0, sent: 1, responded: 1 }]);
    await db.query(`UPDATE answers SET score = 6 WHERE survey_id = $1`, [id]);
    expect(await row()).toEqual([{ n2: 0, n6: 1, sent: 1, responded: 1 }]);
    await db.query(`UPDATE answers SET score = 2, driver = NULL WHERE survey_id = $1`, [id]);
    await db.query(`UPDATE answers SET score = 6 WHERE survey_id = $1`, [id]);
    const drivers = await db.query<{ n2: number }>(
      `SELECT n2 FROM report_driver_day WHERE group_id = 50`,
    );
    expect(drivers.rows).toEqual([{ n2: 0 }]);
    await db.query('DELETE FROM surveys WHERE id = $1', [id]);
    expect(await row()).toEqual([{ n2: 0, n6: 0, sent: 0, responded: 0 }]);
  });

  it('leaves a replaced answer out of every count, and puts it back when restored', async () => {
    const db = getDb();
    await clearSurveys(db);
    const old = await insertSurvey(db, {
      ticketId: 4711,
      assigneeId: 6,
      groupId: 60,
      publishedAt: '2026-11-02T08:00:00Z',
      answer: { score: 2, answeredAt: '2026-11-02T09:00:00Z', driver: 'transferred' },
    });
    await insertSurvey(db, {
      ticketId: 4711,
      assigneeId: 7,
      groupId: 60,
      publishedAt: '2026-11-05T08:00:00Z',
      answer: { score: 6, answeredAt: '2026-11-05T09:00:00Z', driver: 'transferred' },
    });
    const counts = async () =>
      (
        await db.query<{ assignee_id: number; n: number; sent: number; responded: number }>(
          `SELECT assignee_id, sum(n1 + n2 + n3 + n4 + n5 + n6 + n7)::int AS n,
                  sum(sent)::int AS sent, sum(responded)::int AS responded
             FROM report_agent_day WHERE group_id = 60 GROUP BY assignee_id ORDER BY assignee_id`,
        )
      ).rows.map((r) => ({ ...r, assignee_id: Number(r.assignee_id) }));
    const drivers = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT sum(n2 + n6)::int AS n FROM report_driver_day WHERE group_id = 60`,
        )
      ).rows[0]?.n;
    expect(await counts()).toEqual([
      { assignee_id: 6, n: 1, sent: 1, responded: 1 },
      { assignee_id: 7, n: 1, sent: 1, responded: 1 },
    ]);
    await db.query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [old]);
    expect(await counts()).toEqual([
      { assignee_id: 6, n: 0, sent: 0, responded: 0 },
      { assignee_id: 7, n: 1, sent: 1, responded: 1 },
    ]);
    expect(await drivers()).toBe(1);
    await expectRebuildKeeps(db);
    await db.query(`UPDATE surveys SET status = 'answered' WHERE id = $1`, [old]);
    expect((await counts())[0]).toEqual({ assignee_id: 6, n: 1, sent: 1, responded: 1 });
    expect(await drivers()).toBe(2);
  });

  it('stays exact when many answers for one agent and day arrive at once', async () => {
    const db = getDb();
    await clearSurveys(db);
    const ids = await insertSurveys(db, 40, (i) => ({
      assigneeId: 9,
      groupId: 90,
      publishedAt: `2026-11-0${1 + (i % 3)}T08:00:00Z`,
    }));
    // Each in its own transaction, as the survey page saves them; PostgreSQL runs them side by side.
    await Promise.all(
      ids.map((id, i) =>
        db.transaction((tx) =>
          tx.query(
            `INSERT INTO answers (survey_id, score, scale_id, driver, answered_at)
             VALUES ($1, $2, 'ces2_7', $3, '2026-11-04T09:00:00Z')`,
            [id, 1 + (i % 7), i % 2 ? 'transferred' : null],
          ),
        ),
      ),
    );
    await Promise.all(
      ids.map((id, i) =>
        db.transaction((tx) =>
          tx.query('UPDATE answers SET score = $2 WHERE survey_id = $1', [id, 7 - (i % 7)]),
        ),
      ),
    );
    await expectRebuildKeeps(db);
    const { rows } = await db.query<{ n: number; responded: number }>(
      `SELECT sum(n1 + n2 + n3 + n4 + n5 + n6 + n7)::int AS n, sum(responded)::int AS responded
         FROM report_agent_day WHERE assignee_id = 9`,
    );
    expect(rows[0]).toEqual({ n: 40, responded: 40 });
  });

  it('stays exact when answers on two scales for one agent and day arrive at once', async () => {
    const db = getDb();
    await clearSurveys(db);
    await saveAccountTimeZone(db, 'America/New_York');
    const ids = await insertSurveys(db, 40, (i) => ({
      assigneeId: 9,
      groupId: 90,
      scaleId: i % 2 ? 'ces2_7' : 'ease_10',
      // 23:00 New York time on Nov 3 (04:00 UTC on Nov 4): one account-zone day.
      createdAt: '2026-11-04T04:00:00Z',
    }));
    // Answers on the other scale than the survey's: each writer touches two day rows.
    await answerOnTheOtherScale(db, ids, '2026-11-05T09:00:00Z');
    await changeAtOnce(db, ids, (tx, id, i) =>
      tx.query('UPDATE answers SET score = $2 WHERE survey_id = $1', [id, 7 - (i % 7)]),
    );
    await expectRebuildKeeps(db);
    const { rows } = await db.query<{ day: string; n: number; sent: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day,
              sum(n1 + n2 + n3 + n4 + n5 + n6 + n7)::int AS n, sum(sent)::int AS sent
         FROM report_agent_day WHERE assignee_id = 9 GROUP BY day`,
    );
    // 40 surveys, 10 replaced and 10 deleted: 20 answers, 20 sent, all on Nov 3.
    expect(rows).toEqual([{ day: '2026-11-03', n: 20, sent: 20 }]);
    await saveAccountTimeZone(db, 'UTC');
  });

  it('keeps the team rows exact when many agents answer into one day, group, brand and channel at once', async () => {
    const db = getDb();
    await clearSurveys(db);
    // Forty agents share one team row per scale, day and week: every writer updates it.
    const ids = await insertSurveys(db, 40, (i) => ({
      assigneeId: 200 + i,
      groupId: 70,
      brandId: 3,
      channel: 'chat',
      scaleId: i % 2 ? 'ces2_7' : 'ease_10',
      satisfaction: i % 3 ? 'good' : 'bad',
      createdAt: '2026-11-05T10:00:00Z',
    }));
    // Answers on the other scale than the survey's: each writer takes two scales' team rows.
    await answerOnTheOtherScale(db, ids, '2026-11-06T09:00:00Z');
    await changeAtOnce(db, ids, (tx, id, i) =>
      i % 4 === 2
        ? tx.query(`UPDATE surveys SET reminded_at = '2026-11-06T00:00:00Z' WHERE id = $1`, [id])
        : tx.query('UPDATE answers SET score = $2 WHERE survey_id = $1', [id, 7 - (i % 7)]),
    );
    await expectRebuildKeeps(db);
    const { rows } = await db.query<{ n: number; sent: number; reminded: number; good: number }>(
      `SELECT sum(n1 + n2 + n3 + n4 + n5 + n6 + n7)::int AS n, sum(sent)::int AS sent,
              sum(reminded)::int AS reminded, sum(csat_good + csat_bad)::int AS good
         FROM report_team_week WHERE group_id = 70 AND brand_id = 3 AND channel = 'chat'`,
    );
    // 40 surveys, 10 replaced and 10 deleted: 20 answers, 20 sent, 10 reminded, 20 with CSAT.
    expect(rows[0]).toEqual({ n: 20, sent: 20, reminded: 10, good: 20 });
  });

  it('stays exact when solves that supersede an older survey cross each other on shared team rows', async () => {
    const db = getDb();
    await clearSurveys(db);
    // Four tickets of four agents in one group, brand and channel, each re-solved: as intake does,
    // one transaction adds the new survey and supersedes the old one. Half had their survey on
    // Nov 2 and are solved on Nov 12, half the other way round, so two transactions can take the
    // shared team rows of the two days in opposite orders; PostgreSQL rolls one back (after its
    // deadlock_timeout, 1 s by default) and it runs again whole.
    const shared = { groupId: 71, brandId: 4, channel: 'web' } as const;
    const days = ['2026-11-02T10:00:00Z', '2026-11-12T10:00:00Z'];
    const old = await insertSurveys(db, 4, (i) => ({
      ...shared,
      assigneeId: 300 + i,
      ticketId: 90_000 + i,
      createdAt: days[i % 2],
    }));
    await Promise.all(
      old.map((id, i) =>
        retryingDeadlocks(
          () =>
            db.transaction(async (tx) => {
              await insertSurvey(tx, {
                ...shared,
                assigneeId: 300 + i,
                ticketId: 90_000 + i,
                createdAt: days[(i + 1) % 2],
              });
              await tx.query(`UPDATE surveys SET status = 'superseded' WHERE id = $1`, [id]);
            }),
          30,
        ),
      ),
    );
    await expectRebuildKeeps(db);
    const { rows } = await db.query<{ day: string; sent: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(sent)::int AS sent FROM report_team_day
        WHERE group_id = 71 GROUP BY day ORDER BY day`,
    );
    expect(rows).toEqual([
      { day: '2026-11-02', sent: 2 },
      { day: '2026-11-12', sent: 2 },
    ]);
    // Each deadlock costs its deadlock_timeout before one side runs again: room for a busy machine.
  }, 120_000);

  it('stays exact, without waiting in a circle, when customers swap reasons both ways at once', async () => {
    const db = getDb();
    await clearSurveys(db);
    const ids = await insertSurveys(db, 40, (i) => ({
      // Different agents, groups and channels: only the day's driver totals are shared.
      assigneeId: 100 + i,
      groupId: 10 + (i % 4),
      channel: i % 2 ? 'email' : 'web',
      createdAt: '2026-11-03T10:00:00Z',
      answer: {
        score: 1 + (i % 3),
        driver: i % 2 ? 'transferred' : 'took_too_long',
        answeredAt: '2026-11-03T12:00:00Z',
      },
    }));
    // Half go transferred → took_too_long, half the other way, each in its own transaction.
    await Promise.all(
      ids.map((id, i) =>
        db.transaction((tx) =>
          tx.query('UPDATE answers SET driver = $2, score = $3 WHERE survey_id = $1', [
            id,
            i % 2 ? 'took_too_long' : 'transferred',
            3 - (i % 3),
          ]),
        ),
      ),
    );
    await expectRebuildKeeps(db);
    const { rows } = await db.query<{ driver: string; n: number }>(
      `SELECT driver, sum(n1 + n2 + n3)::int AS n FROM report_driver_total_day
        WHERE day = '2026-11-03' GROUP BY driver ORDER BY driver`,
    );
    expect(rows).toEqual([
      { driver: 'took_too_long', n: 20 },
      { driver: 'transferred', n: 20 },
    ]);
  });

  it('count the reminded surveys and the answers after the reminder where they count as sent', async () => {
    const db = getDb();
    await clearSurveys(db);
    const at = (d: number, h: number) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
    const survey = (f: Parameters<typeof insertSurvey>[1]) =>
      insertSurvey(db, { assigneeId: 8, groupId: 80, createdAt: at(3, 10), ...f });
    const remind = (id: number, when: string) =>
      db.query('UPDATE surveys SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL', [
        id,
        when,
      ]);
    const afterIt = await survey({ answer: { score: 6, answeredAt: at(7, 9) } });
    const beforeIt = await survey({ answer: { score: 2, answeredAt: at(4, 9) } });
    const unanswered = await survey({});
    await survey({ answer: { score: 5, answeredAt: at(4, 9) } });
    const superseded = await survey({ status: 'superseded' });
    for (const id of [afterIt, beforeIt, unanswered, superseded]) await remind(id, at(6, 10));
    const figures = async () =>
      (
        await db.query<{ sent: number; reminded: number; after_reminder: number }>(
          `SELECT sum(sent)::int AS sent, sum(reminded)::int AS reminded,
                  sum(after_reminder)::int AS after_reminder
             FROM report_agent_day WHERE assignee_id = 8`,
        )
      ).rows[0];
    // Sent 4 (the superseded one is not); reminded 3 of them; answered after it: 1.
    expect(await figures()).toEqual({ sent: 4, reminded: 3, after_reminder: 1 });
    await db.query(
      `INSERT INTO answers (survey_id, score, scale_id, answered_at)
       SELECT id, 7, scale_id, $2 FROM surveys WHERE id = $1`,
      [unanswered, at(8, 9)],
    );
    expect(await figures()).toEqual({ sent: 4, reminded: 3, after_reminder: 2 });
    // An edit keeps the answer's first time: still after the reminder.
    await db.query('UPDATE answers SET score = 1 WHERE survey_id = $1', [afterIt]);
    expect(await figures()).toEqual({ sent: 4, reminded: 3, after_reminder: 2 });
    await db.query('DELETE FROM surveys WHERE id = $1', [afterIt]);
    await db.query(`UPDATE surveys SET status = 'replaced' WHERE id = $1`, [beforeIt]);
    expect(await figures()).toEqual({ sent: 2, reminded: 1, after_reminder: 1 });
    await expectRebuildKeeps(db);
  });

  it('keep the reminder counts exact while reminders and answers for one week arrive at once', async () => {
    const db = getDb();
    await clearSurveys(db);
    const ids = await insertSurveys(db, 40, (i) => ({
      assigneeId: 9,
      groupId: 90,
      brandId: 1 + (i % 2),
      channel: i % 3 ? 'email' : 'web',
      createdAt: new Date(Date.UTC(2026, 10, 2 + (i % 7), 12)).toISOString(),
    }));
    // As the service does: the answer locks its survey (answer-repository), the reminder job
    // updates it; half the answers come before the reminder's time, half after.
    await Promise.all(
      ids.flatMap((id, i) => [
        db.transaction(async (tx) => {
          await tx.query('SELECT id FROM surveys WHERE id = $1 FOR UPDATE', [id]);
          await tx.query(
            `INSERT INTO answers (survey_id, score, scale_id, answered_at)
             SELECT id, 1 + $2::int % 7, scale_id, $3 FROM surveys WHERE id = $1`,
            [id, i, i % 2 ? '2026-11-12T09:00:00Z' : '2026-11-10T09:00:00Z'],
          );
        }),
        db.transaction((tx) =>
          tx.query(
            `UPDATE surveys SET reminded_at = '2026-11-11T00:00:00Z'
              WHERE id = $1 AND reminded_at IS NULL`,
            [id],
          ),
        ),
      ]),
    );
    await expectRebuildKeeps(db);
    const { rows } = await db.query<{ reminded: number; after_reminder: number }>(
      `SELECT sum(reminded)::int AS reminded, sum(after_reminder)::int AS after_reminder
         FROM report_segment_week WHERE assignee_id = 9`,
    );
    expect(rows[0]).toEqual({ reminded: 40, after_reminder: 20 });
  });

  it('recounts after TRUNCATE', async () => {
    const db = getDb();
    await clearSurveys(db);
    await insertSurvey(db, { answer: { score: 7, answeredAt: '2026-11-03T10:00:00Z' } });
    await db.exec('TRUNCATE answers');
    const { rows } = await db.query<{ n: number }>(
      'SELECT sum(n7)::int AS n FROM report_agent_day',
    );
    expect(rows[0]?.n).toBe(0);
    await db.exec('TRUNCATE surveys CASCADE');
    expect(await snapshot(db)).toEqual([]);
  });
});
