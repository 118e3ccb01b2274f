/**
 * The answers CSV: every answer behind the team page's figures for the same filters, one line
 * each, with names. The rows come from the report's own answer listing (report-queries.ts), so
 * the file holds exactly the answers the figures count.
 */
import type { Queryable } from '../db/database.js';
import type { NamedRef } from '../../shared/api-types.js';
import { getScale, isScaleId, type ScaleId } from '../../shared/scales.js';
import { bandOf } from '../../shared/scoring.js';
import type { NameLookup } from './names.js';
import { toCsv, type Cell } from './report-csv.js';
import { listAnswers, type AnswerCursor, type AnswerRow } from './report-queries.js';
import { periodOf, type ReportQuery } from './team-report.js';
import { readAccountTimeZone } from '../setup/zendesk-state.js';

/** Above this the export asks for a narrower slice: a spreadsheet would choke anyway. */
export const MAX_EXPORT_ANSWERS = 100_000;
/** Rows read per query while exporting. */
const EXPORT_PAGE = 2_000;

export class ExportTooLargeError extends Error {
  readonly statusCode = 400;
  readonly code = 'export_too_large';
  constructor() {
    super(
      `More than ${MAX_EXPORT_ANSWERS} answers match: choose a shorter period or a group, brand or channel.`,
    );
    this.name = 'ExportTooLargeError';
  }
}

export const ANSWER_CSV_HEADER = [
  'ticket_id',
  'solved_at',
  'solved_date',
  'answered_at',
  'agent_id',
  'agent_name',
  'group_id',
  'group_name',
  'scale',
  'score',
  'band',
  'reason',
  'comment',
  'csat',
] as const;

interface SurveyDetails {
  solvedAt: string | null;
  satisfaction: string | null;
  scaleId: ScaleId | null;
}

async function detailsOf(db: Queryable, surveyIds: number[]): Promise<Map<number, SurveyDetails>> {
  if (surveyIds.length === 0) return new Map();
  const { rows } = await db.query<{
    id: number;
    solved_at: Date | string | null;
    satisfaction: string | null;
    scale_id: string;
  }>(
    `SELECT s.id, s.solved_at, s.satisfaction, a.scale_id
       FROM surveys s JOIN answers a ON a.survey_id = s.id
      WHERE s.id = ANY($1::bigint[])`,
    [surveyIds],
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        solvedAt: r.solved_at === null ? null : new Date(r.solved_at).toISOString(),
        satisfaction: r.satisfaction,
        scaleId: isScaleId(r.scale_id) ? r.scale_id : null,
      },
    ]),
  );
}

/** YYYY-MM-DD of an instant in a time zone (the account's; UTC until it is known). */
export function dayIn(iso: string, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** Every answer the report counts for these filters, newest first, as CSV text. */
export async function answersCsv(
  db: Queryable,
  names: NameLookup,
  q: ReportQuery,
  options: { timeZone?: string } = {},
): Promise<string> {
  const [period, accountZone] = await Promise.all([periodOf(db, q), readAccountTimeZone(db)]);
  const timeZone = options.timeZone ?? accountZone;
  // Every scale unless the query names one, as the team report counts.
  const scope = {
    fromDay: period.fromDay,
    toDay: period.toDay,
    scaleIds: q.scaleId ? [q.scaleId] : null,
    timeZone,
    groupId: q.groupId ?? null,
    brandId: q.brandId ?? null,
    channel: q.channel ?? null,
  };
  const rows: AnswerRow[] = [];
  let after: AnswerCursor | null = null;
  for (;;) {
    const page = await listAnswers(db, scope, { limit: EXPORT_PAGE, after });
    rows.push(...page);
    if (rows.length > MAX_EXPORT_ANSWERS) throw new ExportTooLargeError();
    const last = page[page.length - 1];
    if (page.length < EXPORT_PAGE || !last) break;
    after = { solvedAt: last.solvedAt, surveyId: last.surveyId };
  }
  const details = new Map<number, SurveyDetails>();
  for (let i = 0; i < rows.length; i += EXPORT_PAGE) {
    const ids = rows.slice(i, i + EXPORT_PAGE).map((r) => r.surveyId);
    for (const [id, d] of await detailsOf(db, ids)) details.set(id, d);
  }
  const ids = (pick: (r: AnswerRow) => number | null) =>
    rows.flatMap((r) => {
      const id = pick(r);
      return id === null ? [] : [id];
    });
  const [agents, groups] = await Promise.all([
    names.users(ids((r) => r.agentId)),
    names.groups(ids((r) => r.groupId)),
  ]);
  const nameOf = (refs: NamedRef[]) => new Map(refs.map((n) => [n.id, n.name]));
  const agentName = nameOf(agents);
  const groupName = nameOf(groups);
  const lines: Cell[][] = rows.map((r) => {
    const d = details.get(r.surveyId);
    const rowScale = getScale(d?.scaleId ?? r.scaleId);
    return [
      r.ticketId,
      d?.solvedAt ?? null,
      d?.solvedAt ? dayIn(d.solvedAt, timeZone) : null,
      r.answeredAt,
      r.agentId,
      r.agentId === null ? null : (agentName.get(r.agentId) ?? null),
      r.groupId,
      r.groupId === null ? null : (groupName.get(r.groupId) ?? null),
      rowScale.id,
      r.score,
      bandOf(rowScale, r.score),
      r.driver,
      r.comment,
      d?.satisfaction ?? null,
    ];
  });
  return toCsv([[...ANSWER_CSV_HEADER], ...lines]);
}
