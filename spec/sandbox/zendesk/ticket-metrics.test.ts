import { metricSetOf } from '../../../src/server/zendesk/client.js';
import { resetWithRequesterAndAgent, sandboxForSuite } from './sandbox-suite.js';
import { call } from './http.js';

type ShowTicket = {
  ticket: Record<string, unknown>;
  users?: unknown[];
  metric_sets?: Array<{ ticket_id: number; replies: number; reopens: number; solved_at: unknown }>;
};

/**
 * Ticket metrics as Zendesk documents them: `replies` "the number of public replies added to a
 * ticket by an agent", `reopens` "total number of times the ticket was reopened", side-loaded on
 * Show Ticket with `include=metric_sets`.
 */
describe('sandbox Zendesk: ticket metrics', () => {
  const sandbox = sandboxForSuite();
  let requesterId: number;
  let agentId: number;
  beforeEach(async () => {
    ({ requesterId, agentId } = await resetWithRequesterAndAgent(sandbox()));
  });

  const show = (id: number, include?: string) =>
    call<ShowTicket>(
      sandbox().url,
      'GET',
      `/api/v2/tickets/${id}${include ? `?include=${include}` : ''}`,
    );
  const change = (id: number, ticket: Record<string, unknown>, actorId: number) =>
    sandbox().store.tickets.update(id, ticket, { actorId });

  it('counts public agent replies and solved-to-unsolved changes', async () => {
    const created = await call<ShowTicket>(sandbox().url, 'POST', '/api/v2/tickets', {
      ticket: { subject: 'Broken', comment: { body: 'It broke' }, requester_id: requesterId },
    });
    const id = Number(created.body.ticket.id);
    const metrics = async () => (await show(id, 'metric_sets')).body.metric_sets?.[0];
    expect(await metrics()).toEqual(expect.objectContaining({ replies: 0, reopens: 0 }));

    change(id, { comment: { body: 'Looking', public: true } }, agentId);
    change(id, { comment: { body: 'Internal note', public: false } }, agentId);
    change(id, { comment: { body: 'Thanks' } }, requesterId);
    change(id, { status: 'solved', comment: { body: 'Fixed' } }, agentId);
    expect(await metrics()).toEqual(
      expect.objectContaining({ ticket_id: id, replies: 2, reopens: 0 }),
    );
    expect((await metrics())?.solved_at).toEqual(expect.any(String));

    change(id, { status: 'open', comment: { body: 'Still broken' } }, requesterId);
    change(id, { status: 'pending', comment: { body: 'Try again?' } }, agentId);
    change(id, { status: 'solved' }, agentId);
    change(id, { status: 'open' }, requesterId);
    change(id, { status: 'solved' }, agentId);
    const last = await metrics();
    expect([last?.replies, last?.reopens]).toEqual([3, 2]);
  });

  it('side-loads metric sets only when asked, beside the users, and the client reads them', async () => {
    const created = await call<ShowTicket>(sandbox().url, 'POST', '/api/v2/tickets', {
      ticket: { subject: 'Broken', comment: { body: 'It broke' }, requester_id: requesterId },
    });
    const id = Number(created.body.ticket.id);
    change(id, { status: 'solved', comment: { body: 'Fixed' } }, agentId);
    const plain = await show(id);
    expect(plain.body.metric_sets).toBeUndefined();
    expect(plain.body.ticket).not.toHaveProperty('reopens');
    const both = await show(id, 'users,metric_sets');
    expect(both.status).toBe(200);
    expect(both.body.users).toEqual(expect.any(Array));
    expect(metricSetOf(both.body, id)).toEqual({
      ticket_id: id,
      replies: 1,
      reopens: 0,
      solved_at: both.body.metric_sets?.[0]?.solved_at,
    });
  });
});

describe('the client reading a metric set', () => {
  it('takes a top-level metric_sets list or one embedded in the ticket, for this ticket only', () => {
    const m = { ticket_id: 7, replies: 3, reopens: 1, solved_at: '2026-11-20T10:00:00Z' };
    expect(metricSetOf({ metric_sets: [m] }, 7)).toEqual(m);
    expect(metricSetOf({ ticket: { metric_set: m } }, 7)).toEqual(m);
    expect(metricSetOf({ metric_sets: [{ ...m, ticket_id: 8 }] }, 7)).toBeNull();
    expect(metricSetOf({}, 7)).toBeNull();
  });

  it('refuses counts that are not whole and non-negative', () => {
    for (const bad of [{ replies: -1 }, { replies: 1.5 }, { reopens: '2' }, { replies: null }]) {
      expect(metricSetOf({ metric_sets: [{ replies: 1, reopens: 0, ...bad }] }, 7)).toBeNull();
    }
  });
});
