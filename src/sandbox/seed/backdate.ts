import type { Database } from '../../server/db/database.js';
import type { SandboxStore } from '../zendesk/store.js';
import { isoTime } from '../zendesk/store/context.js';
import type { PlannedTicket } from './demo-plan.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zendesk's default automation closes a solved ticket after four days. */
export const AUTO_CLOSE_AFTER_MS = 4 * DAY_MS;

/**
 * Moves one seeded ticket's story from "just now" to its planned time, in the sandbox and in the
 * service's tables. The flow itself ran for real (solve → webhook → survey → email → answer →
 * write-back); only its clock is shifted, because Zendesk's webhook signatures and the service's
 * database clock cannot be run in the past.
 */
export async function backdate(
  store: SandboxStore,
  db: Database,
  ticketId: number,
  planned: PlannedTicket,
  solvedMs: number,
  /** Comments the ticket had right after the solve; later ones (the note) came with the answer. */
  commentsAtSolve: number,
): Promise<void> {
  const solveShift = planned.solvedAt.getTime() - solvedMs;
  const delay = planned.outcome.kind === 'answer' ? planned.outcome.delayMinutes * 60_000 : 0;
  const answerShift = solveShift + delay;
  const shift = (iso: string, by: number) => isoTime(Date.parse(iso) + by);

  const ticket = store.tickets.get(ticketId);
  ticket.comments.forEach((comment, i) => {
    comment.created_at =
      i === 0
        ? isoTime(planned.createdAt.getTime())
        : shift(comment.created_at, i < commentsAtSolve ? solveShift : answerShift);
  });
  ticket.created_at = isoTime(planned.createdAt.getTime());
  ticket.solved_at = isoTime(planned.solvedAt.getTime());
  let last = Math.max(
    ...ticket.comments.map((c) => Date.parse(c.created_at)),
    planned.solvedAt.getTime(),
  );
  if (ticket.status === 'closed')
    last = Math.max(last, planned.solvedAt.getTime() + AUTO_CLOSE_AFTER_MS);
  ticket.updated_at = isoTime(Math.min(last, Date.now()));
  for (const email of store.emails.list({ ticketId }))
    email.created_at = shift(email.created_at, solveShift);
  for (const delivery of store.deliveries.list({ ticketId })) {
    delivery.created_at = shift(delivery.created_at, solveShift);
    for (const attempt of delivery.attempts) attempt.at = shift(attempt.at, solveShift);
  }
  store.changed();

  const by = (column: string, param: string) =>
    `${column} = ${column} + interval '1 millisecond' * ${param}::double precision`;
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE surveys SET ${by('created_at', '$2')}, ${by('solved_at', '$2')},
         ${by('published_at', '$2')}, ${by('closes_at', '$2')}, ${by('writeback_at', '$3')}
       WHERE ticket_id = $1`,
      [ticketId, solveShift, answerShift],
    );
    await tx.query(
      `UPDATE answers SET ${by('answered_at', '$2')}, ${by('updated_at', '$2')}
       WHERE survey_id IN (SELECT id FROM surveys WHERE ticket_id = $1)`,
      [ticketId, answerShift],
    );
    await tx.query(`UPDATE skips SET ${by('created_at', '$2')} WHERE ticket_id = $1`, [
      ticketId,
      solveShift,
    ]);
  });
}
