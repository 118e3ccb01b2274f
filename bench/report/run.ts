/**
 * bench/report: the team report over 1M answers from 500 agents in 90 days, on PostgreSQL
 * (TEST_DATABASE_URL or DATABASE_URL) and on PGlite. The account is in New York (report days are
 * solve days there) and the scale moved from CES 2.0 to Ease 1–10 45 days ago, so the 90-day
 * report combines two scales. Prints p50/p95 per query path and the ratio
 * to its goal (a team report path p95 ≤ 100 ms on PostgreSQL, ≤ 500 ms on PGlite; the sidebar's
 * reads and answer pages ≤ 10 ms, ≤ 50 ms on PGlite), the load average, and the database's size per
 * million answers (tables, indexes and rollups).
 *   npm run bench:report            BENCH_ANSWERS=200000 npm run bench:report   (a quicker look)
 *   BENCH_PGLITE=false npm run bench:report   (PostgreSQL only, e.g. on a busy machine)
 *   BENCH_ANSWERS=10000000 BENCH_PGLITE=false npm run bench:report
 *       10M answers from 5,000 agents in 90 days: ten times the largest account (agents grow with
 *       the answers, 500 per million, so each agent has as many answers a day as at 1M and the
 *       rollups grow tenfold too). PostgreSQL only (a PGlite load that size is impractical);
 *       needs about 10 times the 1M size on disk and a seed of 15+ minutes.
 *   BENCH_SCHEMA=bench_keep ...   seeds into that schema and keeps it (a later run reuses it),
 *       to look at plans with EXPLAIN afterwards; drop it by hand when done.
 * BENCH_RUNS (default 20) sets the timed runs per path.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  openPglite,
  openPostgres,
  quoteIdent,
  type Database,
} from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { dayIn, resolvePeriod } from '../../src/server/reports/period.js';
import { buildAgentReport } from '../../src/server/reports/agent-report.js';
import { tallyPaths } from '../../src/server/reports/resolution-paths.js';
import { tallyPeriod } from '../../src/server/reports/report-queries.js';
import {
  buildAgentSummary,
  buildTeamReport,
  listReportAnswers,
} from '../../src/server/reports/team-report.js';
import {
  findLatestSkipForTicket,
  findLatestSurveyForTicket,
  listEarlierAnsweredSurveys,
  listRequesterAnswers,
} from '../../src/server/surveys/survey-repository.js';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 1_000_000);
/** A fifth of surveys go unanswered: they count as sent for the response rate. */
const SURVEYS = Math.round(ANSWERS * 1.25);
/** 500 agents per million answers (at least 500): an agent's day looks the same at any size. */
const AGENTS = Math.max(500, Math.round(ANSWERS / 2000));
const GROUPS = 20;
const DAYS = 90;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 5;
/**
 * p95 goals: a team report path (the team page, its parts, an agent's page, which holds the
 * team's figures) and the other read paths (the sidebar's reads, one page of answers).
 */
const GOAL_MS = {
  report: { postgres: 100, pglite: 500 },
  read: { postgres: 10, pglite: 50 },
} as const;
const TIME_ZONE = 'America/New_York';
/** Surveys solved before this many days ago were asked on CES 2.0, later ones on Ease 1–10. */
const SCALE_CHANGE_DAYS = 45;

async function seed(db: Database): Promise<void> {
  // A bulk load as a restore does it: secondary indexes built once at the end, rollup triggers
  // off and one recount after.
  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename IN ('surveys', 'answers')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
  );
  for (const { indexname } of indexes) await db.exec(`DROP INDEX ${quoteIdent(indexname)}`);
  await db.exec(
    'ALTER TABLE surveys DISABLE TRIGGER USER; ALTER TABLE answers DISABLE TRIGGER USER',
  );
  // Everything is generated inside the database: no row crosses the wire.
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `INSERT INTO surveys (ticket_id, solve_key, origin, requester_id, requester_locale, assignee_id,
       group_id, brand_id, channel, satisfaction, solved_at, scale_id, token_hash,
       status, created_at, published_at, closes_at, agent_replies, reopens, reminded_at)
     SELECT i, 'bench:' || i, 'solve', 1 + (i::bigint * 7919) % 200000, 'en', 1 + i % $2,
            1 + (i % $2) % $3, 1 + (i / 3) % 3,
            (ARRAY['email', 'web', 'chat', 'api'])[1 + (i / 7) % 4],
            CASE WHEN i % 5 = 0 THEN 'good' WHEN i % 11 = 0 THEN 'bad' END,
            t.at,
            CASE WHEN t.at < now() - interval '${SCALE_CHANGE_DAYS} days' THEN 'ces2_7'
                 ELSE 'ease_10' END,
            md5('h' || i),
            CASE WHEN i <= $4 THEN 'answered' ELSE 'sent' END, t.at, t.at, t.at + interval '7 days',
            -- Ticket metrics: a tenth unknown, the rest 0..4 agent replies, one in 13 reopened.
            CASE WHEN i % 10 <> 0 THEN (i / 11) % 5 END,
            CASE WHEN i % 10 <> 0 THEN (i % 13 = 0)::int END,
            -- The reminder (3 days on): every unanswered survey, and one answered survey in four.
            CASE WHEN i > $4 OR i % 4 = 0 THEN t.at + interval '3 days' END
       FROM generate_series(1, $1::int) AS i,
            LATERAL (SELECT now() - interval '1 hour' - random() * interval '${DAYS} days'
                            + i * interval '0 s' AS at) AS t`,
    [SURVEYS, AGENTS, GROUPS, ANSWERS],
  );
  await db.query(
    `INSERT INTO answers (survey_id, score, scale_id, driver, comment, locale, answered_at, updated_at)
     SELECT s.id, x.score, s.scale_id,
            CASE WHEN x.score <= 3 THEN (ARRAY['contacted_more_than_once', 'transferred',
              'repeated_information', 'took_too_long', 'answer_unclear', 'self_service_failed',
              'other'])[1 + s.id % 7] END,
            CASE WHEN s.id % 10 = 0 THEN 'A comment about ticket ' || s.ticket_id END,
            'en', x.at, x.at
       FROM surveys s,
            LATERAL (SELECT CASE WHEN s.scale_id = 'ces2_7'
                                 THEN (ARRAY[1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 7, 7])[1 + floor(random() * 12)::int + (s.id * 0)::int]
                                 ELSE (ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 9, 10])[1 + floor(random() * 12)::int + (s.id * 0)::int]
                            END AS score,
                            s.published_at + random() * least(interval '2 days', now() - s.published_at) AS at) AS x
      WHERE s.status = 'answered'`,
  );
  for (const { indexdef } of indexes) await db.exec(indexdef);
  await db.exec('ALTER TABLE surveys ENABLE TRIGGER USER; ALTER TABLE answers ENABLE TRIGGER USER');
  await db.query('SELECT report_rollup_rebuild()');
  await db.query('SELECT report_path_rebuild()');
  // A live account's rollup rows are written day by day and keep their page (fillfactor, HOT
  // updates: docs/reports.md); a bulk recount writes them in hash order. Laid out as they would lie.
  await db.query('SELECT report_rollup_lay_out()');
  await db.exec('ANALYZE');
}

/** Bytes on disk of the schema's tables with their indexes and TOAST, and of the rollups alone. */
async function databaseSize(db: Database): Promise<{ total: number; rollups: number }> {
  const { rows } = await db.query<{ total: number; rollups: number }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 AS total,
            coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'report\\_%'), 0)::float8 AS rollups
       FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`,
  );
  return rows[0] ?? { total: 0, rollups: 0 };
}

/**
 * What the rollup triggers add to one answer: single-row answer inserts, per row, on the
 * survey's own scale. The answers are deleted again after (through the same triggers), so a kept
 * schema measures the same data on every run.
 */
async function answerWriteCost(db: Database, count = 500): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT s.id FROM surveys s
      WHERE s.status = 'sent' AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.survey_id = s.id)
      ORDER BY s.id LIMIT $1`,
    [count],
  );
  const t0 = performance.now();
  for (const { id } of rows) {
    await db.query(
      `INSERT INTO answers (survey_id, score, scale_id, driver, answered_at)
       SELECT id, 2, scale_id, 'took_too_long', now() FROM surveys WHERE id = $1`,
      [id],
    );
  }
  const ms = (performance.now() - t0) / Math.max(1, rows.length);
  await db.query('DELETE FROM answers WHERE survey_id = ANY($1::bigint[])', [
    rows.map((r) => r.id),
  ]);
  return ms;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? NaN;
}

interface Figure {
  driver: 'postgres' | 'pglite';
  path: string;
  goal: keyof typeof GOAL_MS;
  p50: number;
  p95: number;
}

async function time(
  db: Database,
  path: string,
  run: () => Promise<unknown>,
  goal: Figure['goal'] = 'report',
): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { driver: db.driver, path, goal, p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function measure(db: Database): Promise<Figure[]> {
  const now = new Date();
  const last = (days: number) =>
    resolvePeriod(
      { from: dayIn(new Date(now.getTime() - (days - 1) * 86_400_000), TIME_ZONE) },
      now,
      TIME_ZONE,
    );
  return [
    await time(db, 'team report, 30 days', () => buildTeamReport(db, { period: last(30) })),
    await time(db, 'team report, 90 days', () => buildTeamReport(db, { period: last(90) })),
    // The comparison's own share of a report: the 30 days before the last 30, team sums only.
    await time(db, 'previous-period sums, 30 days', () => {
      const p = last(60);
      const to = new Date(Date.parse(`${p.fromDay}T00:00:00Z`) + 29 * 86_400_000);
      return tallyPeriod(
        db,
        { fromDay: p.fromDay, toDay: to.toISOString().slice(0, 10), timeZone: TIME_ZONE },
        { agent: false, group: false, week: false },
      );
    }),
    await time(db, 'team report, 30 days, one group', () =>
      buildTeamReport(db, { period: last(30), groupId: 3 }),
    ),
    await time(db, 'team report, 30 days, one channel', () =>
      buildTeamReport(db, { period: last(30), channel: 'chat' }),
    ),
    await time(db, 'team report, 30 days, one brand', () =>
      buildTeamReport(db, { period: last(30), brandId: 2 }),
    ),
    await time(db, 'team report, 90 d, group + channel', () =>
      buildTeamReport(db, { period: last(90), groupId: 3, channel: 'email' }),
    ),
    // A custom range of 61 days that spans the scale change, ending two weeks ago.
    await time(db, 'team report, custom 61 days', () => {
      const to = last(14);
      const from = last(75);
      return buildTeamReport(db, {
        period: resolvePeriod({ from: from.fromDay, to: to.fromDay }, now, TIME_ZONE),
      });
    }),
    // The resolution-path query alone (part of every team report above).
    await time(db, 'resolution paths alone, 30 days', () =>
      tallyPaths(db, { fromDay: last(30).fromDay, toDay: last(30).toDay }),
    ),
    await time(db, 'resolution paths alone, 30 d, group', () =>
      tallyPaths(db, { fromDay: last(30).fromDay, toDay: last(30).toDay, groupId: 3 }),
    ),
    await time(db, 'agent page, 30 days', () => buildAgentReport(db, 42, { period: last(30) })),
    await time(db, 'agent summary, 30 + 90 days', () => buildAgentSummary(db, 42), 'read'),
    // The sidebar's ticket view: its latest survey, latest skip and earlier answered surveys.
    await time(
      db,
      'ticket survey (sidebar)',
      async () => {
        const survey = await findLatestSurveyForTicket(db, 4242);
        await findLatestSkipForTicket(db, 4242);
        if (survey) await listEarlierAnsweredSurveys(db, 4242, survey.id);
      },
      'read',
    ),
    await time(
      db,
      "requester's answers page",
      () => listRequesterAnswers(db, 1 + ((4242 * 7919) % 200000), { limit: 20 }),
      'read',
    ),
    await time(
      db,
      'agent answers page, 30 days',
      () => listReportAnswers(db, { period: last(30), agentId: 42, limit: 20 }),
      'read',
    ),
    await time(
      db,
      'difficult answers page, 90 days',
      () => listReportAnswers(db, { period: last(90), band: 'difficult', limit: 20 }),
      'read',
    ),
  ];
}

async function onDatabase(
  name: string,
  open: () => Promise<{ db: Database; dispose: () => Promise<void> }>,
): Promise<Figure[]> {
  const { db, dispose } = await open();
  try {
    await migrate(db);
    const { rows: seeded } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM answers',
    );
    if (seeded[0]?.n) {
      console.log(`${name}: reusing ${seeded[0].n} answers already in the schema`);
    } else {
      // What setup keeps after reading the account settings (empty tables: no recount yet).
      await db.query(`INSERT INTO zendesk_state (key, value) VALUES ('account', $1::jsonb)`, [
        JSON.stringify({ timeZone: TIME_ZONE }),
      ]);
      const t0 = performance.now();
      await seed(db);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM answers');
      console.log(
        `${name}: seeded ${rows[0]?.n} answers (${SURVEYS} surveys, ${AGENTS} agents, ${DAYS} days) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const size = await databaseSize(db);
    const perMillion = (bytes: number) =>
      `${(bytes / 2 ** 20 / ((seeded[0]?.n || ANSWERS) / 1e6)).toFixed(0)} MB`;
    console.log(
      `${name}: database ${(size.total / 2 ** 20).toFixed(0)} MB, ${perMillion(size.total)} per million answers; of it rollups ${(size.rollups / 2 ** 20).toFixed(0)} MB (they grow with agents and days, not answers)`,
    );
    const figures = await measure(db);
    console.log(
      `${name}: one answer insert with its rollup updates: ${(await answerWriteCost(db)).toFixed(2)} ms`,
    );
    return figures;
  } finally {
    await dispose();
  }
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    // BENCH_SCHEMA: seed into (or reuse) this schema and keep it, to look at plans afterwards.
    const kept = process.env.BENCH_SCHEMA;
    const schema = kept ?? `bench_report_${crypto.randomBytes(4).toString('hex')}`;
    figures.push(
      ...(await onDatabase('PostgreSQL', async () => {
        const db = await openPostgres({ connectionString: url, schema, max: 4 });
        return {
          db,
          dispose: async () => {
            await db.close();
            if (kept) return;
            const admin = new pg.Client({ connectionString: url });
            await admin.connect();
            await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
            await admin.end();
          },
        };
      })),
    );
  } else {
    console.log('PostgreSQL: skipped (set TEST_DATABASE_URL or DATABASE_URL to include it)');
  }
  // BENCH_PGLITE=false: PostgreSQL only (the 1M-answer PGlite load takes long on a busy machine).
  if (process.env.BENCH_PGLITE === 'false') console.log('PGlite: skipped (BENCH_PGLITE=false)');
  else
    figures.push(
      ...(await onDatabase('PGlite', async () => {
        const db = await openPglite(null);
        return { db, dispose: () => db.close() };
      })),
    );

  console.log(`\n${RUNS} runs after ${WARMUP} warm-ups each\n`);
  console.log('database   path                                  p50 ms   p95 ms   goal   p95/goal');
  for (const f of figures) {
    const goal = GOAL_MS[f.goal][f.driver];
    console.log(
      `${f.driver.padEnd(10)} ${f.path.padEnd(36)} ${f.p50.toFixed(1).padStart(7)}  ${f.p95.toFixed(1).padStart(7)}  ${String(goal).padStart(5)}   ${(f.p95 / goal).toFixed(2)}`,
    );
  }
  const missed = figures.filter((f) => f.p95 > GOAL_MS[f.goal][f.driver]);
  console.log(
    missed.length
      ? `\nGoal missed on ${missed.length} path(s): ${missed.map((f) => `${f.driver} ${f.path}`).join('; ')}.`
      : '\nEvery path meets its goal.',
  );
  const load = os.loadavg();
  console.log(
    `Load average now: ${load.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min; ${os.cpus().length} cores)`,
  );
}

main().catch((error: unknown) => {
  console.error('bench:report failed:', error);
  process.exit(1);
});
