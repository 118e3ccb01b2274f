import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, startDemo, type Demo } from '../../../src/sandbox/main';
import type { EmailRecord, TicketRecord, UserRecord } from '../../../src/sandbox/zendesk/records';
import type { Settings } from '../../../src/shared/settings';
import { startedForSuite } from '../../support/suite-resource';
import { waitFor } from '../../support/wait-for';
import { launchChromium } from './chromium';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Below jest's 30 s test timeout, so a missing element fails with its own name. */
const UI_TIMEOUT_MS = 15_000;

/** Builds the app from the current sources into `outDir`: never a stale build from an earlier run. */
export function buildApp(outDir: string): void {
  const result = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) {
    throw new Error(`The app does not build:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Waits for a state (spec/support/wait-for.ts), re-exported for the e2e tests. */
export { waitFor };

export interface Team {
  groupId: number;
  agent: UserRecord;
  otherAgent: UserRecord;
  english: UserRecord;
  dutch: UserRecord;
}

/** One product on one machine for a test file: sandbox, service, app, browser. */
export interface E2e {
  demo: Demo;
  browser: Browser;
  team: Team;
  /** A browser context whose waits give up (and say what they waited for) before the test does. */
  newContext(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** An open ticket assigned to `agent`, ready to be solved. */
  openTicket(options: {
    subject: string;
    requester: UserRecord;
    agent?: UserRecord;
    comment?: string;
  }): TicketRecord;
  /** The survey email of a ticket, once the trigger has sent it. */
  surveyEmail(ticketId: number): Promise<EmailRecord>;
  /** The link for one score in a survey email. */
  linkFor(email: EmailRecord, score: number): string;
  /** Survey and answer rows of a ticket in the service database. */
  surveyRow(ticketId: number): Promise<SurveyRow | null>;
  close(): Promise<void>;
}

export interface SurveyRow {
  id: number;
  status: string;
  writeback_status: string;
  score: number | null;
  driver: string | null;
  comment: string | null;
  origin: string;
}

/** A group with two agents and two customers (English, Dutch) in an empty account. */
function newTeam(demo: Demo): Team {
  const { store } = demo.sandbox;
  const groupId = store.groups.create({ name: 'Billing' }).id;
  const agent = (name: string, email: string) =>
    store.users.create({ name, email, role: 'agent', default_group_id: groupId });
  return {
    groupId,
    agent: agent('Maya Lindqvist', 'maya@acme.example'),
    otherAgent: agent('Daan Visser', 'daan@acme.example'),
    english: store.users.create({ name: 'Emma Smith', email: 'emma@customer.example' }),
    dutch: store.users.create({ name: 'Anna de Vries', email: 'anna@klant.example', locale: 'nl' }),
  };
}

/** The seeded account's first agents, and customers who have answered before (a real history). */
async function seededTeam(demo: Demo): Promise<Team> {
  const { store } = demo.sandbox;
  const agents = store.users.list().filter((u) => u.role === 'agent');
  const [agent, otherAgent] = agents;
  if (!agent || !otherAgent) throw new Error('The seed created no agents.');
  const customer = async (locale: string): Promise<UserRecord> => {
    const { rows } = await demo.db.query<{ requester_id: number }>(
      `SELECT s.requester_id FROM surveys s JOIN answers a ON a.survey_id = s.id
        WHERE s.requester_locale = $1 ORDER BY a.answered_at DESC LIMIT 1`,
      [locale],
    );
    const id = rows[0]?.requester_id;
    if (id === undefined) throw new Error(`The seed has no answering ${locale} customer.`);
    return store.users.get(id);
  };
  return {
    groupId: agent.default_group_id as number,
    agent,
    otherAgent,
    english: await customer('en-US'),
    dutch: await customer('nl'),
  };
}

/** A fresh database on the test PostgreSQL server, dropped again by the returned function. */
export async function freshPostgres(
  url: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ces_e2e_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    // Without FORCE: the service's pool may still be saying goodbye; wait for it instead of
    // cutting it off (a cut connection raises an error in a client nobody listens to any more).
    drop: async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await waitFor(`dropping ${name}`, async () => {
          await client.query(`DROP DATABASE IF EXISTS ${name}`);
          return true;
        });
      } finally {
        await client.end();
      }
    },
  };
}

export interface E2eOptions {
  settings?: Partial<Settings>;
  /**
   * 'pglite' runs the service as `npm start` does; 'postgres' uses a fresh database on
   * TEST_DATABASE_URL (quicker to create) and falls back to PGlite where there is none.
   */
  database?: 'pglite' | 'postgres';
  /** Seed demo tickets first (through the real flow), so pages show a real history. */
  seed?: { tickets: number; days: number };
}

/** Starts a fresh environment: empty account with one group, two agents and two customers. */
export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ces-e2e-'));
  const assetsDir = path.join(dataDir, 'app');
  buildApp(assetsDir);
  const postgresUrl = options.database === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
  const postgres = postgresUrl ? await freshPostgres(postgresUrl) : null;
  const demo = await startDemo({
    dataDir,
    sandboxPort: await freePort(),
    servicePort: await freePort(),
    seed: options.seed ? { ...options.seed, concurrency: 12 } : false,
    assetsDir,
    workerPollMs: 50,
    env: { LOG_LEVEL: 'silent', DATABASE_URL: postgres?.url },
    // Short quiet period: score and follow-up still go back in one write, the test waits seconds.
    settings: {
      companyName: 'Acme',
      quietPeriodSeconds: 1,
      ...options.settings,
    },
  });
  const browser = await launchChromium();
  const { store } = demo.sandbox;
  const team = options.seed ? await seededTeam(demo) : newTeam(demo);

  const surveyLinkPattern =
    /(https?:\/\/[^\s"'<>]+\/s\/[A-Za-z0-9_-]+)\?scale=[a-z0-9_]+&score=(\d+)/g;
  const hasSurveyLink = /\/s\/[A-Za-z0-9_-]+\?scale=[a-z0-9_]+&score=\d/;
  const linkFor = (email: EmailRecord, score: number): string => {
    for (const match of email.body.matchAll(surveyLinkPattern)) {
      if (Number(match[2]) === score) return match[0];
    }
    throw new Error(`Email ${email.id} has no link for score ${score}:\n${email.body}`);
  };

  const newContext = async (contextOptions?: Parameters<Browser['newContext']>[0]) => {
    const context = await browser.newContext(contextOptions);
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    return context;
  };
  return {
    demo,
    browser,
    team,
    newContext,
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await newContext({ viewport });
      const page = await context.newPage();
      // Its context goes with it (the browser may already be closing: nothing left to do then).
      page.once('close', () => {
        context.close().catch(() => undefined);
      });
      return page;
    },
    openTicket({ subject, requester, agent = team.agent, comment = 'Please help.' }) {
      return store.tickets.create(
        {
          requester_id: requester.id,
          subject,
          comment: { body: comment },
          assignee_id: agent.id,
          group_id: team.groupId,
          via: { channel: 'email' },
        },
        { actorId: requester.id },
      ).ticket;
    },
    surveyEmail: (ticketId) =>
      waitFor(`the survey email of ticket ${ticketId}`, () =>
        store.emails.list({ ticketId }).find((e) => hasSurveyLink.test(e.body)),
      ),
    linkFor,
    async surveyRow(ticketId) {
      const { rows } = await demo.db.query<SurveyRow>(
        `SELECT s.id, s.status, s.writeback_status, s.origin, a.score, a.driver, a.comment
           FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
          WHERE s.ticket_id = $1 ORDER BY s.created_at DESC LIMIT 1`,
        [ticketId],
      );
      return rows[0] ?? null;
    },
    async close() {
      await browser.close();
      await demo.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One environment for a describe block: started before its tests (starting Chromium, the demo and
 * a database takes minutes on a loaded machine), closed after them. Call the getter inside tests.
 */
export function e2eForSuite(options: E2eOptions = {}): () => E2e {
  return startedForSuite(
    'the e2e environment',
    () => startE2e(options),
    (e2e) => e2e.close(),
    180_000,
  );
}
