/**
 * The report's SQL. The database does the counting (a tally per scale point for each agent, group,
 * week and driver in one pass); src/shared/scoring.ts turns the tallies into figures.
 * Credit is the survey's snapshot (assignee and group at solve); answers count in the period they
 * were given, surveys count as sent in the period they were published.
 */
import type { Queryable } from '../db/database.js';
import type { ScaleId } from '../../shared/scales.js';

export interface ReportScope {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  scaleId: ScaleId;
  groupId?: number | null;
  brandId?: number | null;
  channel?: string | null;
  agentId?: number | null;
}

export type TallyKind = 'agent' | 'group' | 'week' | 'driver' | 'team';

export interface TallyRow {
  kind: TallyKind;
  /** The agent id, group id, week start (YYYY-MM-DD) or driver of the row; null for 'team' or unset. */
  key: number | string | null;
  score: number;
  count: number;
  csatGood: number;
  csatBad: number;
}

export interface DeliveryRow {
  kind: 'agent' | 'group' | 'team';
  key: number | null;
  sent: number;
  responded: number;
}

/** The WHERE conditions on surveys `s` shared by every report query; params start at `first`. */
function surveyFilters(scope: ReportScope, first: number): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: unknown) => {
    if (value === null || value === undefined) return;
    params.push(value);
    conditions.push(`${column} = $${first + params.length - 1}`);
  };
  add('s.group_id', scope.groupId);
  add('s.brand_id', scope.brandId);
  add('s.channel', scope.channel);
  add('s.assignee_id', scope.agentId);
  return { sql: conditions.map((c) => ` AND ${c}`).join(''), params };
}

/** The grouping sets a tally can ask for: the column grouped by, and how it is selected. */
const TALLY_SETS: ReadonlyArray<{
  kind: Exclude<TallyKind, 'team'>;
  column: string;
  select: string;
  alias: string;
}> = [
  { kind: 'agent', column: 's.assignee_id', select: 's.assignee_id', alias: 'assignee_id' },
  { kind: 'group', column: 's.group_id', select: 's.group_id', alias: 'group_id' },
  { kind: 'week', column: 'week', select: "to_char(week, 'YYYY-MM-DD')", alias: 'week' },
  { kind: 'driver', column: 'a.driver', select: 'a.driver', alias: 'driver' },
];

/**
 * Answer counts per scale point, per agent, group, ISO week (Monday, UTC) and driver, and for
 * the whole scope, with CSAT counts of the same tickets: one scan of the period's answers.
 */
export async function tallyAnswers(
  db: Queryable,
  scope: ReportScope,
  by: Partial<Record<Exclude<TallyKind, 'team'>, boolean>> = {},
): Promise<TallyRow[]> {
  const wanted = { agent: true, group: true, week: true, driver: true, ...by };
  const sets = TALLY_SETS.filter((t) => wanted[t.kind]);
  // GROUPING() and the select list may only name grouped columns: build both from the sets asked for.
  const kindOf = sets.length
    ? `CASE ${sets.map((t) => `WHEN GROUPING(${t.column}) = 0 THEN '${t.kind}'`).join(' ')} ELSE 'team' END`
    : `'team'`;
  const keys = TALLY_SETS.map((t) => `${wanted[t.kind] ? t.select : 'NULL'} AS ${t.alias}`);
  const groupingSets = [...sets.map((t) => `(${t.column}, a.score)`), '(a.score)'];
  const filters = surveyFilters(scope, 4);
  const { rows } = await db.query<{
    kind: TallyKind;
    assignee_id: number | null;
    group_id: number | null;
    week: string | null;
    driver: string | null;
    score: number;
    n: number;
    csat_good: number;
    csat_bad: number;
  }>(
    `SELECT ${kindOf} AS kind,
            ${keys.join(', ')}, a.score,
            count(*)::int AS n,
            count(*) FILTER (WHERE lower(s.satisfaction) = 'good')::int AS csat_good,
            count(*) FILTER (WHERE lower(s.satisfaction) = 'bad')::int AS csat_bad
       FROM answers a
       JOIN surveys s ON s.id = a.survey_id,
            LATERAL (SELECT date_trunc('week', a.answered_at AT TIME ZONE 'UTC') AS week) w
      WHERE a.answered_at >= $1 AND a.answered_at < $2 AND a.scale_id = $3${filters.sql}
      GROUP BY GROUPING SETS (${groupingSets.join(', ')})`,
    [scope.from.toISOString(), scope.to.toISOString(), scope.scaleId, ...filters.params],
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
            : r.kind === 'driver'
              ? r.driver
              : null,
    score: Number(r.score),
    count: r.n,
    csatGood: r.csat_good,
    csatBad: r.csat_bad,
  }));
}

/**
 * Surveys published in the period (superseded ones were replaced by a resend and do not count)
 * and how many of them have an answer, per agent, per group and for the whole scope.
 */
export async function countDelivery(db: Queryable, scope: ReportScope): Promise<DeliveryRow[]> {
  const filters = surveyFilters(scope, 4);
  const { rows } = await db.query<{
    kind: DeliveryRow['kind'];
    assignee_id: number | null;
    group_id: number | null;
    sent: number;
    responded: number;
  }>(
    `SELECT CASE WHEN GROUPING(s.assignee_id) = 0 THEN 'agent'
                 WHEN GROUPING(s.group_id) = 0 THEN 'group' ELSE 'team' END AS kind,
            s.assignee_id, s.group_id,
            count(*)::int AS sent,
            count(a.survey_id)::int AS responded
       FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
      WHERE s.published_at >= $1 AND s.published_at < $2 AND s.scale_id = $3
        AND s.status <> 'superseded'${filters.sql}
      GROUP BY GROUPING SETS ((s.assignee_id), (s.group_id), ())`,
    [scope.from.toISOString(), scope.to.toISOString(), scope.scaleId, ...filters.params],
  );
  return rows.map((r) => ({
    kind: r.kind,
    key: r.kind === 'agent' ? r.assignee_id : r.kind === 'group' ? r.group_id : null,
    sent: r.sent,
    responded: r.responded,
  }));
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
 * The answers behind a figure, newest first, a page at a time (keyset on answered_at, survey id
 * so a page never repeats or skips a row while answers arrive).
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
  const filters = surveyFilters(scope, 4);
  const params: unknown[] = [
    scope.from.toISOString(),
    scope.to.toISOString(),
    scope.scaleId,
    ...filters.params,
  ];
  let extra = '';
  if (options.scores) {
    params.push(options.scores);
    extra += ` AND a.score = ANY($${params.length}::smallint[])`;
  }
  if (options.driver) {
    params.push(options.driver);
    extra += ` AND a.driver = $${params.length}`;
  }
  if (options.after) {
    params.push(options.after.answeredAt, options.after.surveyId);
    extra += ` AND (a.answered_at, a.survey_id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
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
      WHERE a.answered_at >= $1 AND a.answered_at < $2 AND a.scale_id = $3${filters.sql}${extra}
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
