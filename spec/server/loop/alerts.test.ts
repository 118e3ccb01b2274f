/**
 * High-effort alerts over HTTP: setup's alert trigger emails the ticket's group in the sandbox,
 * and the outbox posts the chat message to a local incoming webhook that can fail or hang.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';

/** A chat incoming webhook: answers per the next scripted reply, records what it accepted. */
class ChatEndpoint {
  received: Array<{ text: string }> = [];
  attempts = 0;
  /** Replies for the next requests, in order; then 'ok'. */
  script: Array<'fail' | 'hang' | 'ok'> = [];
  url = '';
  private server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      this.attempts += 1;
      const reply = this.script.shift() ?? 'ok';
      if (reply === 'hang') return; // never answers: the service must time out
      if (reply === 'fail') {
        res.writeHead(500).end('boom');
        return;
      }
      this.received.push(JSON.parse(raw) as { text: string });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describeEachDatabase('high-effort alerts', (getDb) => {
  let world: LoopWorld;
  let chat: ChatEndpoint;
  let memberId = 0;
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
    chat = new ChatEndpoint();
    await chat.start();
    const seeded = await world.control<{ users: Array<{ id: number }> }>(
      'POST',
      '/__sandbox/seed',
      {
        users: [
          {
            name: 'Gerda Group',
            email: 'gerda@sandbox.local',
            role: 'agent',
            group_ids: [world.groupId],
          },
        ],
      },
    );
    memberId = seeded.users[0]!.id;
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), {
      ...settings,
      alerts: { ...settings.alerts, chatWebhookUrl: chat.url, chatFormat: 'slack' },
    });
    world.worker({ chatTimeoutMs: 300 }).start();
  });
  afterAll(async () => {
    await world.close();
    await chat.close();
  });

  async function chatJob(surveyId: number) {
    const { rows } = await getDb().query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM outbox_jobs
        WHERE kind = 'send_chat_alert' AND dedupe_key = $1 ORDER BY id DESC LIMIT 1`,
      [`chat-alert:${surveyId}`],
    );
    return rows[0] ?? null;
  }

  async function groupEmails(ticketId: number) {
    return (await world.emails(ticketId)).filter((e) => e.to.user_id === memberId);
  }

  it('a difficult answer: one group email and one chat message, with score, reason, comment and link; a changed score updates', async () => {
    const ticketId = await world.openTicket('Difficult');
    const links = await world.solveAndAwaitEmail(ticketId);
    const before = chat.received.length;
    await world.answer(links[1]!, {
      driver: 'took_too_long',
      comment: 'Three <b>calls</b> & a week',
    });
    await world.awaitWriteback(ticketId);
    const survey = (await world.surveyOf(ticketId))!;

    const [email] = await waitFor('the group alert email', async () => {
      const emails = await groupEmails(ticketId);
      return emails.length > 0 && emails;
    });
    expect(email!.subject).toBe(`High effort answer on ticket #${ticketId}`);
    expect(email!.body).toContain('Score: 2');
    expect(email!.body).toContain('Reason: It took too long');
    // The plain-text part, as the agent's mail app shows it: the customer's words as text.
    expect(email!.body).toMatch(/Comment: Three (<b>)?calls(<\/b>)? & a week/);
    expect(email!.body).toContain(`agent/tickets/${ticketId}`);

    await waitFor('the chat alert', async () => (await chatJob(survey.id))?.status === 'done');
    expect(chat.received.slice(before)).toHaveLength(1);
    const text = chat.received.at(-1)!.text;
    expect(text).toContain(`#${ticketId}`);
    expect(text).toContain('Score: 2/7');
    expect(text).toContain('Three &lt;b&gt;calls&lt;/b&gt; &amp; a week');
    expect(text).toContain(`${world.config.zendesk.apiUrl}/agent/tickets/${ticketId}`);

    // A new comment only: the same answer, no second alert anywhere.
    await world.answer(links[1]!, { driver: 'took_too_long', comment: 'Still waiting' });
    await world.awaitWriteback(ticketId);
    await waitFor(
      'the chat job to settle',
      async () => (await chatJob(survey.id))?.status === 'done',
    );
    expect(chat.received.slice(before)).toHaveLength(1);

    // A changed score: an update that says so, not the alert again.
    await world.answer(links[0]!, null, 1);
    await waitFor('the update message', async () => chat.received.length === before + 2);
    expect(chat.received.at(-1)!.text).toContain('changed the score from 2 to 1');
    expect(await groupEmails(ticketId)).toHaveLength(1);
  });

  it('an easy answer alerts no one', async () => {
    const ticketId = await world.openTicket('Easy');
    const links = await world.solveAndAwaitEmail(ticketId);
    const before = chat.received.length;
    await world.answer(links[6]!, null);
    await world.awaitWriteback(ticketId);
    const survey = (await world.surveyOf(ticketId))!;
    await waitFor(
      'the chat job to settle',
      async () => (await chatJob(survey.id))?.status === 'done',
    );
    expect(chat.received.length).toBe(before);
    expect(await groupEmails(ticketId)).toEqual([]);
  });

  it('a failing, then hanging chat endpoint is retried, and the write-back never waits for it', async () => {
    chat.script = ['fail', 'hang', 'fail'];
    const attemptsBefore = chat.attempts;
    const ticketId = await world.openTicket('Chat down');
    const links = await world.solveAndAwaitEmail(ticketId);
    const before = chat.received.length;
    await world.answer(links[0]!, { driver: 'transferred' });
    // The answer reaches the ticket while the chat endpoint is still failing.
    await world.awaitWriteback(ticketId);
    expect(String(world.field(await world.ticket(ticketId), world.fields.score))).toBe('1');
    const survey = (await world.surveyOf(ticketId))!;
    await waitFor(
      'the chat alert after retries',
      async () => chat.received.length === before + 1,
      20_000,
    );
    expect(chat.attempts - attemptsBefore).toBe(4);
    const job = await waitFor('the chat job recorded done', async () => {
      const found = await chatJob(survey.id);
      return found?.status === 'done' && found;
    });
    expect(job).toEqual({ status: 'done', attempts: 4 });
    const { rows } = await getDb().query<{ last_error: string | null }>(
      `SELECT last_error FROM outbox_jobs WHERE kind = 'send_chat_alert' AND dedupe_key = $1`,
      [`chat-alert:${survey.id}`],
    );
    // Errors name what happened, never the address (a credential).
    expect(rows.map((r) => r.last_error).join(' ')).not.toContain(chat.url);
  });
});
