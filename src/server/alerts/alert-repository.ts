import type { Queryable } from '../db/database.js';

/** The score the last chat alert of an answer stated; null when none was posted. */
export async function chatAlertedScore(db: Queryable, surveyId: number): Promise<number | null> {
  const { rows } = await db.query<{ chat_score: number }>(
    'SELECT chat_score FROM answer_alerts WHERE survey_id = $1',
    [surveyId],
  );
  return rows[0] ? Number(rows[0].chat_score) : null;
}

/** Records that a chat message stating `score` was posted for the answer. */
export async function recordChatAlert(
  db: Queryable,
  surveyId: number,
  score: number,
): Promise<void> {
  await db.query(
    `INSERT INTO answer_alerts (survey_id, chat_score) VALUES ($1, $2)
     ON CONFLICT (survey_id) DO UPDATE
       SET chat_score = EXCLUDED.chat_score, chat_messages = answer_alerts.chat_messages + 1,
           updated_at = now()`,
    [surveyId, score],
  );
}
