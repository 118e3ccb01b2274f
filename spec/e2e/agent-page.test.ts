import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import en from '../../translations/en.json';
import type { UserRecord } from '../../src/sandbox/zendesk/records';
import { startE2e, waitFor, type E2e } from './support/environment';

/** Written by every run: docs/reports.md shows it. */
/** Each step drives the browser and waits for the outbox: generous on a busy machine. */
const TEST_TIMEOUT_MS = 120_000;
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

async function teamFrame(page: Page, url: string): Promise<Frame> {
  await page.goto(url);
  const frame = await waitFor('the team page frame', () =>
    page.frames().find((f) => f.url().includes('/team.html')),
  );
  await frame.getByRole('tab', { name: en.team.tabs.report }).waitFor();
  return frame;
}

const shownOf = (total: number) => new RegExp(`of ${total} shown`);

/**
 * Issue 9's acceptance, in Chromium on the sandbox workspace: an admin switches the scale in
 * Settings; the team page, an agent's page and the sidebar still show the answers given on the
 * earlier scale, and say that the period spans a change. Also: the internal note's link opens the
 * agent's page with that ticket's answer marked.
 */
describe('e2e: scale switch → team page, agent page, sidebar keep the history', () => {
  let e2e: E2e;
  let agent: UserRecord;
  /** The agent's answers (all on CES 2.0) before the switch, and one of their tickets. */
  let before: number;
  let oldTicketId: number;
  let newTicketId: number;

  beforeAll(async () => {
    e2e = await startE2e({ database: 'postgres', seed: { tickets: 40, days: 20 } });
    // The seeded agent with the most answers: their page has a history to keep.
    const { rows } = await e2e.demo.db.query<{ assignee_id: number; n: number; ticket: number }>(
      `SELECT s.assignee_id, count(*)::int AS n, max(s.ticket_id) AS ticket
         FROM surveys s JOIN answers a ON a.survey_id = s.id
        WHERE s.status <> 'replaced' AND s.assignee_id IS NOT NULL
        GROUP BY s.assignee_id ORDER BY count(*) DESC, s.assignee_id LIMIT 1`,
    );
    const top = rows[0];
    if (!top) throw new Error('The seed gave no answers.');
    agent = e2e.demo.sandbox.store.users.get(Number(top.assignee_id));
    before = top.n;
    oldTicketId = Number(top.ticket);
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it(
    'the admin switches the scale to Ease 1–10 in Settings',
    async () => {
      const page = await e2e.newPage({ width: 1400, height: 1000 });
      const frame = await teamFrame(page, `${e2e.demo.sandboxUrl}/workspace/team`);
      await frame.getByRole('tab', { name: en.team.tabs.settings }).click();
      await frame.getByLabel(en.settings.fields.scale).selectOption('ease_10');
      await frame.getByRole('button', { name: en.settings.save }).click();
      await frame.getByText(en.settings.saved).waitFor();
      // What customers see goes to Zendesk through the outbox: wait until it has.
      await waitFor(
        'the settings reaching Zendesk',
        async () => {
          const { rows } = await e2e.demo.db.query<{ open: number }>(
            `SELECT count(*)::int AS open FROM outbox_jobs
            WHERE kind = 'sync_zendesk' AND status IN ('queued', 'running')`,
          );
          return rows[0]?.open === 0;
        },
        60_000,
      );
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a customer answers 9 on the new scale',
    async () => {
      newTicketId = e2e.openTicket({
        subject: 'Where is my parcel?',
        requester: e2e.team.english,
        agent,
      }).id;
      const page = await e2e.newPage({ width: 1280, height: 800 });
      await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${newTicketId}`);
      await page.getByRole('button', { name: 'Submit as Solved' }).click();
      await page.getByText('Ticket solved').waitFor();
      const email = await e2e.surveyEmail(newTicketId);
      const link = e2e.linkFor(email, 9);
      expect(link).toContain('scale=ease_10');
      await page.goto(link);
      await page.getByRole('button', { name: en.survey.submit }).click();
      await page.getByRole('heading', { name: en.survey.thanksHeading }).waitFor();
      await waitFor(
        'the answer stored',
        async () => (await e2e.surveyRow(newTicketId))?.score === 9,
      );
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the team page still counts the earlier answers and marks the change',
    async () => {
      const page = await e2e.newPage({ width: 1400, height: 1000 });
      const frame = await teamFrame(page, `${e2e.demo.sandboxUrl}/workspace/team`);
      await frame.getByTestId('scale-change-note').first().waitFor();
      const row = frame.getByRole('row', { name: new RegExp(agent.name) }).first();
      await row.waitFor();
      expect(await row.innerText()).toContain(String(before + 1));
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "the agent's page (from the team table) shows every answer, both scales, the change marked",
    async () => {
      const page = await e2e.newPage({ width: 1400, height: 1100 });
      const frame = await teamFrame(page, `${e2e.demo.sandboxUrl}/workspace/team`);
      await frame.getByRole('link', { name: agent.name }).first().click();
      const agentPage = frame.getByTestId('agent-page');
      await agentPage
        .getByRole('heading', { name: en.agent.title.replace('{name}', agent.name) })
        .waitFor();
      await agentPage.getByTestId('scale-change-note').waitFor();
      await agentPage.getByText(shownOf(before + 1)).waitFor();
      // The mean stays per scale: one tile for each, never averaged across them.
      const meanOn = (scale: string) => en.common.scaleChange.meanOn.replace('{scale}', scale);
      await agentPage.getByText(meanOn(en.common.scaleNames.ces2_7)).waitFor();
      await agentPage.getByText(meanOn(en.common.scaleNames.ease_10)).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'agent.png'), fullPage: true });
      // Back: the team page as it was.
      await agentPage.getByRole('button', { name: new RegExp(en.agent.back) }).click();
      await frame
        .getByRole('row', { name: new RegExp(agent.name) })
        .first()
        .waitFor();
      expect(await frame.getByTestId('agent-page').count()).toBe(0);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the sidebar of an earlier ticket still shows its answer on the old scale',
    async () => {
      const page = await e2e.newPage({ width: 1280, height: 900 });
      await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${oldTicketId}`);
      const sidebar = await waitFor('the sidebar frame', () =>
        page.frames().find((f) => f.url().includes('/sidebar.html')),
      );
      await sidebar
        .getByText(/\d+\/7/)
        .first()
        .waitFor();
      await page.goto(`${e2e.demo.sandboxUrl}/workspace/tickets/${newTicketId}`);
      const fresh = await waitFor('the sidebar frame', () =>
        page.frames().find((f) => f.url().includes('/sidebar.html')),
      );
      await fresh.getByText('9/10').first().waitFor();
      await fresh.getByTestId('scale-change-note').first().waitFor();
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "the internal note's link opens the agent's page with that answer marked",
    async () => {
      const { store } = e2e.demo.sandbox;
      const note = await waitFor('the write-back note', () =>
        store.tickets.get(newTicketId).comments.find((c) => !c.public),
      );
      const link = /https?:\/\/\S+\/agent\/apps\/\S+/.exec(note.body)?.[0];
      expect(link).toMatch(
        new RegExp(`/agent/apps/customer-effort-score/agents/${agent.id}/tickets/${newTicketId}$`),
      );
      const page = await e2e.newPage({ width: 1400, height: 1000 });
      const frame = await teamFrame(page, link!);
      const agentPage = frame.getByTestId('agent-page');
      await agentPage.getByRole('heading', { name: en.agent.linked.title }).waitFor();
      await agentPage
        .locator('[aria-current="true"]')
        .filter({ hasText: `#${newTicketId}` })
        .first()
        .waitFor();
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );
});
