import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { fixedRoles } from '../../support/roles.js';
import { loadConfig, type Config } from '../../../src/server/config.js';
import type { Database } from '../../../src/server/db/database.js';
import { createOutboxService } from '../../../src/server/outbox/outbox-service.js';
import type { OutboxWorker } from '../../../src/server/outbox/worker.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { applySetup } from '../../../src/server/setup/setup.js';
import { readFieldIds, type FieldIds } from '../../../src/server/setup/zendesk-state.js';
import type {
  TicketComment,
  ZendeskClient,
  ZendeskClientOptions,
  ZendeskTicket,
} from '../../../src/server/zendesk/index.js';
import type { EmailRecord } from '../../../src/sandbox/zendesk/records.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { sandboxClient, startSandbox, waitFor, type RunningSandbox } from './sandbox-harness.js';

/** One request as the sandbox saw it, with millisecond times (the sandbox's own log has seconds). */
export interface TimedRequest {
  method: string;
  path: string;
  status: number;
  /** When the request arrived, ms since the epoch. */
  arrivedAt: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The whole loop on one machine: the sandbox Zendesk and the CES service on real ports, set up
 * by setup itself, with an agent and a Dutch-speaking customer.
 */
/** What the loop specs check of a survey. */
interface SurveyState {
  id: number;
  status: string;
  writeback_status: string;
  published_at: Date | null;
}

export class LoopWorld {
  zd!: RunningSandbox;
  client!: ZendeskClient;
  config!: Config;
  app: FastifyInstance | null = null;
  fields!: FieldIds;
  agentId = 0;
  groupId = 0;
  requesterId = 0;
  timed: TimedRequest[] = [];
  /** The next matching request is carried out, but its answer never reaches the client. */
  loseResponse: { method: string; pathPrefix: string } | null = null;
  private port = 0;
  private workers: OutboxWorker[] = [];

  private readonly openDb: () => Database;

  /** `db` may be a getter, for a world made before its suite's database is open. */
  constructor(db: Database | (() => Database)) {
    this.openDb = typeof db === 'function' ? db : () => db;
  }

  /** One world for a describe block: started before its tests, closed after them. */
  static forSuite(getDb: () => Database): LoopWorld {
    const world = new LoopWorld(getDb);
    beforeAll(() => world.start());
    afterAll(() => world.close());
    return world;
  }

  get db(): Database {
    return this.openDb();
  }

  async start(): Promise<void> {
    this.zd = await startSandbox({}, (sandbox) => {
      sandbox.app.addHook('onResponse', async (request, reply) => {
        if (!request.url.startsWith('/api/v2')) return;
        this.timed.push({
          method: request.method,
          path: request.url.split('?')[0] ?? request.url,
          status: reply.statusCode,
          arrivedAt: Date.now() - reply.elapsedTime,
        });
      });
      // After the handler ran: Zendesk applied the change, then the connection died.
      sandbox.app.addHook('onSend', async (request, _reply, payload) => {
        const lose = this.loseResponse;
        if (lose && request.method === lose.method && request.url.startsWith(lose.pathPrefix)) {
          this.loseResponse = null;
          request.raw.socket.destroy();
        }
        return payload;
      });
    });
    this.client = sandboxClient(this.zd.url);
    this.port = await freePort();
    this.config = loadConfig({
      NODE_ENV: 'test',
      PORT: String(this.port),
      PUBLIC_URL: `http://127.0.0.1:${this.port}`,
      ZENDESK_API_URL: this.zd.url,
    });
    // A short quiet period keeps the suite fast; the score and its follow-up still land together.
    await saveSettings(this.db, { ...DEFAULT_SETTINGS, quietPeriodSeconds: 1 });
    const setup = await applySetup(
      { db: this.db, config: this.config, zendesk: this.client },
      { dryRun: false, repair: false },
    );
    if (!setup.ok) throw new Error(`setup failed: ${JSON.stringify(setup.items)}`);
    const fields = await readFieldIds(this.db);
    if (!fields) throw new Error('setup stored no field ids');
    this.fields = fields;

    const seeded = await this.control<{
      users: Array<{ id: number }>;
      groups: Array<{ id: number }>;
    }>('POST', '/__sandbox/seed', {
      groups: [{ name: 'Support' }],
      users: [
        { name: 'Ada Agent', email: 'ada@sandbox.local', role: 'agent' },
        { name: 'Klaas Klant', email: 'klaas@example.nl', role: 'end-user', locale: 'nl' },
      ],
    });
    this.groupId = seeded.groups[0]!.id;
    this.agentId = seeded.users[0]!.id;
    this.requesterId = seeded.users[1]!.id;
    await this.startApp();
  }

  async startApp(): Promise<void> {
    // "Send now" reads the ticket from Zendesk with the service's own client: the sandbox's.
    this.app = await buildApp({
      config: this.config,
      db: this.db,
      zendesk: () => this.client,
      roles: fixedRoles(),
    });
    await this.app.listen({ host: '127.0.0.1', port: this.port });
  }

  async stopApp(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }

  /** A worker with the real jobs, fast polls and small backoffs. */
  worker(
    options: {
      workerId?: string;
      batchSize?: number;
      leaseMs?: number;
      chatTimeoutMs?: number;
      client?: Partial<Omit<ZendeskClientOptions, 'baseUrl' | 'auth'>>;
    } = {},
  ): OutboxWorker {
    const worker = createOutboxService(this.config, this.db, {
      zendesk: sandboxClient(this.zd.url, options.client),
      pollIntervalMs: 30,
      backoff: { baseMs: 80, maxMs: 400 },
      leaseMs: options.leaseMs ?? 3000,
      ...(options.workerId ? { workerId: options.workerId } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.chatTimeoutMs ? { chatTimeoutMs: options.chatTimeoutMs } : {}),
    });
    this.workers.push(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.stopApp();
    await this.zd.close();
  }

  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.zd.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  async openTicket(subject: string): Promise<number> {
    const ticket = await this.client.createTicket({
      subject,
      comment: { body: 'My order never arrived.' },
      requester_id: this.requesterId,
      assignee_id: this.agentId,
      group_id: this.groupId,
    });
    return ticket.id;
  }

  /** The agent sets the ticket to solved in the sandbox; its triggers run as in Zendesk. */
  async solve(ticketId: number): Promise<void> {
    await this.control('POST', `/__sandbox/tickets/${ticketId}`, {
      ticket: { status: 'solved' },
      actor_id: this.agentId,
    });
  }

  async closeTicket(ticketId: number): Promise<void> {
    await this.control('POST', `/__sandbox/tickets/${ticketId}`, {
      ticket: { status: 'closed' },
      actor_id: this.agentId,
    });
  }

  async emails(ticketId: number): Promise<EmailRecord[]> {
    const { emails } = await this.control<{ emails: EmailRecord[] }>(
      'GET',
      `/__sandbox/emails?ticket_id=${ticketId}`,
    );
    return emails;
  }

  async awaitEmail(ticketId: number): Promise<EmailRecord> {
    return waitFor(
      `the survey email of ticket ${ticketId}`,
      async () => (await this.emails(ticketId))[0],
    );
  }

  /** The survey links in an email, in the order they appear; each names its scale and point. */
  links(email: EmailRecord): string[] {
    const escaped = this.config.publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return (
      email.body.match(
        new RegExp(`${escaped}/s/[A-Za-z0-9_-]{43}\\?scale=[a-z0-9_]+&score=\\d+`, 'g'),
      ) ?? []
    );
  }

  /** What the customer does on the survey page: confirm the score, then the follow-up. */
  async answer(
    link: string,
    followUp: { driver?: string; comment?: string } | null,
    score?: number,
  ): Promise<void> {
    const url = new URL(link);
    const chosen = score ?? Number(url.searchParams.get('score'));
    const page = `${url.origin}${url.pathname}`;
    const post = async (form: Record<string, string>) => {
      const res = await fetch(page, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
      if (res.status !== 303) throw new Error(`POST ${page} answered ${res.status}`);
    };
    await post({ step: 'score', score: String(chosen) });
    if (followUp) {
      await post({
        step: 'followup',
        score: String(chosen),
        driver: followUp.driver ?? '',
        comment: followUp.comment ?? '',
      });
    }
  }

  async ticket(ticketId: number): Promise<ZendeskTicket> {
    return this.client.getTicket(ticketId);
  }

  async notes(ticketId: number): Promise<TicketComment[]> {
    return (await this.client.listTicketComments(ticketId)).filter((c) => !c.public);
  }

  field(ticket: ZendeskTicket, id: number): unknown {
    return ticket.custom_fields.find((f) => f.id === id)?.value ?? null;
  }

  /** The ticket's latest survey. */
  async surveyOf(ticketId: number): Promise<SurveyState | null> {
    const { rows } = await this.db.query<SurveyState>(
      `SELECT id, status, writeback_status, published_at FROM surveys
        WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1`,
      [ticketId],
    );
    return rows[0] ?? null;
  }

  /**
   * Solves the ticket and waits for the survey email and for the service to have recorded the link
   * as published (Zendesk sends the email during the publish job's ticket update, before the job
   * commits the publish and schedules the reminder): a test that moves the clock next sees both.
   */
  async solveAndAwaitEmail(ticketId: number): Promise<string[]> {
    await this.solve(ticketId);
    const email = await this.awaitEmail(ticketId);
    await waitFor(
      `the survey of ticket ${ticketId} recorded as published`,
      async () => (await this.surveyOf(ticketId))?.published_at != null,
    );
    return this.links(email);
  }

  async awaitWriteback(ticketId: number, status = 'done', timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `write-back ${status} for ticket ${ticketId}`,
      async () => (await this.surveyOf(ticketId))?.writeback_status === status,
      timeoutMs,
    );
  }
}
