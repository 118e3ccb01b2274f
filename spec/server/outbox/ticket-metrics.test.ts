import type { JobDeps } from '../../../src/server/outbox/jobs/index.js';
import { publishSurveyLink } from '../../../src/server/outbox/jobs/publish-survey-link.js';
import { describeEachDatabase } from '../../support/databases.js';
import { solvedSurvey } from '../../support/survey-links.js';
import { OutboxWorld } from './outbox-world.js';

/**
 * Zendesk's ticket metrics (agent replies, reopens) reach the survey through the publish job's one
 * read of the ticket (`include=users,metric_sets`), once: a retried job changes nothing.
 */
describeEachDatabase('ticket metrics captured by the publish job', (getDb) => {
  const world = OutboxWorld.forSuite(getDb);

  /** A change made in the agent workspace by `actor` (no API limits). */
  async function change(ticketId: number, ticket: Record<string, unknown>, actor: number) {
    const res = await fetch(`${world.zd.url}/__sandbox/tickets/${ticketId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket, actor_id: actor }),
    });
    expect(res.status).toBe(200);
  }

  const reply = (ticketId: number, body: string, isPublic = true) =>
    change(ticketId, { comment: { body, public: isPublic } }, world.agentId);

  const surveyFor = (ticketId: number): Promise<number> =>
    solvedSurvey(getDb(), {
      ticketId,
      requesterId: world.requesterId,
      requesterLocale: 'es',
      assigneeId: world.agentId,
      channel: 'mail',
      tags: [],
    });

  const stored = async (surveyId: number) =>
    (
      await getDb().query<{
        agent_replies: number | null;
        reopens: number | null;
        metrics_captured_at: Date | null;
      }>('SELECT agent_replies, reopens, metrics_captured_at FROM surveys WHERE id = $1', [
        surveyId,
      ])
    ).rows[0]!;

  it('stores the replies and reopens Zendesk counted at the solve, in the one ticket read', async () => {
    // `ces_skip` keeps the setup's solve trigger quiet: the test runs intake itself.
    const ticket = await world.deps.zendesk.createTicket({
      subject: 'Refund',
      comment: { body: 'Where is my refund?' },
      requester_id: world.requesterId,
      assignee_id: world.agentId,
      tags: ['ces_skip'],
    });
    await reply(ticket.id, 'We are on it.');
    await reply(ticket.id, 'Checking with billing.', false); // private: not a reply
    await change(ticket.id, { comment: { body: 'Any news?' } }, world.requesterId); // the customer's
    await change(ticket.id, { status: 'solved', comment: { body: 'Refunded.' } }, world.agentId);
    await change(
      ticket.id,
      { status: 'open', comment: { body: 'Not received.' } },
      world.requesterId,
    );
    await change(ticket.id, { status: 'solved' }, world.agentId);

    const surveyId = await surveyFor(ticket.id);
    const before = world.zd.sandbox.requests.length;
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('published');
    const reads = world.zd.sandbox.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path.startsWith(`/api/v2/tickets/${ticket.id}`));
    // No extra call: the metric set rides on the read publishing always made.
    expect(reads).toHaveLength(1);
    const include = new URL(reads[0]!.path, world.zd.url).searchParams.get('include');
    expect(include?.split(',').sort()).toEqual(['metric_sets', 'users']);

    const row = await stored(surveyId);
    // Public agent replies: "We are on it." and "Refunded."; one solved → open.
    expect([row.agent_replies, row.reopens]).toEqual([2, 1]);
    expect(row.metrics_captured_at).not.toBeNull();
  });

  it('keeps the first capture when the job runs again after the ticket changed', async () => {
    const ticket = await world.deps.zendesk.createTicket({
      subject: 'Password',
      comment: { body: 'I cannot log in.' },
      requester_id: world.requesterId,
      assignee_id: world.agentId,
      tags: ['ces_skip'],
    });
    await change(ticket.id, { status: 'solved', comment: { body: 'Reset it.' } }, world.agentId);
    const surveyId = await surveyFor(ticket.id);
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('published');
    const first = await stored(surveyId);
    expect([first.agent_replies, first.reopens]).toEqual([1, 0]);
    await getDb().query(
      `INSERT INTO answers (survey_id, score, scale_id) VALUES ($1, 6, 'ces2_7')`,
      [surveyId],
    );
    const oneTouchAnswers = async () =>
      (
        await getDb().query<{ n: number }>(
          `SELECT coalesce(sum(n6), 0)::int AS n FROM report_path_day
            WHERE touch = 'one' AND reopened = 'no'`,
        )
      ).rows[0]!.n;
    expect(await oneTouchAnswers()).toBe(1);

    // Later activity on the ticket is not the solve the survey asks about.
    await change(ticket.id, { status: 'open', comment: { body: 'Again?' } }, world.requesterId);
    await reply(ticket.id, 'Try this.');
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('already_published');
    expect(await stored(surveyId)).toEqual(first);
    expect(await oneTouchAnswers()).toBe(1);
  });

  it('leaves the metrics unknown when Zendesk sends no metric set', async () => {
    const ticket = await world.deps.zendesk.createTicket({
      subject: 'Invoice',
      comment: { body: 'Send the invoice.' },
      requester_id: world.requesterId,
      assignee_id: world.agentId,
      tags: ['ces_skip'],
    });
    await change(ticket.id, { status: 'solved', comment: { body: 'Sent.' } }, world.agentId);
    const surveyId = await surveyFor(ticket.id);
    const withoutMetrics: JobDeps = {
      ...world.deps,
      zendesk: {
        ...world.deps.zendesk,
        getTicketWithUsers: async (id) => ({
          ...(await world.deps.zendesk.getTicketWithUsers(id)),
          metrics: null,
        }),
      },
    };
    expect(await publishSurveyLink(withoutMetrics, { surveyId })).toBe('published');
    expect(await stored(surveyId)).toEqual({
      agent_replies: null,
      reopens: null,
      metrics_captured_at: null,
    });
  });
});
