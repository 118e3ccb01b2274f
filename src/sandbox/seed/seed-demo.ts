import type { Database } from '../../server/db/database.js';
import { getSettings, saveSettings } from '../../server/settings/settings-repository.js';
import type { Settings } from '../../shared/settings.js';
import { SANDBOX_CUSTOM_ROLES, type EmailRecord } from '../zendesk/records.js';
import { isoTime, type SandboxStore } from '../zendesk/store.js';
import { customerAddress, customerRequest } from './customer-http.js';
import { DEMO_BRANDS, DEMO_GROUPS, DEMO_MESSAGES, DEMO_TEAM_LEADER } from './demo-content.js';
import { planDemo, type DemoPlan, type PlannedTicket } from './demo-plan.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zendesk's default automation closes a solved ticket after four days. */
const AUTO_CLOSE_AFTER_MS = 4 * DAY_MS;
/** A survey link in an email: `<url>/s/<token>?scale=<scale id>&score=<point>`. */
const SURVEY_LINK = /https?:\/\/[^\s"'<>]+\/s\/[A-Za-z0-9_-]+\?scale=[a-z0-9_]+&score=(\d+)/g;

export interface SeedDeps {
  store: SandboxStore;
  db: Database;
  /** Customers browse from addresses of their own (see customerAddress), else all from 127.0.0.1. */
  ownAddresses: boolean;
  log: (line: string) => void;
  now?: Date;
}

export interface SeedOptions {
  tickets: number;
  days: number;
  /** Tickets in flight at once. */
  concurrency?: number;
  seed?: number;
}

export interface SeedSummary {
  tickets: number;
  surveys: number;
  skips: number;
  answers: number;
  closedBeforeWriteBack: number;
  seconds: number;
}

interface Account {
  agentIds: number[];
  requesterIds: number[];
  groupIds: Map<string, number>;
  brandIds: Map<string, number>;
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after the timeout. */
async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Seeding stopped: timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function createAccount(store: SandboxStore, plan: DemoPlan): Account {
  const groupIds = new Map<string, number>();
  for (const group of DEMO_GROUPS)
    groupIds.set(group.key, store.groups.create({ name: group.name }).id);
  const brandIds = new Map<string, number>();
  for (const brand of DEMO_BRANDS) {
    brandIds.set(
      brand.key,
      store.brands.create({ name: brand.name, subdomain: brand.subdomain }).id,
    );
  }
  const teamLeader = SANDBOX_CUSTOM_ROLES.find((r) => r.name === 'Team Leader')!;
  const agentIds = plan.agents.map(
    (a) =>
      store.users.create({
        name: a.name,
        email: a.email,
        role: 'agent',
        default_group_id: groupIds.get(a.group) ?? null,
        // One team leader, of the billing group: the demo's "view as" shows the three experiences.
        custom_role_id: a.name === DEMO_TEAM_LEADER ? teamLeader.id : null,
      }).id,
  );
  const requesterIds = plan.requesters.map(
    (r) =>
      store.users.create({ name: r.name, email: r.email, locale: r.locale, role: 'end-user' }).id,
  );
  return { agentIds, requesterIds, groupIds, brandIds };
}

/** The link for `score` in a survey email, or null when the email carries no survey links. */
export function surveyLink(email: EmailRecord, score: number): string | null {
  for (const match of email.body.matchAll(SURVEY_LINK)) {
    if (Number(match[1]) === score) return match[0];
  }
  return null;
}

/**
 * Moves one seeded ticket's story from "just now" to its planned time, in the sandbox and in the
 * service's tables. The flow itself ran for real (solve → webhook → survey → email → answer →
 * write-back); only its clock is shifted, because Zendesk's webhook signatures and the service's
 * database clock cannot be run in the past.
 */
async function backdate(
  store: SandboxStore,
  db: Database,
  ticketId: number,
  planned: PlannedTicket,
  solvedMs: number,
  /** Comments the ticket had right after the solve; later ones (the note) came with the answer. */
  commentsAtSolve: number,
): Promise<void> {
  const solveShift = planned.solvedAt.getTime() - solvedMs;
  const delay = planned.outcome.kind === 'answer' ? planned.outcome.delayMinutes * 60_000 : 0;
  const answerShift = solveShift + delay;
  const shift = (iso: string, by: number) => isoTime(Date.parse(iso) + by);

  const ticket = store.tickets.get(ticketId);
  ticket.comments.forEach((comment, i) => {
    comment.created_at =
      i === 0
        ? isoTime(planned.createdAt.getTime())
        : shift(comment.created_at, i < commentsAtSolve ? solveShift : answerShift);
  });
  ticket.created_at = isoTime(planned.createdAt.getTime());
  ticket.solved_at = isoTime(planned.solvedAt.getTime());
  let last = Math.max(
    ...ticket.comments.map((c) => Date.parse(c.created_at)),
    planned.solvedAt.getTime(),
  );
  if (ticket.status === 'closed')
    last = Math.max(last, planned.solvedAt.getTime() + AUTO_CLOSE_AFTER_MS);
  ticket.updated_at = isoTime(Math.min(last, Date.now()));
  for (const email of store.emails.list({ ticketId }))
    email.created_at = shift(email.created_at, solveShift);
  for (const delivery of store.deliveries.list({ ticketId })) {
    delivery.created_at = shift(delivery.created_at, solveShift);
    for (const attempt of delivery.attempts) attempt.at = shift(attempt.at, solveShift);
  }
  store.changed();

  const by = (column: string, param: string) =>
    `${column} = ${column} + interval '1 millisecond' * ${param}::double precision`;
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE surveys SET ${by('created_at', '$2')}, ${by('solved_at', '$2')},
         ${by('published_at', '$2')}, ${by('closes_at', '$2')}, ${by('writeback_at', '$3')}
       WHERE ticket_id = $1`,
      [ticketId, solveShift, answerShift],
    );
    await tx.query(
      `UPDATE answers SET ${by('answered_at', '$2')}, ${by('updated_at', '$2')}
       WHERE survey_id IN (SELECT id FROM surveys WHERE ticket_id = $1)`,
      [ticketId, answerShift],
    );
    await tx.query(`UPDATE skips SET ${by('created_at', '$2')} WHERE ticket_id = $1`, [
      ticketId,
      solveShift,
    ]);
  });
}

/**
 * Seeds the demo account through the product's real paths: each planned ticket is created and
 * solved in the sandbox, whose trigger sends the signed webhook; the service decides, publishes
 * the link, Zendesk's second trigger emails it; a simulated customer opens the link and answers
 * with form posts; the worker writes the answer back. Then the ticket's clock is shifted back.
 */
export async function seedDemo(deps: SeedDeps, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const { store, db } = deps;
  const now = deps.now ?? new Date();
  const plan = planDemo({ tickets: options.tickets, days: options.days, now, seed: options.seed });
  const account = createAccount(store, plan);
  const loopback = deps.ownAddresses;

  // While seeding: some solves sampled out (so skips exist), answers written back at once; the
  // history is simulated, so it schedules no reminders and posts no chat alerts.
  const before = await getSettings(db);
  const seeding: Settings = {
    ...before,
    quietPeriodSeconds: 1,
    rules: { ...before.rules, samplingRate: 0.93 },
    reminder: { ...before.reminder, enabled: false },
    alerts: { ...before.alerts, chatWebhookUrl: '' },
  };
  await saveSettings(db, seeding);

  const summary: SeedSummary = {
    tickets: 0,
    surveys: 0,
    skips: 0,
    answers: 0,
    closedBeforeWriteBack: 0,
    seconds: 0,
  };
  const queue = [...plan.tickets];
  let done = 0;
  let nextReport = 0.1;

  const runTicket = async (planned: PlannedTicket) => {
    const requesterId = planned.requesterIsAgent
      ? (account.agentIds[(planned.index * 7) % account.agentIds.length] as number)
      : (account.requesterIds[planned.requester] as number);
    const requester = store.users.get(requesterId);
    const agentId = planned.agent === null ? null : (account.agentIds[planned.agent] as number);
    const messages = DEMO_MESSAGES[requester.locale] ?? DEMO_MESSAGES['en-US'];
    const created = store.tickets.create(
      {
        requester_id: requesterId,
        subject: planned.subject,
        comment: { body: `${planned.subject}. ${messages?.opener ?? ''}` },
        brand_id: account.brandIds.get(planned.brand),
        group_id: account.groupIds.get(planned.group),
        assignee_id: agentId,
        via: { channel: planned.channel },
        satisfaction_rating: planned.satisfaction
          ? { score: planned.satisfaction, comment: null }
          : null,
      },
      { actorId: requesterId },
    ).ticket;
    const agentActor = agentId ?? store.admin.id;
    // The path before the solve the survey asks about: more replies, maybe a reopen (ticket
    // metrics count both). An earlier solve is tagged ces_skip so it starts no survey.
    for (let i = 0; i < planned.extraReplies; i++) {
      store.tickets.update(
        created.id,
        { comment: { body: messages?.followUp ?? 'Could you send more details?', public: true } },
        { actorId: agentActor },
      );
      store.tickets.update(
        created.id,
        { comment: { body: messages?.details ?? 'Here are the details.' } },
        { actorId: requesterId },
      );
    }
    if (planned.reopened) {
      const tags = store.tickets.get(created.id).tags;
      store.tickets.update(
        created.id,
        {
          status: 'solved',
          tags: [...tags, 'ces_skip'],
          comment: { body: messages?.reply ?? 'Solved.', public: true },
        },
        { actorId: agentActor },
      );
      store.tickets.update(
        created.id,
        {
          status: 'open',
          tags,
          comment: { body: messages?.reopen ?? 'This is not solved yet.' },
        },
        { actorId: requesterId },
      );
    }
    const solved = store.tickets.update(
      created.id,
      { status: 'solved', comment: { body: messages?.reply ?? 'Solved.', public: true } },
      { actorId: agentActor },
    ).ticket;
    const solvedMs = Date.parse(solved.solved_at ?? solved.updated_at);
    summary.tickets += 1;

    // The solve webhook: delivered (the service decided) or failed (stop and say so).
    await waitFor(`the solve webhook of ticket ${created.id}`, () => {
      const deliveries = store.deliveries.list({ ticketId: created.id });
      if (deliveries.some((d) => d.status === 'failed')) {
        throw new Error(
          `The solve webhook of ticket ${created.id} failed: ${JSON.stringify(deliveries.at(-1)?.attempts.at(-1))}`,
        );
      }
      return deliveries.length > 0 && deliveries.every((d) => d.status === 'delivered')
        ? true
        : undefined;
    });
    // The service decides at intake or when publishing (e.g. it asks Zendesk the requester's
    // role): the story goes on once there is either a skip or the survey email.
    const outcome = await waitFor(
      `the survey email or skip of ticket ${created.id}`,
      async () => {
        const email = store.emails
          .list({ ticketId: created.id })
          .find((e) => surveyLink(e, 1) !== null);
        if (email) return { email };
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM skips WHERE ticket_id = $1',
          [created.id],
        );
        return (rows[0]?.n ?? 0) > 0 ? { email: null } : undefined;
      },
      60_000,
      100,
    );
    if (outcome.email === null) {
      summary.skips += 1;
    } else {
      const email = outcome.email;
      summary.surveys += 1;
      if (planned.outcome.kind === 'answer') {
        await answer(email, planned, customerAddress(planned.requester, loopback));
        summary.answers += 1;
        if (planned.outcome.closeBeforeWriteBack) {
          // An automation closes the ticket inside the quiet period: Zendesk then refuses the write.
          store.tickets.update(created.id, { status: 'closed' });
          summary.closedBeforeWriteBack += 1;
        }
        await waitFor(
          `the write-back of ticket ${created.id}`,
          async () => {
            const { rows } = await db.query<{ writeback_status: string }>(
              `SELECT writeback_status FROM surveys WHERE ticket_id = $1 AND status = 'answered'`,
              [created.id],
            );
            const state = rows[0]?.writeback_status;
            return state === 'done' || state === 'ticket_closed' || state === 'failed'
              ? state
              : undefined;
          },
          60_000,
          100,
        );
      } else {
        // Unanswered: the link was published (the email proves it); wait for the job to finish.
        await waitFor(`the published survey of ticket ${created.id}`, async () => {
          const { rows } = await db.query<{ status: string }>(
            'SELECT status FROM surveys WHERE ticket_id = $1',
            [created.id],
          );
          return rows[0]?.status === 'sent' ? true : undefined;
        });
      }
    }
    if (
      now.getTime() - planned.solvedAt.getTime() > AUTO_CLOSE_AFTER_MS &&
      store.tickets.get(created.id).status === 'solved'
    ) {
      store.tickets.update(created.id, { status: 'closed' });
    }
    await backdate(store, db, created.id, planned, solvedMs, solved.comments.length);
    done += 1;
    if (done / plan.tickets.length >= nextReport) {
      deps.log(`  seeded ${done} of ${plan.tickets.length} tickets`);
      nextReport += 0.1;
    }
  };

  const workers = Array.from({ length: options.concurrency ?? 16 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await runTicket(next);
  });
  await Promise.all(workers);
  openWork(store, plan, account, now);

  await saveSettings(db, before);
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

/** Tickets still being worked on, one per agent, so a visitor can solve one and watch the flow. */
export const OPEN_TICKETS_PER_AGENT = 1;

function openWork(store: SandboxStore, plan: DemoPlan, account: Account, now: Date): void {
  // Customers of every language, so solving shows the email and page in several of them.
  const byLocale = new Map<string, number>();
  for (const r of plan.requesters) if (!byLocale.has(r.locale)) byLocale.set(r.locale, r.index);
  const requesters = [...byLocale.values()];
  plan.agents.forEach((agent, i) => {
    for (let n = 0; n < OPEN_TICKETS_PER_AGENT; n++) {
      const requester = plan.requesters[requesters[(i + n) % requesters.length] as number];
      if (!requester) continue;
      const requesterId = account.requesterIds[requester.index] as number;
      const subjects = plan.tickets.filter((t) => t.group === agent.group).map((t) => t.subject);
      const subject = subjects[(i * 7 + n) % subjects.length] ?? 'A question';
      const messages = DEMO_MESSAGES[requester.locale] ?? DEMO_MESSAGES['en-US'];
      const ticket = store.tickets.create(
        {
          requester_id: requesterId,
          subject,
          comment: { body: `${subject}. ${messages?.opener ?? ''}` },
          assignee_id: account.agentIds[agent.index],
          group_id: account.groupIds.get(agent.group),
          brand_id: account.brandIds.get(DEMO_BRANDS[i % DEMO_BRANDS.length]?.key ?? 'cloud'),
          via: { channel: i % 3 === 0 ? 'chat' : 'email' },
        },
        { actorId: requesterId },
      ).ticket;
      // Raised during the last day, as open work would be.
      const at = isoTime(now.getTime() - (i * 97 + 30) * 60_000);
      ticket.created_at = at;
      ticket.updated_at = at;
      for (const comment of ticket.comments) comment.created_at = at;
    }
  });
  store.changed();
}

/** The customer: opens the link for the first score, confirms, maybe changes it, then says why. */
async function answer(
  email: EmailRecord,
  planned: PlannedTicket,
  localAddress: string | undefined,
): Promise<void> {
  if (planned.outcome.kind !== 'answer') return;
  const { score, firstScore, driver, comment } = planned.outcome;
  const link = surveyLink(email, firstScore ?? score);
  if (!link) throw new Error(`Seeding stopped: email ${email.id} has no link for score ${score}.`);
  const action = link.split('?')[0] as string;
  const expectOk = (what: string, status: number) => {
    if (status >= 400) {
      throw new Error(`Seeding stopped: ${what} on ${action} answered ${status}.`);
    }
  };
  expectOk('opening the survey link', (await customerRequest(link, { localAddress })).status);
  const first = await customerRequest(action, {
    method: 'POST',
    form: { step: 'score', score: String(firstScore ?? score) },
    localAddress,
  });
  expectOk('confirming the score', first.status);
  const followup = await customerRequest(action, {
    method: 'POST',
    form: { step: 'followup', score: String(score), driver: driver ?? '', comment: comment ?? '' },
    localAddress,
  });
  expectOk('sending the follow-up', followup.status);
}
