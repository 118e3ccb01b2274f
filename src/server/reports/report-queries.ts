/**
 * The report's SQL (over 400 lines on purpose: every query the reports run against the rollups,
 * read side by side so they sum the same rows the same way). The database does the counting: migration 003 keeps day rollups of answers
 * (count per scale point) and deliveries (sent, responded) exact with triggers, and these queries
 * sum them for a period; src/shared/scoring.ts turns the sums into figures.
 * Credit is the survey's snapshot (assignee and group at solve). A survey, its delivery and its
 * answer count on the day its ticket was solved, in the Zendesk account's time zone (migration 007).
 * Every scale counts: rows are split by the scale each answer was asked on, never merged here.
 */
import type { Queryable } from '../db/database.js';
import { periodBlocks, periodWeeks } from '../../shared/period-days.js';
import { SCALES, type ScaleId } from '../../shared/scales.js';

export interface ReportScope {
  /** First day, YYYY-MM-DD, inclusive. */
  fromDay: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  toDay: string;
  /** Only answers and surveys on these scales; default: every scale. */
  scaleIds?: readonly ScaleId[] | null;
  /** IANA zone of the days (the account's); used where the answers table is read directly. */
  timeZone?: string;
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
  /** The scale of the answers (and of the surveys sent) this row counts. */
  scaleId: ScaleId;
  /** Answers per scale point: counts[p - 1] is the count of point p (1..10). */
  counts: number[];
  csatGood: number;
  csatBad: number;
  /** Surveys published in the period, and how many of those have an answer. */
  sent: number;
  responded: number;
  /** Of the surveys sent, those that got the one reminder, and those answered after it. */
  reminded: number;
  afterReminder: number;
  /** First and last day with an answer (team rows only; null without answers). */
  firstDay: string | null;
  lastDay: string | null;
}

export interface DriverRow {
  driver: string;
  scaleId: ScaleId;
  counts: number[];
}

const ALL_SCALES = Object.keys(SCALES) as ScaleId[];
const scalesOf = (scope: ReportScope) => [...(scope.scaleIds ?? ALL_SCALES)];

const POINTS = Array.from({ length: 10 }, (_, i) => i + 1);
const SUM_POINTS = POINTS.map((p) => `sum(r.n${p})::int AS n${p}`).join(', ');
/** Answers in a rollup row, all points. */
const ANSWERED = POINTS.map((p) => `r.n${p}`).join(' + ');
type PointColumns = Record<`n${number}`, number>;
const countsOf = (row: PointColumns) => POINTS.map((p) => row[`n${p}`] ?? 0);

/** WHERE conditions on rollup rows aliased `alias` for the scope; params start at `first`. */
function rollupFilters(
  scope: ReportScope,
  columns: ReadonlyArray<'assignee_id' | 'group_id' | 'brand_id' | 'channel'>,
  first: number,
  alias = 'r',
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
    sql += ` AND ${alias}.${column} = $${first + params.length - 1}`;
  }
  return { sql, params };
}

const COUNT_COLUMNS = [
  ...POINTS.map((p) => `n${p}`),
  'csat_good',
  'csat_bad',
  'sent',
  'responded',
  'reminded',
  'after_reminder',
] as const;
type CountColumn = (typeof COUNT_COLUMNS)[number];
/** The reminder counts are the team's figures only: an agent's row goes without them. */
const AGENT_COUNT_COLUMNS = COUNT_COLUMNS.filter((c) => c !== 'reminded' && c !== 'after_reminder');

type Level = 'agent' | 'channel' | 'brand' | 'segment' | 'team';
type RollupColumn = 'assignee_id' | 'group_id' | 'brand_id' | 'channel';

/** What each level's rows are keyed by (besides scale and day or week). */
const LEVEL_COLUMNS: Record<Level, readonly RollupColumn[]> = {
  // Per agent and group (003, 014): the agent table, one agent's figures.
  agent: ['assignee_id', 'group_id'],
  // Split by channel, by brand (025): the agent table under a channel or a brand filter.
  channel: ['assignee_id', 'group_id', 'channel'],
  brand: ['assignee_id', 'group_id', 'brand_id'],
  // Split by both: the agent table under a brand and a channel filter.
  segment: ['assignee_id', 'group_id', 'brand_id', 'channel'],
  // No agent (025): the team's figures, groups, weeks and days, whatever the filters.
  team: ['group_id', 'brand_id', 'channel'],
};

/**
 * The rollups that hold a scope's rows: the team rows when no agent is asked for (by key or by
 * filter), else the agent rows split by no more than the scope filters on (channel, brand or
 * both). Each comes as day rows and as ISO week rows.
 */
function levelFor(scope: ReportScope, byAgent: boolean): Level {
  if (!byAgent && scope.agentId == null) return 'team';
  const brand = scope.brandId != null;
  const channel = scope.channel != null;
  return brand && channel ? 'segment' : channel ? 'channel' : brand ? 'brand' : 'agent';
}

type GroupKey = 'assignee_id' | 'group_id' | 'week';

/**
 * The rollup rows that make up the scope, per scale and the `keys` asked for: week rows for the
 * weeks the period mostly covers, and day rows for the rest (periodWeeks), those outside the
 * period with their counts negated; `week` is the Monday of the row's ISO week. Sums over these
 * rows are the period's. `params` continue after the caller's first `first - 1` parameters.
 */
function periodRows(
  scope: ReportScope,
  first: number,
  level: Level,
  keys: readonly GroupKey[],
  columns: readonly CountColumn[] = COUNT_COLUMNS,
): { sql: string; params: unknown[] } {
  // Whole 4-week blocks from the agent block rows (025), when no row needs its week.
  const blocks = level === 'agent' && !keys.includes('week');
  const { weeks, days } = periodWeeks(scope.fromDay, scope.toDay);
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  const filters = rollupFilters(scope, LEVEL_COLUMNS[level], first, 'x');
  params.push(...filters.params);
  const where = (alias: string) => filters.sql.replaceAll(' x.', ` ${alias}.`);
  const counts = (alias: string, sign: 1 | -1) =>
    columns.map((c) => `${sign < 0 ? '-' : ''}${alias}.${c} AS ${c}`).join(', ');
  const keyColumns = (alias: string, week: string) =>
    keys.map((k) => (k === 'week' ? `${week} AS week` : `${alias}.${k}`)).join(', ');
  const select = (alias: string, week: string) =>
    [`${alias}.scale_id`, keyColumns(alias, week)].filter(Boolean).join(', ');
  const parts: string[] = [];
  if (weeks) {
    const split = blocks
      ? periodBlocks(weeks)
      : { blocks: null, weeks: [{ ...weeks, sign: 1 as const }] };
    if (split.blocks) {
      parts.push(
        `SELECT ${select('b', 'NULL')}, ${counts('b', 1)}
           FROM report_agent_block b
          WHERE b.scale_id = ANY($1::text[]) AND b.block >= ${param(split.blocks.from)}::date
            AND b.block <= ${param(split.blocks.to)}::date${where('b')}`,
      );
    }
    for (const run of split.weeks) {
      parts.push(
        `SELECT ${select('w', 'w.week')}, ${counts('w', run.sign)}
           FROM report_${level}_week w
          WHERE w.scale_id = ANY($1::text[]) AND w.week >= ${param(run.from)}::date
            AND w.week <= ${param(run.to)}::date${where('w')}`,
      );
    }
  }
  for (const run of days) {
    parts.push(
      // Monday of the ISO week, by date arithmetic (no time zone can shift it).
      `SELECT ${select('d', 'd.day - (extract(isodow FROM d.day)::int - 1)')}, ${counts('d', run.sign)}
         FROM report_${level}_day d
        WHERE d.scale_id = ANY($1::text[]) AND d.day >= ${param(run.from)}::date
          AND d.day <= ${param(run.to)}::date${where('d')}`,
    );
  }
  return { sql: parts.join('\nUNION ALL\n'), params };
}

const KEY_OF: Record<Exclude<TallyKind, 'team'>, GroupKey> = {
  agent: 'assignee_id',
  group: 'group_id',
  week: 'week',
};

/**
 * Answer and delivery sums per scale and agent, group and ISO week (Monday of the account-zone
 * day) and for the whole scope. The team, group and week sums come from the team rollups (no
 * agent), the agent sums from the agent rollups (split by brand and channel only when the scope
 * filters on one), side by side; a scope of one agent reads that agent's rows for all of them.
 */
export async function tallyPeriod(
  db: Queryable,
  scope: ReportScope,
  by: Partial<Record<Exclude<TallyKind, 'team'>, boolean>> = {},
): Promise<TallyRow[]> {
  const wanted = { agent: true, group: true, week: true, ...by };
  const kinds = (['agent', 'group', 'week'] as const).filter((kind) => wanted[kind]);
  if (scope.agentId != null) return tallyLevel(db, scope, levelFor(scope, true), kinds);
  const [team, agents] = await Promise.all([
    tallyLevel(
      db,
      scope,
      'team',
      kinds.filter((kind) => kind !== 'agent'),
    ),
    wanted.agent ? tallyAgents(db, scope) : [],
  ]);
  return [...team, ...agents];
}

/**
 * The agent table's sums: per scale and agent, the counts an agent row shows (no reminder counts),
 * from the agent rows split by no more than the filters need. One query per scale, side by side:
 * a period that spans a scale change holds every agent twice (10,000 sums at 5,000 agents), and
 * on PostgreSQL each scale's rows are then summed on a connection (and core) of their own.
 */
async function tallyAgents(db: Queryable, scope: ReportScope): Promise<TallyRow[]> {
  const perScale = await Promise.all(
    scalesOf(scope).map((scaleId) => tallyAgentsOn(db, scope, scaleId)),
  );
  return perScale.flat();
}

/**
 * tallyAgents on one scale. Thousands of agents: the sums come back as one text ("agent,n1,…,
 * responded;agent,…"), not a row of fields per agent, which is most of what the driver would
 * spend on them.
 */
async function tallyAgentsOn(
  db: Queryable,
  scope: ReportScope,
  scaleId: ScaleId,
): Promise<TallyRow[]> {
  const columns = AGENT_COUNT_COLUMNS;
  const source = periodRows(scope, 2, levelFor(scope, true), ['assignee_id'], columns);
  const { rows } = await db.query<{ sums: string | null }>(
    `SELECT string_agg(g.sums, ';') AS sums
       FROM (SELECT concat_ws(',', r.assignee_id, ${columns.map((c) => `sum(r.${c})`).join(', ')}) AS sums
               FROM (${source.sql}) r
              GROUP BY r.assignee_id) g`,
    [[scaleId], ...source.params],
  );
  const width = 1 + columns.length;
  const at = (c: CountColumn) => 1 + columns.indexOf(c);
  const [good, bad, sent, responded] = [
    at('csat_good'),
    at('csat_bad'),
    at('sent'),
    at('responded'),
  ];
  const n = parseRecords(rows[0]?.sums ?? '', width);
  const out: TallyRow[] = [];
  for (let i = 0; i < n.length; i += width) {
    // What counts nothing is left out (see tallyLevel).
    let any = false;
    for (let k = i + 1; k < i + width && !any; k++) any = n[k] !== 0;
    if (!any) continue;
    const agent = n[i] as number;
    out.push({
      kind: 'agent',
      scaleId,
      key: agent === 0 ? null : agent,
      counts: n.slice(i + 1, i + 1 + POINTS.length),
      csatGood: n[i + good] as number,
      csatBad: n[i + bad] as number,
      sent: n[i + sent] as number,
      responded: n[i + responded] as number,
      reminded: 0,
      afterReminder: 0,
      firstDay: null,
      lastDay: null,
    });
  }
  return out;
}

/** Character codes parseRecords reads. */
const [COMMA, MINUS, SEMICOLON] = [44, 45, 59];

/**
 * "3,0,-1;7,…" (records of `width` integers each, joined by ";", their integers by ","; what
 * string_agg of concat_ws of integer sums writes) as one flat list of numbers, read character by
 * character: no string per number or record (thousands of records a report). Throws on anything
 * else, so a changed query cannot be misread silently. "" is no record.
 */
export function parseRecords(text: string, width: number): number[] {
  const out: number[] = [];
  if (text === '') return out;
  let field = 0;
  let value = 0;
  let sign = 1;
  let digits = 0;
  for (let k = 0; k <= text.length; k++) {
    // The end of the text ends the last record.
    const c = k < text.length ? text.charCodeAt(k) : SEMICOLON;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === MINUS && digits === 0 && sign === 1) {
      sign = -1;
    } else if ((c === COMMA || c === SEMICOLON) && digits > 0) {
      out.push(sign * value);
      value = 0;
      sign = 1;
      digits = 0;
      field++;
      if (c === COMMA ? field >= width : field !== width) {
        throw new Error('A rollup sum has the wrong number of counts');
      }
      if (c === SEMICOLON) field = 0;
    } else {
      throw new Error('A rollup sum is not a list of integers');
    }
  }
  return out;
}

/** One pass over a level's period rows: a grouping set per kind, and the scope's total. */
async function tallyLevel(
  db: Queryable,
  scope: ReportScope,
  level: Level,
  kinds: ReadonlyArray<Exclude<TallyKind, 'team'>>,
): Promise<TallyRow[]> {
  const keys = kinds.map((kind) => KEY_OF[kind]);
  // $1 scales, $2 and $3 the period's days (for the edge days), then the rows' filters and ranges.
  const columns = COUNT_COLUMNS;
  const source = periodRows(scope, 4, level, keys);
  const sets = [...keys.map((key) => `(r.scale_id, r.${key})`), '(r.scale_id)'];
  // GROUPING() may only name grouped columns: build it from the sets asked for.
  const kindOf = kinds.length
    ? `CASE ${kinds.map((kind) => `WHEN GROUPING(r.${KEY_OF[kind]}) = 0 THEN '${kind}'`).join(' ')} ELSE 'team' END`
    : `'team'`;
  const keyOf = (kind: Exclude<TallyKind, 'team'>, select: string) =>
    kinds.includes(kind) ? select : 'NULL';
  // A team row's first and last day with an answer: read from the day rollup's index, ordered by
  // day within a scale (a few rows per scale); the same filters come first in `source.params`.
  const edgeDay = (fn: 'min' | 'max') =>
    `CASE WHEN ${kindOf} = 'team' THEN
       to_char((SELECT ${fn}(d.day) FROM report_${level}_day d
                 WHERE d.scale_id = r.scale_id AND d.day >= $2::date AND d.day <= $3::date
                   AND ${ANSWERED.replaceAll('r.', 'd.')} > 0${rollupFilters(scope, LEVEL_COLUMNS[level], 4, 'd').sql}),
               'YYYY-MM-DD') END`;
  // Brands and channels (or agents) first summed per key (one hash pass), so several grouping
  // sets hash a fraction of the rows.
  const from =
    sets.length > 1 && keys.length && level !== 'agent'
      ? `(SELECT u.scale_id, ${keys.map((k) => `u.${k}`).join(', ')},
                 ${columns.map((c) => `sum(u.${c}) AS ${c}`).join(', ')}
            FROM (${source.sql}) u
           GROUP BY u.scale_id, ${keys.map((k) => `u.${k}`).join(', ')}) r`
      : `(${source.sql}) r`;
  const { rows } = await db.query<
    PointColumns & {
      kind: TallyKind;
      scale_id: ScaleId;
      first_day: string | null;
      last_day: string | null;
      assignee_id: number | null;
      group_id: number | null;
      week: string | null;
      csat_good: number;
      csat_bad: number;
      sent: number;
      responded: number;
      reminded: number;
      after_reminder: number;
    }
  >(
    `SELECT ${kindOf} AS kind, r.scale_id,
            ${edgeDay('min')} AS first_day, ${edgeDay('max')} AS last_day,
            ${keyOf('agent', 'NULLIF(r.assignee_id, 0)')} AS assignee_id,
            ${keyOf('group', 'NULLIF(r.group_id, 0)')} AS group_id,
            ${keyOf('week', "to_char(r.week, 'YYYY-MM-DD')")} AS week,
            ${columns.map((c) => `sum(r.${c})::int AS ${c}`).join(', ')}
       FROM ${from}
      GROUP BY GROUPING SETS (${sets.join(', ')})`,
    [scalesOf(scope), scope.fromDay, scope.toDay, ...source.params],
  );
  // What counts nothing is left out: a row whose counts went back to 0 (an answer deleted, a
  // survey replaced), or an agent whose only rows are days taken away from a week. (A period's
  // sum of a count is never below 0, so "any count not 0" is "counts something".)
  return rows
    .filter((r) => columns.some((c) => (r as unknown as Record<CountColumn, number>)[c] !== 0))
    .map((r) => ({
      kind: r.kind,
      scaleId: r.scale_id,
      firstDay: r.first_day,
      lastDay: r.last_day,
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
      reminded: r.reminded ?? 0,
      afterReminder: r.after_reminder ?? 0,
    }));
}

/** Answers that named a driver, per driver and scale point, in the scope (agent filter ignored). */
export async function tallyDrivers(db: Queryable, scope: ReportScope): Promise<DriverRow[]> {
  const filters = rollupFilters(
    { ...scope, agentId: null },
    ['group_id', 'brand_id', 'channel'],
    4,
  );
  // Without a group, brand or channel filter, the totals (migration 015): a few rows per day.
  const table = filters.params.length ? 'report_driver_day' : 'report_driver_total_day';
  const { rows } = await db.query<PointColumns & { driver: string; scale_id: ScaleId }>(
    `SELECT r.driver, r.scale_id, ${SUM_POINTS}
       FROM ${table} r
      WHERE r.scale_id = ANY($1::text[]) AND r.day >= $2::date AND r.day <= $3::date${filters.sql}
      GROUP BY r.driver, r.scale_id`,
    [scalesOf(scope), scope.fromDay, scope.toDay, ...filters.params],
  );
  return rows.map((r) => ({ driver: r.driver, scaleId: r.scale_id, counts: countsOf(r) }));
}

export interface AnswerRow {
  surveyId: number;
  ticketId: number;
  agentId: number | null;
  groupId: number | null;
  scaleId: ScaleId;
  score: number;
  driver: string | null;
  comment: string | null;
  /** When the ticket was solved (for a survey sent by hand without one: when it was created). */
  solvedAt: string;
  /** When the survey link was published; null when never. */
  sentAt: string | null;
  answeredAt: string;
}

/** Where a page of answers continues: the last row's solve time and survey id. */
export interface AnswerCursor {
  solvedAt: string;
  surveyId: number;
}

/**
 * The answers behind a figure, newest solve first, a page at a time (keyset on solve time, survey
 * id, so a page never repeats or skips a row while answers arrive). One per ticket: a replaced
 * answer is left out, as in the rollups. `points`: only these (scale, score) pairs.
 */
export async function listAnswers(
  db: Queryable,
  scope: ReportScope,
  options: {
    points?: ReadonlyArray<{ scaleId: ScaleId; score: number }>;
    driver?: string | null;
    limit: number;
    after?: AnswerCursor | null;
  },
): Promise<AnswerRow[]> {
  const params: unknown[] = [scope.fromDay, scope.toDay, scope.timeZone ?? 'UTC'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let where = '';
  let answerWhere = '';
  const add = (on: 'survey' | 'answer', condition: (n: string) => string, value: unknown) => {
    if (value === null || value === undefined) return;
    const sql = ` AND ${condition(param(value))}`;
    if (on === 'survey') where += sql;
    else answerWhere += sql;
  };
  add('survey', (p) => `s.group_id = ${p}`, scope.groupId);
  add('survey', (p) => `s.brand_id = ${p}`, scope.brandId);
  add('survey', (p) => `s.channel = ${p}`, scope.channel);
  add('survey', (p) => `s.assignee_id = ${p}`, scope.agentId);
  add('answer', (p) => `a.scale_id = ANY(${p}::text[])`, scope.scaleIds);
  add('answer', (p) => `a.driver = ${p}`, options.driver);
  if (options.points) {
    // Per scale, its points: a band means different points on each scale.
    const byScale = new Map<ScaleId, number[]>();
    for (const x of options.points)
      byScale.set(x.scaleId, [...(byScale.get(x.scaleId) ?? []), x.score]);
    const terms = [...byScale].map(
      ([scaleId, scores]) =>
        `(a.scale_id = ${param(scaleId)} AND a.score = ANY(${param(scores)}::smallint[]))`,
    );
    answerWhere += ` AND (${terms.length ? terms.join(' OR ') : 'false'})`;
  }
  if (options.after) {
    where += ` AND (coalesce(s.solved_at, s.created_at), s.id) < (${param(options.after.solvedAt)}::timestamptz, ${param(options.after.surveyId)}::bigint)`;
  }
  params.push(options.limit);
  const { rows } = await db.query<{
    survey_id: number;
    ticket_id: number;
    assignee_id: number | null;
    group_id: number | null;
    scale_id: ScaleId;
    score: number;
    driver: string | null;
    comment: string | null;
    solved_at: Date | string;
    published_at: Date | string | null;
    answered_at: Date | string;
  }>(
    // The period's bounds are the account zone's midnights (a DST day is 23 or 25 hours long).
    `SELECT a.survey_id, s.ticket_id, s.assignee_id, s.group_id, a.scale_id, a.score, a.driver,
            a.comment, coalesce(s.solved_at, s.created_at) AS solved_at, s.published_at,
            a.answered_at
       FROM surveys s
            -- OFFSET 0 keeps this a per-survey lookup: the newest surveys are walked in index
            -- order until the page is full, instead of joining every answer of the period.
            CROSS JOIN LATERAL (SELECT a.* FROM answers a
                                 WHERE a.survey_id = s.id${answerWhere} OFFSET 0) a
      WHERE coalesce(s.solved_at, s.created_at) >= ($1::date::timestamp AT TIME ZONE $3)
        AND coalesce(s.solved_at, s.created_at) < (($2::date + 1)::timestamp AT TIME ZONE $3)
        AND s.status <> 'replaced'${where}
      ORDER BY coalesce(s.solved_at, s.created_at) DESC, s.id DESC
      LIMIT $${params.length}`,
    params,
  );
  const iso = (v: Date | string) => new Date(v).toISOString();
  return rows.map((r) => ({
    surveyId: Number(r.survey_id),
    ticketId: Number(r.ticket_id),
    agentId: r.assignee_id === null ? null : Number(r.assignee_id),
    groupId: r.group_id === null ? null : Number(r.group_id),
    scaleId: r.scale_id,
    score: Number(r.score),
    driver: r.driver,
    comment: r.comment,
    solvedAt: iso(r.solved_at),
    sentAt: r.published_at === null ? null : iso(r.published_at),
    answeredAt: iso(r.answered_at),
  }));
}

/**
 * One agent's answers that named a driver, per driver and scale point: what `tallyDrivers` counts
 * for the team, read from the answers (the driver rollup has no agent). Same answers as the
 * rollups: one per ticket (replaced surveys left out), by solve day in the account's zone.
 */
export async function tallyAgentDrivers(
  db: Queryable,
  scope: ReportScope & { agentId: number },
): Promise<DriverRow[]> {
  const params: unknown[] = [
    scalesOf(scope),
    scope.fromDay,
    scope.toDay,
    scope.timeZone ?? 'UTC',
    scope.agentId,
  ];
  let where = '';
  for (const [column, value] of [
    ['group_id', scope.groupId],
    ['brand_id', scope.brandId],
    ['channel', scope.channel],
  ] as const) {
    if (value === null || value === undefined) continue;
    params.push(value);
    where += ` AND s.${column} = $${params.length}`;
  }
  const { rows } = await db.query<{ driver: string; scale_id: ScaleId; score: number; n: number }>(
    `SELECT a.driver, a.scale_id, a.score, count(*)::int AS n
       FROM surveys s
       JOIN answers a ON a.survey_id = s.id
      WHERE s.assignee_id = $5 AND s.status <> 'replaced' AND a.driver IS NOT NULL
        AND a.scale_id = ANY($1::text[])
        AND coalesce(s.solved_at, s.created_at) >= ($2::date::timestamp AT TIME ZONE $4)
        AND coalesce(s.solved_at, s.created_at) < (($3::date + 1)::timestamp AT TIME ZONE $4)${where}
      GROUP BY a.driver, a.scale_id, a.score`,
    params,
  );
  const byKey = new Map<string, DriverRow>();
  for (const r of rows) {
    const key = `${r.scale_id}\u0000${r.driver}`;
    let row = byKey.get(key);
    if (!row) {
      row = { driver: r.driver, scaleId: r.scale_id, counts: POINTS.map(() => 0) };
      byKey.set(key, row);
    }
    row.counts[Number(r.score) - 1] = Number(r.n);
  }
  return [...byKey.values()];
}
