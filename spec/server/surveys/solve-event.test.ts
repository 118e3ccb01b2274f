import { parseSolveEvent, SolveEventError } from '../../../src/server/surveys/solve-event.js';
import { SOLVE_BODY, SOLVE_EVENT } from '../../support/solve-events.js';

const body = SOLVE_BODY;

function problemWith(input: unknown): string {
  try {
    parseSolveEvent(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SolveEventError);
    expect((error as SolveEventError).statusCode).toBe(400);
    return (error as SolveEventError).field;
  }
  throw new Error('expected the body to be refused');
}

describe('parseSolveEvent', () => {
  it('reads the documented body, numbers given as strings', () => {
    expect(parseSolveEvent(body)).toEqual(SOLVE_EVENT);
  });

  it('takes numbers as numbers and empty strings as none', () => {
    const event = parseSolveEvent({
      ...body,
      ticket_id: 5,
      assignee_id: '',
      group_id: null,
      brand_id: '  ',
      satisfaction: '',
      requester_locale: '',
    });
    expect(event).toMatchObject({
      ticketId: 5,
      assigneeId: null,
      groupId: null,
      brandId: null,
      satisfaction: null,
      requesterLocale: null,
    });
  });

  it('reads Zendesk-rendered tags and the requester role', () => {
    const event = parseSolveEvent({
      ...body,
      tags: ' vip  Refund ces_skip ',
      requester_role: 'Agent',
    });
    expect(event.tags).toEqual(['vip', 'refund', 'ces_skip']);
    expect(event.requesterRole).toBe('agent');
    expect(parseSolveEvent({ ...body, tags: '' }).tags).toEqual([]);
    expect(parseSolveEvent({ ...body, requester_role: '' }).requesterRole).toBeNull();
  });

  it('accepts the minute-precision time Zendesk placeholders render', () => {
    expect(parseSolveEvent({ ...body, solved_at: '2026-11-23T10:05Z' }).solvedAt).toEqual(
      new Date('2026-11-23T10:05:00Z'),
    );
  });

  it('names the field that is wrong', () => {
    expect(problemWith(null)).toBe('body');
    expect(problemWith([body])).toBe('body');
    expect(problemWith({ ...body, type: 'ticket_created' })).toBe('type');
    expect(problemWith({ ...body, ticket_id: '' })).toBe('ticket_id');
    expect(problemWith({ ...body, ticket_id: 'abc' })).toBe('ticket_id');
    expect(problemWith({ ...body, ticket_id: -4 })).toBe('ticket_id');
    expect(problemWith({ ...body, ticket_id: 1.5 })).toBe('ticket_id');
    expect(problemWith({ ...body, requester_id: '12x' })).toBe('requester_id');
    expect(problemWith({ ...body, assignee_id: {} })).toBe('assignee_id');
    expect(problemWith({ ...body, solved_at: '' })).toBe('solved_at');
    expect(problemWith({ ...body, solved_at: 'yesterday' })).toBe('solved_at');
    expect(problemWith({ ...body, channel: ['email'] })).toBe('channel');
    expect(problemWith({ ...body, tags: 7 })).toBe('tags');
    expect(problemWith({ ...body, requester_role: 'owner' })).toBe('requester_role');
    expect(problemWith({ ...body, satisfaction: 'x'.repeat(201) })).toBe('satisfaction');
  });

  it('says what to send in its message', () => {
    expect(() => parseSolveEvent({ ...body, ticket_id: 'abc' })).toThrow(
      '"ticket_id" must be a positive whole number, got "abc".',
    );
  });
});
