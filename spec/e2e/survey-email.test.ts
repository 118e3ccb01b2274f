import path from 'node:path';
import nl from '../../translations/nl.json';
import en from '../../translations/en.json';
import { e2eForSuite, waitFor } from './support/environment';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

/** The survey email as customers get it: scanner-safe links, in the customer's language. */
describe('e2e: the survey email', () => {
  const e2e = e2eForSuite({ database: 'postgres' });

  it('arrives when an agent solves the ticket in the workspace, one link per scale point', async () => {
    const ticket = e2e().openTicket({ subject: 'Card declined', requester: e2e().team.english });
    const page = await e2e().newPage();
    await page.goto(`${e2e().demo.sandboxUrl}/workspace/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Submit as Solved' }).click();
    await page.getByText('Ticket solved').waitFor();

    await page.goto(`${e2e().demo.sandboxUrl}/workspace/outbox?ticket=${ticket.id}`);
    const email = page.locator(`article[data-ticket-id="${ticket.id}"]`);
    await email.waitFor();
    await expectText(email, `#${ticket.id}`);
    const html = email.frameLocator('iframe.email-html');
    for (let score = 1; score <= 7; score++) {
      await html.locator(`a[href$="?scale=ces2_7&score=${score}"]`).waitFor();
    }
    // Both ends of the scale say what they mean, in the customer's language.
    await html.getByText(`1 = ${en.scales.ces2_7.labels['1']}`).waitFor();
    await html.getByText(`7 = ${en.scales.ces2_7.labels['7']}`).waitFor();
    await email.screenshot({ path: path.join(SCREENSHOTS, 'email.png') });
    // A click on a button in the outbox is the customer's click: the page opens with it chosen.
    await html.locator('a[href$="&score=5"]').click();
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]+\?scale=ces2_7&score=5$/);
    expect(await page.getByRole('radio', { name: /^5/ }).isChecked()).toBe(true);
    await page.close();
    // The first test also warms the browser and the app bundle up on a loaded machine.
  }, 90_000);

  it('fits a 390 px phone: every button visible, at least 44 px, and each opens its point', async () => {
    const ticket = e2e().openTicket({ subject: 'Lost parcel', requester: e2e().team.english });
    e2e().demo.sandbox.store.tickets.update(ticket.id, { status: 'solved' });
    const email = await e2e().surveyEmail(ticket.id);
    // The plain-text part: one link per point, each naming the scale and the point.
    for (let score = 1; score <= 7; score++) {
      expect(email.body).toMatch(
        new RegExp(`^${score}: https?://\\S+/s/[A-Za-z0-9_-]+\\?scale=ces2_7&score=${score}$`, 'm'),
      );
    }
    expect(email.body).toContain(`1 = ${en.scales.ces2_7.labels['1']}`);
    expect(email.body).toContain(`7 = ${en.scales.ces2_7.labels['7']}`);
    expect(email.html_body).not.toMatch(/<script|<img|<link|src=|url\(/i);

    const page = await e2e().newPage({ width: 390, height: 844 });
    await page.goto(`${e2e().demo.sandboxUrl}/workspace/outbox/${email.id}/html`);
    const buttons = page.locator('a[href*="/s/"]');
    expect(await buttons.count()).toBe(7);
    for (let i = 0; i < 7; i++) {
      const box = await buttons.nth(i).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(box!.width).toBeGreaterThanOrEqual(44);
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    // Nothing sticks out sideways: the email needs no horizontal scrolling on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'email-phone.png'), fullPage: true });
    await buttons.nth(1).click();
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]+\?scale=ces2_7&score=2$/);
    expect(await page.getByRole('radio', { name: /^2/ }).isChecked()).toBe(true);
    await page.close();
  });

  it('records nothing when a link scanner fetches every link without running script', async () => {
    const ticket = e2e().openTicket({ subject: 'Refund please', requester: e2e().team.english });
    e2e().demo.sandbox.store.tickets.update(ticket.id, { status: 'solved' });
    const email = await e2e().surveyEmail(ticket.id);
    await waitFor('the survey marked sent', async () => {
      return (await e2e().surveyRow(ticket.id))?.status === 'sent';
    });
    const links = [...email.body.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect(links.length).toBeGreaterThanOrEqual(7);

    // A scanner: plain GETs (and HEADs) of every link, following redirects, no script.
    for (const link of links) {
      const get = await fetch(link, { redirect: 'follow' });
      expect(get.status).toBeLessThan(500);
      await get.text();
      await fetch(link, { method: 'HEAD' });
    }
    // A scanner that renders pages in a browser with script turned off.
    const context = await e2e().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const link of links) await page.goto(link);
    await context.close();

    const row = await e2e().surveyRow(ticket.id);
    expect(row).toMatchObject({ status: 'sent', score: null, driver: null, comment: null });
    const { rows } = await e2e().demo.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM answers WHERE survey_id = $1',
      [row?.id],
    );
    expect(rows[0]?.n).toBe(0);
    expect(e2e().demo.sandbox.store.tickets.get(ticket.id).tags).not.toContain('ces_score_1');
  });

  it('speaks Dutch to a Dutch requester: the email, the page and the recorded answer', async () => {
    const ticket = e2e().openTicket({ subject: 'Factuur klopt niet', requester: e2e().team.dutch });
    e2e().demo.sandbox.store.tickets.update(ticket.id, { status: 'solved' });
    const email = await e2e().surveyEmail(ticket.id);
    expect(email.to.locale).toBe('nl');
    expect(email.subject).toContain(nl.email.subject);
    expect(email.body).toContain(nl.email.intro);
    expect(email.body).toContain(nl.email.instruction);
    expect(email.body).not.toContain(en.email.intro);

    const page = await e2e().newPage();
    await page.goto(e2e().linkFor(email, 6));
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page
      .getByRole('heading', { name: nl.survey.heading.replace('{ticket}', String(ticket.id)) })
      .waitFor();
    // A real visit: the person presses the one button, then the page asks why, in Dutch.
    await page.getByRole('button', { name: nl.survey.submit }).click();
    await page.getByRole('heading', { name: nl.survey.thanksHeading }).waitFor();
    await page.getByText(nl.survey.easyDriverLegend).waitFor();
    await page.close();
    const row = await waitFor('the Dutch answer', async () => {
      const r = await e2e().surveyRow(ticket.id);
      return r?.score === 6 ? r : undefined;
    });
    expect(row.status).toBe('answered');
    const { rows } = await e2e().demo.db.query<{ locale: string }>(
      'SELECT locale FROM answers WHERE survey_id = $1',
      [row.id],
    );
    expect(rows[0]?.locale).toBe('nl');
  });
});

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  await locator.getByText(text, { exact: false }).first().waitFor();
}
