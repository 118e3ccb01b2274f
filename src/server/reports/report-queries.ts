/**
 * The report's SQL. The database does the counting: migration 003 keeps day rollups of answers
 * (count per scale point) and deliveries (sent, responded) exact with triggers, and these queries
 * sum them for a period; src/shared/scoring.ts turns the sums into figures.
 * Credit is the survey's snapshot (assignee and group at solve); answers count on the day they
 * were first given, surveys count as sent on the day they were published (all days in UTC).
 */
import type { Queryable } from '../db/database.js';
import type { ScaleId } from '../../shared/scales.js';

export interface ReportScope {
  /** First day, YYYY-MM-DD, inclusive. */
  fromDay: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  toDay: string;
  scaleId: ScaleId;
  groupId?: number | null;
  brandId?: number | null;
  channel?: string | null;
  agentId?: number | null;
}

export type TallyKind = 'agent' | 'group' | 'week' | 'team';

export interface TallyRow {
  kind: TallyKind;
  /** The agent id, group id or week start (YYYY-MM-DD); null for 'team' and for "none". */
  key: number | string | null;
  /** Answers per scale point: counts[p - 1] is the count of point p (1..10). */
  counts: number[];
  csatGood: number;
  csatBad: number;
  /** Surveys published in the period, and how many of those have an answer. */
  sent: number;
  responded: number;
}

export interface DriverRow {
  driver: string;
  counts: number[];
}

const POINTS = Array.from({ length: 10 }, (_, i) => i + 1);
const SUM_POINTS = POINTS.map((p) => `sum(r.n${p})::int AS n${p}`).join(', ');
type PointColumns = Record<`n${number}`, number>;
const countsOf = (row: PointColumns) => POINTS.map((p) => row[`n${p}`] ?? 0);

/** WHERE conditions on a rollup `r` for the scope; params start at `first`. */
function rollupFilters(
  scope: ReportScope,
  columns: ReadonlyArray<'assignee_id' | 'group_id' | 'brand_id' | 'channel'>,
  first: number,
): { sql: string; params: unknown[] } {
  const wanted: Array<[(typeof columns)[number], unknown]> = [
    ['assignee_id', scope.agentId],
    ['group_id', scope.groupId],
    ['brand_id', scope.brandId],
    ['channel', scope.channel],
  ];
  const params: unknown[] = [];
  let sql = '';
  for (const [column, value] of wanted) {
    if (value === null || value === undefined) continue;
    if (!columns.includes(column)) throw new Error(`The rollup has no ${column} to filter on`);
    params.push(value);
    sql += ` AND r.${column} = $${first + params.length - 1}`;
  }
  return { sql, params };
}

/**
 * Answer and delivery sums per agent, group and ISO week (Monday, UTC) and for the whole scope,
 * in one pass over the day rollup (the brand/channel split only when the scope filters on one).
 */
export async function tallyPeriod(
  db: Queryable,
  scope: ReportScope,
  by: Partial<Record<Exclude<TallyKind, 'team'>, boolean>> = {},
): Promise<TallyRow[]> {
  const wanted = { agent: true, group: true, week: true, ...by };
  const segmented = scope.brandId != null || scope.channel != null;
  const table = segmented ? 'report_segment_day' : 'report_agent_day';
  const filters = rollupFilters(
    scope,
    segmented ? ['assignee_id', 'group_id', 'brand_id', 'channel'] : ['assignee_id', 'group_id'],
    4,
  );
  const sets: Array<[Exclude<TallyKind, 'team'>, string]> = [
    ['agent', 'r.assignee_id'],
    ['group', 'r.group_id'],
    ['week', 'week'],
  ];
  const used = sets.filter(([kind]) => wanted[kind]);
  // GROUPING() may only name grouped columns: build it from the sets asked for.
  const kindOf = used.length
    ? `CASE ${used.map(([kind, column]) => `WHEN GROUPING(${column}) = 0 THEN '${kind}'`).join(' ')} ELSE 'team' END`
    : `'team'`;
  const keyOf = (kind: Exclude<TallyKind, 'team'>, select: string) =>
    wanted[kind] ? select : 'NULL';
  const { rows } = await db.query<
    PointColumns & {
      kind: TallyKind;
      assignee_id: number | null;
      group_id: number | null;
      week: string | null;
      csat_good: number;
      csat_bad: number;
      sent: number;
      responded: number;
    }
  >(
    `SELECT ${kindOf} AS kind,
            ${keyOf('agent', 'NULLIF(r.assignee_id, 0)')} AS assignee_id,
            ${keyOf('group', 'NULLIF(r.group_id, 0)')} AS group_id,
            ${keyOf('week', "to_char(week, 'YYYY-MM-DD')")} AS week,
            ${SUM_POINTS},
            sum(r.csat_good)::int AS csat_good, sum(r.csat_bad)::int AS csat_bad,
            sum(r.sent)::int AS sent, sum(r.responded)::int AS responded
       FROM ${table} r,
            -- Monday of the ISO week, by date arithmetic (no time zone can shift it).
            LATERAL (SELECT r.day - (extract(isodow FROM r.day)::int - 1) AS week) w
      WHERE r.scale_id = $1 AND r.day >= $2::date AND r.day <= $3::date${filters.sql}
      GROUP BY GROUPING SETS (${[...used.map(([, column]) => `(${column})`), '()'].join(', ')})`,
    [scope.scaleId, scope.fromDay, scope.toDay, ...filters.params],
  );
  return rows.map((r) => ({
    kind: r.kind,
    key:
      r.kind === 'agent'
        ? r.assignee_id
        : r.kind === 'group'
          ? r.group_id
          : r.kind === 'week'
            ? r.week
            : null,
    counts: countsOf(r),
    csatGood: r.csat_good,
    csatBad: r.csat_bad,
    sent: r.sent,
    responded: r.responded,
  }));
}

/** Answers that named a driver, per driver and scale point, in the scope (agent filter ignored). */
export async function tallyDrivers(db: Queryable, scope: ReportScope): Promise<DriverRow[]> {
  const filters = rollupFilters(
    { ...scope, agentId: null },
    ['group_id', 'brand_id', 'channel'],
    4,
  );
  const { rows } = await db.query<PointColumns & { driver: string }>(
    `SELECT r.driver, ${SUM_POINTS}
       FROM report_driver_day r
      WHERE r.scale_id = $1 AND r.day >= $2::date AND r.day <= $3::date${filters.sql}
      GROUP BY r.driver`,
    [scope.scaleId, scope.fromDay, scope.toDay, ...filters.params],
  );
  return rows.map((r) => ({ driver: r.driver, counts: countsOf(r) }));
}

export interface AnswerRow {
  surveyId: number;
  ticketId: number;
  agentId: number | null;
  groupId: number | null;
  score: number;
  driver: string | null;
  comment: string | null;
  answeredAt: string;
}

/** Where a page of answers continues: the last row's answer time and survey id. */
export interface AnswerCursor {
  answeredAt: string;
  surveyId: number;
}

/**
 * The answers behind a figure, newest first, a page at a time (keyset on answered_at, survey id,
 * so a page never repeats or skips a row while answers arrive). One per ticket: a replaced answer
 * is left out, as in the rollups.
 */
export async function listAnswers(
  db: Queryable,
  scope: ReportScope,
  options: {
    scores?: readonly number[];
    driver?: string | null;
    limit: number;
    after?: AnswerCursor | null;
  },
): Promise<AnswerRow[]> {
  const params: unknown[] = [
    `${scope.fromDay}T00:00:00Z`,
    new Date(Date.parse(`${scope.toDay}T00:00:00Z`) + 86_400_000).toISOString(),
    scope.scaleId,
  ];
  let where = '';
  const add = (condition: (n: string) => string, value: unknown) => {
    if (value === null || value === undefined) return;
    params.push(value);
    where += ` AND ${condition(`$${params.length}`)}`;
  };
  add((p) => `s.group_id = ${p}`, scope.groupId);
  add((p) => `s.brand_id = ${p}`, scope.brandId);
  add((p) => `s.channel = ${p}`, scope.channel);
  add((p) => `s.assignee_id = ${p}`, scope.agentId);
  add((p) => `a.score = ANY(${p}::smallint[])`, options.scores);
  add((p) => `a.driver = ${p}`, options.driver);
  if (options.after) {
    params.push(options.after.answeredAt, options.after.surveyId);
    where += ` AND (a.answered_at, a.survey_id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
  }
  params.push(options.limit);
  const { rows } = await db.query<{
    survey_id: number;
    ticket_id: number;
    assignee_id: number | null;
    group_id: number | null;
    score: number;
    driver: string | null;
    comment: string | null;
    answered_at: Date | string;
  }>(
    `SELECT a.survey_id, s.ticket_id, s.assignee_id, s.group_id, a.score, a.driver, a.comment,
            a.answered_at
       FROM answers a JOIN surveys s ON s.id = a.survey_id
      WHERE a.answered_at >= $1 AND a.answered_at < $2 AND a.scale_id = $3
        AND s.status <> 'replaced'${where}
      ORDER BY a.answered_at DESC, a.survey_id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    surveyId: r.survey_id,
    ticketId: r.ticket_id,
    agentId: r.assignee_id,
    groupId: r.group_id,
    score: Number(r.score),
    driver: r.driver,
    comment: r.comment,
    answeredAt: new Date(r.answered_at).toISOString(),
  }));
}
