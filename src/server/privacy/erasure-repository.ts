import type { Queryable } from '../db/database.js';

/**
 * Erasing a requester's personal data in place (docs/data-protection.md). Kept: what the reports
 * count (score, scale, reason, CSAT, solve day, agent, group, brand, channel, whether the survey
 * was sent and answered) and the ticket number. Erased: the requester's id and language, the
 * survey link (token and its hash), the comment and the answer's language, the requester on skips,
 * and the service's cached copy of the tickets. No rollup trigger reads an erased column, so every
 * report figure stays exactly as it was.
 */

export interface ErasureCounts {
  /** Surveys whose requester was this person. */
  surveys: number;
  /** Their answers (each keeps its score; its comment and language are gone). */
  answers: number;
  /** Of those answers, the ones that had a comment. */
  comments: number;
  /** Skipped solves that named this requester. */
  skips: number;
}

/**
 * Erases everything that ties surveys and answers to `requesterId`; idempotent (0s the second
 * time). Run it in a transaction.
 */
export async function eraseRequester(tx: Queryable, requesterId: number): Promise<ErasureCounts> {
  // Row locks in id order, like every other writer of surveys.
  const { rows: surveys } = await tx.query<{ id: number; ticket_id: number }>(
    `SELECT id, ticket_id FROM surveys WHERE requester_id = $1 ORDER BY id FOR UPDATE`,
    [requesterId],
  );
  const ids = surveys.map((s) => Number(s.id));
  const tickets = [...new Set(surveys.map((s) => Number(s.ticket_id)))];
  const answers = await tx.query<{ had_comment: boolean }>(
    `UPDATE answers a
          SET comment = NULL, locale = NULL,
              comment_erased_at = CASE WHEN a.comment IS NULL THEN a.comment_erased_at
                                       ELSE now() END
         FROM (SELECT survey_id, comment IS NOT NULL AS had_comment FROM answers
                WHERE survey_id = ANY($1::bigint[])) b
        WHERE a.survey_id = b.survey_id
        RETURNING b.had_comment`,
    [ids],
  );
  // A link not yet on the ticket is never published now (the publish job finds it superseded);
  // one already sent stops working (no hash matches it). Neither changes a count: an
  // unpublished survey counts nowhere, and a sent one keeps counting as sent.
  await tx.query(
    `UPDATE surveys
          SET requester_id = NULL, requester_locale = NULL, unpublished_token = NULL,
              token_hash = 'erased:' || id::text, erased_at = now(),
              status = CASE WHEN status = 'pending' AND published_at IS NULL THEN 'superseded'
                            ELSE status END,
              superseded_at = CASE WHEN status = 'pending' AND published_at IS NULL
                                   THEN COALESCE(superseded_at, now()) ELSE superseded_at END
        WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const skips = await tx.query(
    `UPDATE skips SET requester_id = NULL WHERE requester_id = $1 RETURNING id`,
    [requesterId],
  );
  // The tickets as the jobs last saw them name the requester: only a cache, read again if needed.
  await tx.query(`DELETE FROM zendesk_ticket_snapshots WHERE ticket_id = ANY($1::bigint[])`, [
    tickets,
  ]);
  return {
    surveys: ids.length,
    answers: answers.rows.length,
    comments: answers.rows.filter((r) => r.had_comment).length,
    skips: skips.rows.length,
  };
}

/**
 * Erases comments last written before `cutoff`; returns how many. Scores and reasons stay. The
 * service's cached copies of those tickets go too: the write-back put the comment in a ticket
 * field, and the cache would keep it (it is read from Zendesk again when needed).
 */
export async function eraseCommentsWrittenBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ ticket_id: string | number }>(
    `WITH erased AS (
       UPDATE answers SET comment = NULL, comment_erased_at = now()
        WHERE comment IS NOT NULL AND updated_at < $1
        RETURNING survey_id)
     SELECT s.ticket_id FROM erased e JOIN surveys s ON s.id = e.survey_id`,
    [cutoff],
  );
  const tickets = [...new Set(rows.map((r) => Number(r.ticket_id)))];
  if (tickets.length > 0) {
    await db.query(`DELETE FROM zendesk_ticket_snapshots WHERE ticket_id = ANY($1::bigint[])`, [
      tickets,
    ]);
  }
  return rows.length;
}
