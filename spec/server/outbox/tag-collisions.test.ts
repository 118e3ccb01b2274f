import type { JobDeps } from '../../../src/server/outbox/jobs/index.js';
import { publishSurveyLink } from '../../../src/server/outbox/jobs/publish-survey-link.js';
import { writeBackAnswer } from '../../../src/server/outbox/jobs/write-back-answer.js';
import { saveAnswer } from '../../../src/server/surveys/answer-repository.js';
import {
  SAFE_UPDATE_ATTEMPTS,
  TicketUpdateConflictError,
  type ZendeskClient,
  type ZendeskTicket,
} from '../../../src/server/zendesk/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { solvedSurvey } from '../../support/survey-links.js';
import { OutboxWorld } from './outbox-world.js';

/**
 * Update Ticket replaces `tags`, so the jobs send the full list read from the ticket with
 * safe_update + updated_stamp. An agent who tags the ticket between that read and the write must
 * not lose their tag: Zendesk (the sandbox) answers 409 and the job reads again.
 */
describeEachDatabase('tags written beside a concurrent edit', (getDb) => {
  const world = OutboxWorld.forSuite(getDb);
  let solves = 0;

  async function post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${world.zd.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  async function newSurvey(): Promise<{ surveyId: number; ticketId: number }> {
    const ticket = await world.deps.zendesk.createTicket({
      subject: 'Help',
      comment: { body: 'Help' },
      requester_id: world.requesterId,
      assignee_id: world.agentId,
      tags: ['vip'],
    });
    solves += 1;
    const surveyId = await solvedSurvey(getDb(), {
      ticketId: ticket.id,
      requesterId: world.requesterId,
      requesterLocale: 'es',
      assigneeId: world.agentId,
      channel: 'mail',
      solvedAt: new Date(Date.UTC(2026, 10, 2, 10, solves)),
      tags: ['vip'],
    });
    return { surveyId, ticketId: ticket.id };
  }

  /** An agent tags the ticket (over HTTP), as the agent in the workspace would. */
  async function agentTags(id: number, tags: string[], tag: string): Promise<void> {
    await post(`/__sandbox/tickets/${id}`, {
      ticket: { tags: [...tags, tag] },
      actor_id: world.agentId,
    });
  }

  /** The service's client, but an agent tags the ticket right after the service reads it. */
  function withAgentEditAfterRead(edits: number): { deps: JobDeps; tagsAdded: string[] } {
    const tagsAdded: string[] = [];
    const afterRead = async (ticket: ZendeskTicket) => {
      if (tagsAdded.length < edits) {
        const tag = `agent_edit_${tagsAdded.length + 1}`;
        tagsAdded.push(tag);
        await agentTags(ticket.id, ticket.tags, tag);
      }
    };
    const zendesk: ZendeskClient = {
      ...world.deps.zendesk,
      getTicket: async (id) => {
        const ticket = await world.deps.zendesk.getTicket(id);
        await afterRead(ticket);
        return ticket;
      },
      getTicketWithUsers: async (id) => {
        const read = await world.deps.zendesk.getTicketWithUsers(id);
        await afterRead(read.ticket);
        return read;
      },
    };
    return { deps: { ...world.deps, zendesk }, tagsAdded };
  }

  const ticketPuts = (ticketId: number) =>
    world.zd.writes().filter((w) => w.method === 'PUT' && w.path === `/api/v2/tickets/${ticketId}`);

  it('publishing keeps the tag an agent added between the read and the write', async () => {
    const { surveyId, ticketId } = await newSurvey();
    const racing = withAgentEditAfterRead(1);
    expect(await publishSurveyLink(racing.deps, { surveyId })).toBe('published');

    expect(ticketPuts(ticketId).map((w) => w.status)).toEqual([409, 200]);
    const ticket = await world.deps.zendesk.getTicket(ticketId);
    expect(ticket.tags).toEqual(
      expect.arrayContaining(['vip', 'agent_edit_1', 'ces_survey_ready', 'ces_survey_sent']),
    );
  });

  it('write-back keeps the agent’s tag too, and writes its one note once', async () => {
    const { surveyId, ticketId } = await newSurvey();
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('published');
    await saveAnswer(getDb(), surveyId, { score: 2, locale: 'es' }, { quietPeriodSeconds: 0 });
    // The agent tags the ticket after the publish: what the service last saw of it is stale.
    await agentTags(ticketId, (await world.deps.zendesk.getTicket(ticketId)).tags, 'agent_edit_0');
    const before = ticketPuts(ticketId).length;
    const reads = world.zd.sandbox.requests.filter((r) => r.method === 'GET').length;

    const racing = withAgentEditAfterRead(1);
    expect(await writeBackAnswer(racing.deps, { surveyId })).toBe('written');

    // Against the publish's answer (409: stale), against a read (409: the agent again), then 200.
    expect(
      ticketPuts(ticketId)
        .slice(before)
        .map((w) => w.status),
    ).toEqual([409, 409, 200]);
    expect(world.zd.sandbox.requests.filter((r) => r.method === 'GET').length - reads).toBe(2);
    const ticket = await world.deps.zendesk.getTicket(ticketId);
    expect(ticket.tags).toEqual(
      expect.arrayContaining([
        'vip',
        'agent_edit_0',
        'agent_edit_1',
        'ces_score_2',
        'ces_high_effort',
      ]),
    );
    const notes = (await world.deps.zendesk.listTicketComments(ticketId)).filter((c) => !c.public);
    expect(notes).toHaveLength(1);
  });

  it('gives up after a bounded number of collisions, writing nothing, for the outbox to retry', async () => {
    const { surveyId, ticketId } = await newSurvey();
    const racing = withAgentEditAfterRead(Number.POSITIVE_INFINITY);
    await expect(publishSurveyLink(racing.deps, { surveyId })).rejects.toBeInstanceOf(
      TicketUpdateConflictError,
    );
    expect(ticketPuts(ticketId).map((w) => w.status)).toEqual(
      Array.from({ length: SAFE_UPDATE_ATTEMPTS }, () => 409),
    );
    const ticket = await world.deps.zendesk.getTicket(ticketId);
    expect(ticket.tags).not.toContain('ces_survey_ready');
    expect(ticket.tags).toContain(`agent_edit_${SAFE_UPDATE_ATTEMPTS}`);
  });
});
