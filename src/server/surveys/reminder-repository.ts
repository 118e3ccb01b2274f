import type { Queryable } from '../db/database.js';
import type { SurveyStatus } from '../../shared/api-types.js';

/** What decides whether a survey gets its one reminder now, read from the database clock. */
export interface ReminderState {
  ticketId: number;
  status: SurveyStatus;
  superseded: boolean;
  remindedAt: Date | null;
  /** The survey email went out at least `afterDays` days ago. */
  due: boolean;
  /** When it will be (null when the survey was never sent). */
  dueAt: Date | null;
  /** The customer can still answer (the answer window has not ended). */
  open: boolean;
  /** The requester's data was erased (docs/data-protection.md): they are not written to again. */
  erased: boolean;
}

export async function reminderState(
  db: Queryable,
  surveyId: number,
  afterDays: number,
): Promise<ReminderState | null> {
  const { rows } = await db.query<{
    ticket_id: number | string;
    status: SurveyStatus;
    superseded_at: Date | string | null;
    reminded_at: Date | string | null;
    due_at: Date | string | null;
    due: boolean | null;
    open: boolean;
    erased: boolean;
  }>(
    `SELECT ticket_id, status, superseded_at, reminded_at,
            published_at + make_interval(days => $2) AS due_at,
            published_at + make_interval(days => $2) <= now() AS due,
            closes_at > now() AS open, erased_at IS NOT NULL AS erased
       FROM surveys WHERE id = $1`,
    [surveyId, afterDays],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ticketId: Number(row.ticket_id),
    status: row.status,
    superseded: row.superseded_at !== null,
    remindedAt: row.reminded_at === null ? null : new Date(row.reminded_at),
    due: row.due === true,
    dueAt: row.due_at === null ? null : new Date(row.due_at),
    open: row.open,
    erased: row.erased === true,
  };
}

/** Records that the reminder was asked of Zendesk; false when it already was (never twice). */
export async function markReminded(db: Queryable, surveyId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE surveys SET reminded_at = now() WHERE id = $1 AND reminded_at IS NULL`,
    [surveyId],
  );
  return rowCount > 0;
}
