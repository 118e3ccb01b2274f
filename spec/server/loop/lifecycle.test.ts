/**
 * One live survey per ticket, over HTTP: the sandbox Zendesk runs its triggers and emails, the
 * service takes the webhook, the worker publishes and writes back, the customer posts the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  AgentSummaryResponse,
  ReportAnswersResponse,
  ReportResponse,
  RequesterHistoryResponse,
  SendSurveyResponse,
  TicketSurveyResponse,
} from '../../../src/shared/api-types.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { appSessionToken } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';
import { csvBlocks } from '../../support/csv';

const nl = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../translations/nl.json'), 'utf8'),
) as { errors: { supersededTitle: string } };

describeEachDatabase('one live survey per ticket, over HTTP', (getDb) => {
  let world: LoopWorld;
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
    world.worker().start();
  });
  afterAll(async () => {
    await world.close();
  });

  /** The service API as the app calls it, with a fresh app token. */
  async function api<T>(method: string, url: string, body?: unknown) {
    const res = await fetch(`${world.config.publicUrl}/api/v1${url}`, {
      method,
      headers: {
        authorization: `Bearer ${await appSessionToken(world.config)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function setResurvey(policy: 'never' | 'always') {
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), {
      ...settings,
      rules: { ...settings.rules, resurveyAnswered: policy },
    });
  }

  /** A ticket of its own agent, so the report's figures for that agent are this ticket's alone. */
  async function ticketOfNewAgent(subject: string): Promise<{ ticketId: number; agentId: number }> {
    const seeded = await world.control<{ users: Array<{ id: number }> }>(
      'POST',
      '/__sandbox/seed',
      {
        users: [
          { name: `Agent for ${subject}`, email: `${Date.now()}@agents.local`, role: 'agent' },
        ],
      },
    );
    const agentId = seeded.users[0]!.id;
    const ticket = await world.client.createTicket({
      subject,
      comment: { body: 'Where is my parcel?' },
      requester_id: world.requesterId,
      assignee_id: agentId,
      group_id: world.groupId,
    });
    return { ticketId: ticket.id, agentId };
  }

  async function reopenAndSolve(ticketId: number) {
    // Zendesk's times have whole seconds, and a solve is known by its ticket and time: a second
    // solve within the first one's second would be the same solve delivered again.
    const { updated_at: solvedAt } = await world.ticket(ticketId);
    await waitFor('the next second', () => Date.now() >= Date.parse(solvedAt) + 1000);
    await world.control('POST', `/__sandbox/tickets/${ticketId}`, {
      ticket: { status: 'open' },
      actor_id: world.agentId,
    });
    await world.solve(ticketId);
  }

  /** Every job due so far has run: nothing more reaches Zendesk now (reminders wait for their day). */
  async function settled() {
    await world.control('POST', '/__sandbox/flush');
    await waitFor('the outbox to drain', async () => {
      const { rows } = await getDb().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_jobs
          WHERE status = 'running' OR (status = 'queued' AND run_at <= now())`,
      );
      return rows[0]!.n === 0;
    });
    await world.control('POST', '/__sandbox/flush');
  }

  async function ticketState(ticketId: number) {
    return (await api<TicketSurveyResponse>('GET', `/tickets/${ticketId}`)).body;
  }

  async function awaitSkip(ticketId: number, reason: string) {
    return waitFor(`skip ${reason} on ticket ${ticketId}`, async () => {
      const state = await ticketState(ticketId);
      return state.skip?.reason === reason && state;
    });
  }

  async function emailLinks(ticketId: number, count: number): Promise<string[][]> {
    const emails = await waitFor(`${count} survey emails on ticket ${ticketId}`, async () => {
      const all = await world.emails(ticketId);
      return all.length >= count && all;
    });
    return emails.map((e) => world.links(e));
  }

  /** What the customer's browser gets for a link, and what a form post of a score does. */
  async function open(link: string) {
    const res = await fetch(link);
    return { status: res.status, html: await res.text() };
  }
  async function postScore(link: string, score: number) {
    const url = new URL(link);
    const res = await fetch(`${url.origin}${url.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ step: 'score', score: String(score) }).toString(),
      redirect: 'manual',
    });
    return { status: res.status, html: await res.text() };
  }

  async function answersOf(ticketId: number) {
    const { rows } = await getDb().query<{ survey_id: number; score: number; status: string }>(
      `SELECT a.survey_id, a.score, s.status FROM answers a JOIN surveys s ON s.id = a.survey_id
        WHERE s.ticket_id = $1 ORDER BY s.id`,
      [ticketId],
    );
    return rows.map((r) => ({ ...r, survey_id: Number(r.survey_id), score: Number(r.score) }));
  }

  /** The figures every screen counts for one agent: the report row, its answers, the summary. */
  async function countedFor(agentId: number, ticketId: number) {
    const report = (await api<ReportResponse>('GET', '/report')).body;
    const row = report.agents.find((a) => a.agentId === agentId);
    const answers = (await api<ReportAnswersResponse>('GET', `/report/answers?agentId=${agentId}`))
      .body;
    const summary = (await api<AgentSummaryResponse>('GET', `/agents/${agentId}/summary?days=30`))
      .body;
    const history = (
      await api<RequesterHistoryResponse>('GET', `/requesters/${world.requesterId}?limit=100`)
    ).body;
    const csv = await fetch(`${world.config.publicUrl}/api/v1/report.csv`, {
      headers: { authorization: `Bearer ${await appSessionToken(world.config)}` },
    }).then((r) => r.text());
    // Names may hold commas: read it as CSV, not by splitting lines.
    const [header, ...lines] = csvBlocks(csv)[1]!;
    const csvRow = lines.find(
      (l) => l[0] === 'agent' && l[header!.indexOf('id')] === String(agentId),
    );
    return {
      report: row ? { n: row.metrics.n, sent: row.metrics.sent, mean: row.metrics.mean } : null,
      csv: csvRow ? Number(csvRow[header!.indexOf('answers')]) : null,
      answers: answers.items.map((a) => a.score),
      summary: summary.periods[0]!.metrics.n,
      history: history.items.filter((i) => i.ticketId === ticketId).map((i) => i.answer.score),
    };
  }

  it('send now, then solve: one email, one live link', async () => {
    const ticketId = await world.openTicket('Sent by hand first');
    const sent = await api<SendSurveyResponse>('POST', `/tickets/${ticketId}/survey`, {});
    expect(sent.status).toBe(201);
    const [links] = await emailLinks(ticketId, 1);

    await world.solve(ticketId);
    await awaitSkip(ticketId, 'survey_open');
    await settled();

    expect(await world.emails(ticketId)).toHaveLength(1);
    const { rows } = await getDb().query<{ status: string }>(
      'SELECT status FROM surveys WHERE ticket_id = $1',
      [ticketId],
    );
    expect(rows.map((r) => r.status)).toEqual(['sent']);
    expect((await open(links![4]!)).status).toBe(200);
  });

  it('solved again before an answer: the first link is replaced (410) and records nothing', async () => {
    const ticketId = await world.openTicket('Reopened before the answer');
    await world.solve(ticketId);
    const [first] = await emailLinks(ticketId, 1);
    await reopenAndSolve(ticketId);
    const [, second] = await emailLinks(ticketId, 2);
    expect(second![0]).not.toBe(first![0]);

    const page = await open(first![2]!);
    expect(page.status).toBe(410);
    expect(page.html).toContain(nl.errors.supersededTitle);
    expect((await postScore(first![2]!, 3)).status).toBe(410);
    expect(await answersOf(ticketId)).toEqual([]);

    await world.answer(second![5]!, null);
    await world.awaitWriteback(ticketId);
    expect(await answersOf(ticketId)).toEqual([
      { survey_id: (await world.surveyOf(ticketId))!.id, score: 6, status: 'answered' },
    ]);
    expect(String(world.field(await world.ticket(ticketId), world.fields.score))).toBe('6');
  });

  it("solved again after an answer, policy 'never': skipped as already answered, counted once", async () => {
    await setResurvey('never');
    const { ticketId, agentId } = await ticketOfNewAgent('Answered, then reopened');
    await world.solve(ticketId);
    const [links] = await emailLinks(ticketId, 1);
    await world.answer(links![1]!, { driver: 'took_too_long' });
    await world.awaitWriteback(ticketId);

    await reopenAndSolve(ticketId);
    const state = await awaitSkip(ticketId, 'already_answered');
    await settled();
    expect(await world.emails(ticketId)).toHaveLength(1);
    expect(state.survey?.answer?.score).toBe(2);
    expect(await countedFor(agentId, ticketId)).toEqual({
      report: { n: 1, sent: 1, mean: 2 },
      csv: 1,
      answers: [2],
      summary: 1,
      history: [2],
    });
    // The link the customer has still shows and takes their answer: it is the ticket's live one.
    expect((await open(links![1]!)).status).toBe(200);
  });

  it("solved again after an answer, policy 'always': a new survey, and only its answer counts", async () => {
    await setResurvey('always');
    try {
      const { ticketId, agentId } = await ticketOfNewAgent('Answered, reopened, asked again');
      await world.solve(ticketId);
      const [first] = await emailLinks(ticketId, 1);
      await world.answer(first![1]!, { driver: 'transferred' });
      await world.awaitWriteback(ticketId);

      await reopenAndSolve(ticketId);
      const [, second] = await emailLinks(ticketId, 2);

      // The old link is closed: it shows the replaced page and a post records nothing.
      const oldPage = await open(first![1]!);
      expect(oldPage.status).toBe(410);
      expect(oldPage.html).toContain(nl.errors.supersededTitle);
      expect((await postScore(first![0]!, 1)).status).toBe(410);
      // Until the new survey is answered, the old answer is the ticket's, in the app and in Zendesk.
      const before = await ticketState(ticketId);
      expect(before.survey?.answer).toBeNull();
      expect(before.earlier.map((s) => [s.status, s.answer?.score])).toEqual([['answered', 2]]);
      expect(String(world.field(await world.ticket(ticketId), world.fields.score))).toBe('2');

      await world.answer(second![5]!, { driver: 'took_too_long' });
      await waitFor('the new answer written back', async () => {
        const ticket = await world.ticket(ticketId);
        const state = await ticketState(ticketId);
        return (
          state.survey?.writeback.status === 'done' &&
          String(world.field(ticket, world.fields.score)) === '6'
        );
      });
      await settled();

      const after = await ticketState(ticketId);
      expect(after.survey?.answer?.score).toBe(6);
      expect(after.earlier.map((s) => [s.status, s.answer?.score])).toEqual([['replaced', 2]]);
      expect(await answersOf(ticketId)).toEqual([
        expect.objectContaining({ score: 2, status: 'replaced' }),
        expect.objectContaining({ score: 6, status: 'answered' }),
      ]);
      expect(await countedFor(agentId, ticketId)).toEqual({
        report: { n: 1, sent: 1, mean: 6 },
        csv: 1,
        answers: [6],
        summary: 1,
        history: [6],
      });
      // The Zendesk field shows the answer the app counts.
      const ticket = await world.ticket(ticketId);
      expect(String(world.field(ticket, world.fields.score))).toBe(
        String(after.survey?.answer?.score),
      );
      expect(ticket.tags.filter((t) => t.startsWith('ces_score_'))).toEqual(['ces_score_6']);
    } finally {
      await setResurvey('never');
    }
  });

  it('send now on a closed ticket: 409 ticket_closed, nothing sent', async () => {
    const ticketId = await world.openTicket('Closed before anyone asked');
    await world.closeTicket(ticketId);
    const res = await api<SendSurveyResponse>('POST', `/tickets/${ticketId}/survey`, {});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ outcome: 'skipped', skip: { reason: 'ticket_closed' } });
    await settled();
    expect(await world.emails(ticketId)).toHaveLength(0);
    expect(await world.surveyOf(ticketId)).toBeNull();
  });

  it("send now credits the ticket's assignee in Zendesk, not the ids in the body", async () => {
    const { ticketId, agentId } = await ticketOfNewAgent('Credit from Zendesk');
    const res = await api<SendSurveyResponse>('POST', `/tickets/${ticketId}/survey`, {
      requesterId: world.requesterId,
      requesterLocale: 'en',
      assigneeId: world.agentId,
      groupId: 999,
      brandId: 999,
    });
    expect(res.status).toBe(201);
    if (res.body.outcome !== 'created') throw new Error('expected a survey');
    expect(res.body.survey).toMatchObject({
      assigneeId: agentId,
      groupId: world.groupId,
      requesterLocale: 'nl',
    });
    const [links] = await emailLinks(ticketId, 1);
    await world.answer(links![6]!, null);
    await world.awaitWriteback(ticketId);
    expect((await countedFor(agentId, ticketId)).report).toMatchObject({ n: 1, mean: 7 });
  });
});
