import type { BrowserContext, Request } from 'playwright-core';
import en from '../../translations/en.json';
import type { EmailRecord } from '../../src/sandbox/zendesk/records';
import { e2eForSuite, waitFor } from './support/environment';

/** Every survey link in an email, as a scanner reads them (entities decoded). */
function surveyLinks(email: EmailRecord): string[] {
  return [...email.body.matchAll(/https?:\/\/[^\s"'<>]+\/s\/[^\s"'<>]+/g)].map((m) =>
    m[0].replace(/&amp;/g, '&'),
  );
}

function scoreOf(link: string): string | null {
  return new URL(link).searchParams.get('score');
}

/**
 * Safe Links and similar scanners open email links in a real browser and run the page's script,
 * with nobody at the keyboard. Such a visit must record nothing; a person's one press records.
 */
describe('e2e: a browser that runs the page without a person records nothing', () => {
  const e2e = e2eForSuite({ database: 'postgres' });

  async function answerCount(surveyId: number): Promise<number> {
    const { rows } = await e2e().demo.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM answers WHERE survey_id = $1',
      [surveyId],
    );
    return rows[0]?.n ?? -1;
  }

  it('opening one link, then every link, with script on and no input: no answer, no POST', async () => {
    const ticket = e2e().openTicket({
      subject: 'Parcel never arrived',
      requester: e2e().team.english,
    });
    e2e().demo.sandbox.store.tickets.update(ticket.id, { status: 'solved' });
    const email = await e2e().surveyEmail(ticket.id);
    const survey = await waitFor('the survey marked sent', async () => {
      const row = await e2e().surveyRow(ticket.id);
      return row?.status === 'sent' ? row : undefined;
    });
    const links = surveyLinks(email);
    expect(links.length).toBeGreaterThanOrEqual(7);

    const scanner: BrowserContext = await e2e().newContext();
    // The page's own clock: every timer it sets is run below, however long its delay.
    await scanner.clock.install();
    const posts: string[] = [];
    scanner.on('request', (request: Request) => {
      if (request.method() !== 'GET') posts.push(`${request.method()} ${request.url()}`);
    });
    // One link first (a scanner checking the link the person clicked), then all of them.
    for (const link of [links[0]!, ...links]) {
      const page = await scanner.newPage();
      await page.goto(link, { waitUntil: 'load' });
      await page.getByRole('button', { name: en.survey.submit }).waitFor();
      await page.clock.runFor(10 * 60_000);
      await page.waitForLoadState('networkidle');
      // Still the question page: nothing navigated it away.
      expect(new URL(page.url()).search).toBe(new URL(link).search);
    }
    await scanner.close();

    expect(posts).toEqual([]);
    expect(await answerCount(survey.id)).toBe(0);
    expect(await e2e().surveyRow(ticket.id)).toMatchObject({ status: 'sent', score: null });
    const tags = e2e().demo.sandbox.store.tickets.get(ticket.id).tags;
    expect(tags.filter((tag) => tag.startsWith('ces_score_'))).toEqual([]);

    // The person: opens the link for 2 and presses the one button.
    const person = await e2e().newPage({ width: 390, height: 844 });
    const link = links.find((l) => scoreOf(l) === '2');
    expect(link).toBeDefined();
    await person.goto(link!);
    expect(await person.getByRole('radio', { name: /^2/ }).isChecked()).toBe(true);
    await person.getByRole('button', { name: en.survey.submit }).click();
    await person.getByRole('heading', { name: en.survey.thanksHeading }).waitFor();
    await person.close();
    expect(await e2e().surveyRow(ticket.id)).toMatchObject({ status: 'answered', score: 2 });
    expect(await answerCount(survey.id)).toBe(1);
    await waitFor('the answer on the ticket', () =>
      e2e().demo.sandbox.store.tickets.get(ticket.id).tags.includes('ces_score_2'),
    );
  }, 120_000);
});
