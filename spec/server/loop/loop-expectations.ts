import { getScale, isDifficult } from '../../../src/shared/scales.js';
import type { LoopWorld } from './loop-world.js';

export const DRIVERS_FOR_TEST = ['took_too_long', 'transferred', 'answer_unclear'] as const;

/** The answer is on its ticket exactly once: fields, score tag, effort tag and a single note. */
export async function expectAnswerOnTicket(
  world: LoopWorld,
  ticketId: number,
  answer: { score: number; driver: string; comment: string },
): Promise<void> {
  const ticket = await world.ticket(ticketId);
  expect(String(world.field(ticket, world.fields.score))).toBe(String(answer.score));
  expect(world.field(ticket, world.fields.driver)).toBe(`ces_driver_${answer.driver}`);
  expect(world.field(ticket, world.fields.comment)).toBe(answer.comment);
  expect(ticket.tags.filter((t) => t.startsWith('ces_score_'))).toEqual([
    `ces_score_${answer.score}`,
  ]);
  expect(ticket.tags.includes('ces_high_effort')).toBe(
    isDifficult(getScale('ces2_7'), answer.score),
  );
  const notes = await world.notes(ticketId);
  expect(notes).toHaveLength(1);
  expect(notes[0]!.body).toContain(answer.comment);
  expect((await world.surveyOf(ticketId))?.writeback_status).toBe('done');
}
