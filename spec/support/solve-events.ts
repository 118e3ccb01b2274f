import type { SolveEvent } from '../../src/server/surveys/intake.js';

/** A solve webhook body as the CES trigger sends it: ids and numbers as strings. */
export const SOLVE_BODY = {
  type: 'ticket_solved',
  ticket_id: '123',
  requester_id: '456',
  requester_locale: 'nl',
  assignee_id: '789',
  group_id: '12',
  brand_id: '1',
  channel: 'email',
  solved_at: '2026-11-23T10:00:00Z',
  satisfaction: 'good',
};

/** `SOLVE_BODY` as the service reads it (no role or tags sent: none). */
export const SOLVE_EVENT: SolveEvent = {
  ticketId: 123,
  requesterId: 456,
  requesterLocale: 'nl',
  requesterRole: null,
  assigneeId: 789,
  groupId: 12,
  brandId: 1,
  channel: 'email',
  solvedAt: new Date('2026-11-23T10:00:00Z'),
  satisfaction: 'good',
  tags: null,
};
