import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import en from '../../translations/en.json';
import { startE2e, waitFor, type E2e } from './support/environment';
import { csvBlocks } from '../support/csv';

/** Written by every run: the README shows these. */
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const COMMENT = 'Passed between <b>three</b> teams & asked for my invoice twice.';

/** Marks, inside the sidebar frame, when the answer's score first reaches the screen. */
const DATA_ON_SCREEN_PROBE = `
  if (location.pathname.endsWith('/sidebar.html')) {
    const seen = () => /(^|\\D)2\\/7(\\D|$)/.test(document.body ? document.body.textContent || '' : '');
    const mark = () => requestAnimationFrame(() => {
      window.__dataOnScreenAt = window.__dataOnScreenAt || performance.timeOrigin + performance.now();
    });
    const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); mark(); } });
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true }));
  }
`;

/** The "Answers" figure of one agent in the team page's agent table (0 when not listed). */
async function answersOf(frame: Frame, agentName: string): Promise<number> {
  const table = frame
    .getByRole('table')
    .filter({ has: frame.getByRole('row', { name: new RegExp(agentName) }) })
    .first();
  if ((await table.count()) === 0) return 0;
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const column = headers.findIndex((h) => h.startsWith('Answers'));
  const cells = await table
    .getByRole('row', { name: new RegExp(agentName) })
    .locator('td, th')
    .allInnerTexts();
  return Number(cells[column]);
}

async function teamFrame(page: Page): Promise<Frame> {
  await page.goto(page.url().replace(/\/workspace\/.*$/, '/workspace/team'));
  const frame = await waitFor('the team page frame', () =>
    page.frames().find((f) => f.url().includes('/team.html')),
  );
  await frame.getByRole('button', { name: en.team.export.button }).waitFor();
  return frame;
}

/** The sidebar app's frame, once the workspace has posted Zendesk's signed page load into it. */
function sidebarFrame(page: Page): Promise<Frame> {
  return waitFor('the sidebar app frame', () =>
    page.frames().find((f) => f.url().includes('/sidebar.html')),
  );
}

/**
 * The whole product as its users meet it, on PGlite as `npm start` runs it: an agent solves a
 * ticket, the customer answers from the email, the answer reaches the ticket, the sidebar and the
 * team page show it, and the CSV export contains it.
 */
describe('e2e: solve → email → answer → sidebar, note, team page, CSV', () => {
  let e2e: E2e;
  let ticketId: number;
  /** The agent's answers on the team page before this story. */
  let answersBefore: number;

  beforeAll(async () => {
    // A seeded month (through the real flow), so the pages show what they would in a team.
    // A quiet period longer than the customer's score → button → reason, even on a busy machine,
    // so the answer reaches the ticket in one write (the seed uses its own short one).
    e2e = await startE2e({
      database: 'pglite',
      seed: { tickets: 240, days: 30 },
      settings: { quietPeriodSeconds: 8 },
    });
    ticketId = e2e.openTicket({
      subject: 'Charged twice for my subscription',
      requester: e2e.team.english,
      comment: 'My card shows two charges this month.',
    }).id;
  }, 240_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('the team page shows the agent before the story', async () => {
    const page = await e2e.newPage({ width: 1400, height: 1000 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets`);
    const frame = await teamFrame(page);
    await frame
      .getByRole('row', { name: new RegExp(e2e.team.otherAgent.name) })
      .first()
      .waitFor();
    answersBefore = await answersOf(frame, e2e.team.agent.name);
    expect(answersBefore).toBeGreaterThanOrEqual(0);
    await page.close();
  });

  it('solving in the workspace emails the customer the survey', async () => {
    const page = await e2e.newPage({ width: 1280, height: 800 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${ticketId}`);
    await (await sidebarFrame(page)).getByText(en.sidebar.state.notSent).waitFor();
    await page.getByRole('button', { name: 'Submit as Solved' }).click();
    await page.getByText('Ticket solved').waitFor();

    await page.getByRole('link', { name: 'Email outbox' }).click();
    const email = page.locator(`article[data-ticket-id="${ticketId}"]`);
    await email.waitFor();
    // The HTML part, framed as a mail app shows it (survey-email.test.ts takes its screenshot).
    await email.frameLocator('iframe.email-html').locator('a[href*="score=7"]').waitFor();
    await page.close();
  });

  it('the customer answers 2 from the link, then gives a driver and a comment', async () => {
    const page = await e2e.newPage({ width: 390, height: 844 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/outbox?ticket=${ticketId}`);
    await page
      .locator(`article[data-ticket-id="${ticketId}"]`)
      .frameLocator('iframe.email-html')
      .locator('a[href*="score=2"]')
      .click();
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]+/);
    // The clicked score is shown chosen; the customer's one press of the button records it.
    expect(await page.getByRole('radio', { name: /^2/ }).isChecked()).toBe(true);
    expect((await e2e.surveyRow(ticketId))?.score).toBeNull();
    await page.getByRole('button', { name: en.survey.submit }).click();
    await page.getByRole('heading', { name: en.survey.thanksHeading }).waitFor();
    expect(await page.getByRole('radio', { name: /^2/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: en.drivers.transferred }).check();
    await page.getByLabel(en.survey.commentLabel).fill(COMMENT);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey.png'), fullPage: true });
    await page.getByRole('button', { name: en.survey.sendFollowup }).click();
    await page.getByRole('heading', { name: en.survey.savedHeading }).waitFor();
    await page.getByText(COMMENT).waitFor();
    await page.close();

    const row = await e2e.surveyRow(ticketId);
    expect(row).toMatchObject({
      status: 'answered',
      score: 2,
      driver: 'transferred',
      comment: COMMENT,
    });
  });

  it('the answer reaches the ticket: one internal note, fields and tags', async () => {
    const { store } = e2e.demo.sandbox;
    const notes = await waitFor('the write-back note', () => {
      const internal = store.tickets.get(ticketId).comments.filter((c) => !c.public);
      return internal.length > 0 ? internal : undefined;
    });
    expect(notes).toHaveLength(1);
    const note = notes[0]?.body ?? '';
    expect(note).toContain(
      en.note.score.replace('{score}', '2').replace('{label}', en.scales.ces2_7.labels['2']),
    );
    expect(note).toContain(en.note.driver.replace('{driver}', en.drivers.transferred));
    expect(note).toContain(COMMENT);
    const ticket = store.tickets.get(ticketId);
    expect(ticket.tags).toEqual(expect.arrayContaining(['ces_score_2', 'ces_high_effort']));
    expect(ticket.custom_fields.map((f) => f.value)).toEqual(
      expect.arrayContaining(['2', COMMENT]),
    );
    // The job records success once Zendesk has answered the update that added the note.
    await waitFor('the write-back marked done', async () => {
      return (await e2e.surveyRow(ticketId))?.writeback_status === 'done';
    });

    const page = await e2e.newPage({ width: 1280, height: 900 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${ticketId}`);
    const shown = page.locator('#comments .comment.internal');
    await shown.waitFor();
    await shown.getByText(COMMENT).waitFor();
    expect(await shown.innerHTML()).toContain('&lt;b&gt;three&lt;/b&gt;');
    await page.close();
  });

  it('the sidebar shows 2/7, the driver and the comment; first render is measured', async () => {
    const context = await e2e.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(DATA_ON_SCREEN_PROBE);
    const page = await context.newPage();
    const timings: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${ticketId}`);
      const sidebar = await sidebarFrame(page);
      await sidebar.getByText('2/7').first().waitFor();
      await sidebar.getByText(en.drivers.transferred).first().waitFor();
      await sidebar.getByText(COMMENT).waitFor();
      const registered = await page.evaluate(
        () =>
          Object.values(
            (window as unknown as { zafHost: { registeredAt: Record<string, number> } }).zafHost
              .registeredAt,
          )[0],
      );
      const onScreen = await waitFor('the render mark', () =>
        sidebar.evaluate(
          () => (window as unknown as { __dataOnScreenAt?: number }).__dataOnScreenAt,
        ),
      );
      expect(registered).toBeGreaterThan(0);
      timings.push(onScreen - (registered as number));
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `Sidebar first render (app.registered → 2/7 on screen) in Chromium: ${timings
        .map((t) => `${Math.round(t)} ms`)
        .join(', ')}; median ${Math.round(sorted[1] as number)} ms`,
    );
    // The customer's markup is shown as text, never run as HTML.
    const sidebar = await sidebarFrame(page);
    expect(await sidebar.locator('b', { hasText: 'three' }).count()).toBe(0);
    await page
      .locator('#ticket-sidebar-app')
      .screenshot({ path: path.join(SCREENSHOTS, 'sidebar.png') });
    await context.close();
  });

  it('the team page counts the answer for the agent, and the CSV export contains it', async () => {
    const page = await e2e.newPage({ width: 1400, height: 1000 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets`);
    const frame = await teamFrame(page);
    const row = frame.getByRole('row', { name: new RegExp(e2e.team.agent.name) }).first();
    await row.waitFor();
    expect(await answersOf(frame, e2e.team.agent.name)).toBe(answersBefore + 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'team.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: en.team.export.button }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    // Names may hold commas: read it as CSV. The second block holds the team, agent and group rows.
    const [header, ...rows] = csvBlocks(csv)[1]!;
    const agentRow = rows.find((r) => r[0] === 'agent' && r[1] === String(e2e.team.agent.id));
    expect(agentRow).toBeDefined();
    expect(agentRow?.[2]).toBe(e2e.team.agent.name);
    expect(Number(agentRow?.[header!.indexOf('answers')])).toBe(answersBefore + 1);
    await page.close();
  });

  it('a custom range on the team page shows its days and zone and compares with the days before', async () => {
    const page = await e2e.newPage({ width: 1400, height: 1000 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets`);
    const frame = await teamFrame(page);
    const summary = frame.getByRole('region', { name: en.team.summary.title, exact: true });
    await summary.waitFor();
    // The last 15 days, typed as a lead would (keyboard into the date inputs).
    const day = (daysAgo: number) => {
      const at = new Date(Date.now() - daysAgo * 86_400_000);
      return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    };
    await frame
      .getByRole('combobox', { name: en.team.filters.period, exact: true })
      .selectOption({ label: en.team.filters.custom });
    await frame.getByLabel(en.team.filters.from, { exact: true }).fill(day(14));
    await frame.getByLabel(en.team.filters.to, { exact: true }).fill(day(0));
    const period = frame.getByTestId('ces-team-period');
    await period.filter({ hasText: '(15 days, time zone ' }).waitFor();
    // Every headline figure has the previous 15 days beside it, with a plain verdict.
    const verdict = new RegExp(
      `${en.team.previous.noChange}|${en.team.previous.beyondNoise}`.replace(/\./g, '\\.'),
    );
    for (const id of ['ces-change-n', 'ces-change-easy', 'ces-change-nes']) {
      const line = frame.getByTestId(id);
      await line.waitFor();
      expect(await line.innerText()).toMatch(/^Before: /);
      expect(await line.innerText()).toMatch(verdict);
    }
    // The CSV export carries the same days and the comparison block.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: en.team.export.button }).click(),
    ]);
    const blocks = csvBlocks(readFileSync(await download.path(), 'utf8'));
    expect(blocks[0]).toContainEqual(['from', day(14), '']);
    expect(blocks[0]).toContainEqual(['to', day(0), '']);
    expect(blocks[3]?.map((r) => r[0])).toContain('net_easy_score');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'team-range.png') });
    await page.close();
  });
});
