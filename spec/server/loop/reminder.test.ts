/**
 * One reminder, over HTTP with a fake clock (spec/support/clock.ts): the outbox keeps the due
 * moment, the service tags the ticket, the sandbox's copy of setup's reminder trigger emails it.
 */
import type { Database } from '../../../src/server/db/database.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { eraseRequesterData } from '../../../src/server/privacy/erasure.js';
import type { ReportResponse } from '../../../src/shared/api-types.js';
import { appSessionToken } from '../../support/app-session.js';
import { advanceDays } from '../../support/clock.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';

const REMINDER_DAYS = 3;

async function reminderJobs(db: Database): Promise<Array<{ status: string; due: boolean }>> {
  const { rows } = await db.query<{ status: string; due: boolean }>(
    `SELECT status, run_at <= now() AS due FROM outbox_jobs WHERE kind = 'send_reminder'`,
  );
  return rows;
}

/** Every reminder job has run (none waits, none is running): the world has settled. */
async function remindersSettled(db: Database): Promise<void> {
  await waitFor('every due reminder job to run', async () => {
    const jobs = await reminderJobs(db);
    return jobs.every((j) => j.status === 'done' || (j.status === 'queued' && !j.due));
  });
}

async function remindedAt(db: Database, ticketId: number): Promise<Array<string | null>> {
  const { rows } = await db.query<{ reminded_at: Date | string | null }>(
    'SELECT reminded_at FROM surveys WHERE ticket_id = $1 ORDER BY id',
    [ticketId],
  );
  return rows.map((r) => (r.reminded_at === null ? null : new Date(r.reminded_at).toISOString()));
}

describeEachDatabase('one reminder to customers who did not answer', (getDb) => {
  let world: LoopWorld;
  let otherGroupId = 0;
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
    const settings = await getSettings(getDb());
    const seeded = await world.control<{ groups: Array<{ id: number }> }>(
      'POST',
      '/__sandbox/seed',
      { groups: [{ name: 'Excluded' }] },
    );
    otherGroupId = seeded.groups[0]!.id;
    await saveSettings(getDb(), {
      ...settings,
      reminder: { enabled: true, afterDays: REMINDER_DAYS },
      rules: { ...settings.rules, excludedGroupIds: [otherGroupId] },
    });
  });
  afterAll(async () => {
    await world.close();
  });

  it('goes once, on day N, to non-responders only, in their language, with the same links', async () => {
    const worker = world.worker();
    worker.start();
    const silent = await world.openTicket('No answer');
    const answered = await world.openTicket('Answered');
    const superseded = await world.openTicket('Solved twice');
    const closed = await world.openTicket('Closed in Zendesk');
    const excluded = await world.client.createTicket({
      subject: 'Excluded group',
      comment: { body: 'Hello' },
      requester_id: world.requesterId,
      assignee_id: world.agentId,
      group_id: otherGroupId,
    });

    const silentLinks = await world.solveAndAwaitEmail(silent);
    const answeredLinks = await world.solveAndAwaitEmail(answered);
    await world.solveAndAwaitEmail(superseded);
    await world.control('POST', `/__sandbox/tickets/${superseded}`, {
      ticket: { status: 'open' },
      actor_id: world.agentId,
    });
    await world.solve(superseded);
    await waitFor('the second survey email', async () => (await world.emails(superseded))[1]);
    await world.solveAndAwaitEmail(closed);
    await world.closeTicket(closed);
    await world.solve(excluded.id);
    await waitFor('the excluded-group skip', async () => {
      const { rows } = await getDb().query(`SELECT 1 FROM skips WHERE ticket_id = $1`, [
        excluded.id,
      ]);
      return rows.length > 0;
    });
    await world.answer(answeredLinks[1]!, { driver: 'took_too_long' });
    await world.awaitWriteback(answered);

    // Day N - 1: every reminder still waits for its day.
    await advanceDays(getDb(), REMINDER_DAYS - 1);
    await remindersSettled(getDb());
    // One each for the silent, both surveys of the twice-solved and the closed ticket; the answer
    // cancelled its own.
    expect((await reminderJobs(getDb())).filter((j) => j.status === 'queued')).toHaveLength(4);
    expect(await world.emails(silent)).toHaveLength(1);

    // Day N: the one reminder goes out, where it should.
    await advanceDays(getDb(), 1);
    worker.wake();
    const reminder = await waitFor(
      'the reminder email',
      async () => (await world.emails(silent))[1],
    );
    await remindersSettled(getDb());
    expect(reminder.subject).toMatch(/^Herinnering: /);
    expect(reminder.body).toContain('Een paar dagen geleden');
    expect(world.links(reminder)).toEqual(silentLinks);
    expect(await world.emails(answered)).toHaveLength(1);
    expect(await world.emails(closed)).toHaveLength(1);
    expect(await world.emails(excluded.id)).toHaveLength(0);
    // The superseded survey gets none; the ticket's live survey gets its own one.
    const supersededEmails = await waitFor('the live survey reminder', async () => {
      const emails = await world.emails(superseded);
      return emails.length === 3 && emails;
    });
    expect(supersededEmails[2]!.subject).toMatch(/^Herinnering: /);
    expect((await remindedAt(getDb(), superseded)).map((r) => r !== null)).toEqual([false, true]);
    expect((await remindedAt(getDb(), answered))[0]).toBeNull();
    expect((await remindedAt(getDb(), closed))[0]).toBeNull();
    expect((await world.ticket(silent)).tags).toEqual(
      expect.arrayContaining(['ces_reminder_due', 'ces_reminder_sent']),
    );

    // Never twice: days later, nothing more waits and nothing more is sent.
    await advanceDays(getDb(), 10);
    worker.wake();
    await remindersSettled(getDb());
    expect((await reminderJobs(getDb())).filter((j) => j.status !== 'done')).toEqual([]);
    expect(await world.emails(silent)).toHaveLength(2);
    expect(await world.emails(superseded)).toHaveLength(3);
    await worker.stop();
  });

  it('survives a restart: a reminder scheduled before the stop goes out after it', async () => {
    const before = world.worker();
    before.start();
    const ticketId = await world.openTicket('Reminded across a restart');
    await world.solveAndAwaitEmail(ticketId);
    await before.stop();

    await advanceDays(getDb(), REMINDER_DAYS);
    const after = world.worker();
    after.start();
    const reminder = await waitFor('the reminder after the restart', async () => {
      return (await world.emails(ticketId))[1];
    });
    expect(reminder.subject).toMatch(/^Herinnering: /);
    await remindersSettled(getDb());
    expect(await world.emails(ticketId)).toHaveLength(2);
    await after.stop();
  });

  it('counts the answer that came after the reminder in the report, with both response rates', async () => {
    const report = async () => {
      const res = await fetch(`${world.config.publicUrl}/api/v1/report`, {
        headers: { authorization: `Bearer ${await appSessionToken(world.config)}` },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as ReportResponse).reminders;
    };
    const worker = world.worker();
    worker.start();
    try {
      const ticketId = await world.openTicket('Answered after the reminder');
      const links = await world.solveAndAwaitEmail(ticketId);
      await advanceDays(getDb(), REMINDER_DAYS);
      worker.wake();
      await waitFor('the reminder', async () => (await world.emails(ticketId))[1]);
      await remindersSettled(getDb());
      const before = await report();

      await world.answer(links[6]!, null);
      await world.awaitWriteback(ticketId);
      const after = await report();
      expect(after.sent).toBe(before.sent);
      expect(after.reminded).toBe(before.reminded);
      expect(after.answersAfterReminder).toBe(before.answersAfterReminder + 1);
      expect(after.rateWith).toBeCloseTo(before.rateWith! + 1 / after.sent, 10);
      expect(after.rateWithout).toBeCloseTo(before.rateWithout!, 10);
      // Every answer so far in this world: one before any reminder, one after (this one).
      expect(after.answersAfterReminder).toBe(1);
      expect(after.rateWithout).toBeCloseTo(1 / after.sent, 10);
    } finally {
      await worker.stop();
    }
  });

  it('sends none while reminders are switched off', async () => {
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), {
      ...settings,
      reminder: { ...settings.reminder, enabled: false },
    });
    const worker = world.worker();
    worker.start();
    try {
      const ticketId = await world.openTicket('Reminders off');
      await world.solveAndAwaitEmail(ticketId);
      const survey = await waitFor('the survey sent', async () => {
        const s = await world.surveyOf(ticketId);
        return s?.status === 'sent' && s;
      });
      await advanceDays(getDb(), REMINDER_DAYS + 1);
      await remindersSettled(getDb());
      const { rows } = await getDb().query(
        `SELECT 1 FROM outbox_jobs WHERE kind = 'send_reminder' AND payload->>'surveyId' = $1`,
        [String(survey.id)],
      );
      expect(rows).toEqual([]);
      expect(await world.emails(ticketId)).toHaveLength(1);
    } finally {
      await worker.stop();
      await saveSettings(getDb(), settings);
    }
  });

  it('sends none to a requester whose data was erased before the day', async () => {
    const worker = world.worker();
    worker.start();
    try {
      const ticketId = await world.openTicket('Erased before the reminder');
      await world.solveAndAwaitEmail(ticketId);
      const { rows } = await waitFor('the survey sent', async () => {
        const found = await getDb().query<{ requester_id: string | number }>(
          `SELECT requester_id FROM surveys WHERE ticket_id = $1 AND status = 'sent'`,
          [ticketId],
        );
        return found.rows.length > 0 && found;
      });
      await eraseRequesterData(getDb(), Number(rows[0]!.requester_id), {
        source: 'admin',
        userId: 1,
        userName: 'Admin',
      });
      await advanceDays(getDb(), REMINDER_DAYS + 1);
      worker.wake();
      await remindersSettled(getDb());
      expect(await world.emails(ticketId)).toHaveLength(1);
      const { rows: reminded } = await getDb().query(
        `SELECT 1 FROM surveys WHERE ticket_id = $1 AND reminded_at IS NOT NULL`,
        [ticketId],
      );
      expect(reminded).toEqual([]);
    } finally {
      await worker.stop();
    }
  });
});
