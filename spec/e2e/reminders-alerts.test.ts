import en from '../../translations/en.json';
import nl from '../../translations/nl.json';
import { advanceDays } from '../support/clock';
import { startE2e, waitFor, type E2e } from './support/environment';

const REMINDER_DAYS = 3;
const COMMENT = 'Three transfers before anyone helped.';

/**
 * The follow-up of issue 14 as the demo shows it: the one reminder in the sandbox's email outbox
 * after the clock moves past its day (spec/support/clock.ts), and the chat alert of a difficult
 * answer on the sandbox's chat receiver page.
 */
describe('e2e: one reminder and a high-effort alert', () => {
  let e2e: E2e;

  beforeAll(async () => {
    e2e = await startE2e({
      database: 'postgres',
      settings: { reminder: { enabled: true, afterDays: REMINDER_DAYS } },
    });
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('reminds a silent customer in their language, and posts the alert of their difficult answer', async () => {
    const { store } = e2e.demo.sandbox;
    const ticket = e2e.openTicket({ subject: 'Factuur klopt niet', requester: e2e.team.dutch });
    const page = await e2e.newPage();
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Submit as Solved' }).click();
    await page.getByText('Ticket solved').waitFor();

    // The survey email, in the sandbox's outbox.
    const survey = await e2e.surveyEmail(ticket.id);
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/outbox?ticket=${ticket.id}`);
    const emails = page.locator(`article[data-ticket-id="${ticket.id}"]`);
    await emails.first().waitFor();
    expect(await emails.count()).toBe(1);
    await waitFor('the survey marked sent', async () => {
      return (await e2e.surveyRow(ticket.id))?.status === 'sent';
    });

    // The day before the reminder's day: nothing more is sent.
    await advanceDays(e2e.demo.db, REMINDER_DAYS - 1);
    await waitFor('the reminder job to wait for its day', async () => {
      const { rows } = await e2e.demo.db.query<{ status: string; due: boolean }>(
        `SELECT status, run_at <= now() AS due FROM outbox_jobs WHERE kind = 'send_reminder'`,
      );
      return rows.length === 1 && rows[0]!.status === 'queued' && !rows[0]!.due;
    });
    expect(store.emails.list({ ticketId: ticket.id })).toHaveLength(1);

    // Past its day: the worker tags the ticket, the reminder trigger emails the customer.
    await advanceDays(e2e.demo.db, 1);
    const reminder = await waitFor('the reminder email', () => {
      return store.emails.list({ ticketId: ticket.id }).find((e) => e.id !== survey.id);
    });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/outbox?ticket=${ticket.id}`);
    await emails.nth(1).waitFor();
    expect(await emails.count()).toBe(2);
    const shown = emails.filter({ hasText: nl.email.reminderSubject });
    expect(await shown.count()).toBe(1);
    const html = shown.frameLocator('iframe.email-html');
    await html.getByText(nl.email.reminderIntro).waitFor();
    expect(reminder.to.locale).toBe('nl');
    expect(reminder.body).not.toContain(en.email.reminderIntro);

    // The customer answers the reminder with a difficult score, a reason and a comment.
    await page.goto(e2e.linkFor(reminder, 2));
    await page.getByRole('button', { name: nl.survey.submit }).click();
    await page.getByRole('heading', { name: nl.survey.thanksHeading }).waitFor();
    await page.getByRole('radio', { name: nl.drivers.transferred }).check();
    await page.getByLabel(nl.survey.commentLabel).fill(COMMENT);
    await page.getByRole('button', { name: nl.survey.sendFollowup }).click();
    await page.getByRole('heading', { name: nl.survey.savedHeading }).waitFor();

    // After the quiet period: the alert on the chat receiver page, with score and reason.
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/chat`);
    const alert = page.locator('article.chat-message').filter({ hasText: `#${ticket.id}` });
    await waitFor('the chat alert on the receiver page', async () => {
      if ((await alert.count()) > 0) return true;
      await page.reload();
      return false;
    });
    const text = await alert.innerText();
    expect(text).toContain(`${en.alert.subject} #${ticket.id}`);
    expect(text).toContain(`${en.alert.score}: 2/7`);
    expect(text).toContain(`${en.alert.reason}: ${en.drivers.transferred}`);
    expect(text).toContain(`${en.alert.comment}: ${COMMENT}`);
    expect(await alert.count()).toBe(1);
    await page.close();
  }, 120_000);
});
