import type { Database } from '../../server/db/database.js';
import { getSettings, saveSettings } from '../../server/settings/settings-repository.js';
import type { Settings } from '../../shared/settings.js';
import { SANDBOX_CUSTOM_ROLES, type EmailRecord } from '../zendesk/records.js';
import type { SandboxStore } from '../zendesk/store.js';
import { isoTime } from '../zendesk/store/context.js';
import { customerAddress, customerRequest } from './customer-http.js';
import { DEMO_BRANDS, DEMO_GROUPS, DEMO_MESSAGES, DEMO_TEAM_LEADER } from './demo-content.js';
import { planDemo, type DemoPlan, type PlannedTicket } from './demo-plan.js';
import { ticketWatch } from './ticket-watch.js';
import { AUTO_CLOSE_AFTER_MS, backdate } from './backdate.js';

const DAY_MS = 24 * 60 * 60 * 1000;
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
  /**
   * Seed only the tickets solved in these last days before returning; the older ones go on in the
   * background (`SeedRun.background`). Unset: everything before returning.
   */
  foregroundDays?: number;
  /** Tickets in flight at once in the background (default: `concurrency`). */
  backgroundConcurrency?: number;
}

/** The seed of the demo account: what is there when seedDemo returns, and what is still coming. */
export interface SeedRun {
  /** The tickets seeded before returning. */
  summary: SeedSummary;
  /** Tickets in the plan, foreground and background. */
  planned: number;
  background: BackgroundSeed | null;
}

export interface BackgroundSeed {
  /** The whole seed's summary once the older tickets are in too. */
  done: Promise<SeedSummary>;
  progress(): { done: number; total: number };
  /** Takes no new ticket (those in flight finish or fail with the service being closed). */
  stop(): void;
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
 * Seeds the demo account through the product's real paths: each planned ticket is created and
 * solved in the sandbox, whose trigger sends the signed webhook; the service decides, publishes
 * the link, Zendesk's second trigger emails it; a simulated customer opens the link and answers
 * with form posts; the worker writes the answer back. Then the ticket's clock is shifted back.
 */
export async function seedDemo(deps: SeedDeps, options: SeedOptions): Promise<SeedRun> {
  const started = Date.now();
  const { store, db } = deps;
  const now = deps.now ?? new Date();
  const plan = planDemo({ tickets: options.tickets, days: options.days, now, seed: options.seed });
  const account = createAccount(store, plan);
  const loopback = deps.ownAddresses;
  const watch = ticketWatch(db);

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
  // The recent days first (newest first), so the first screens have their data soonest.
  const recentFrom = now.getTime() - (options.foregroundDays ?? Infinity) * DAY_MS;
  const newestFirst = [...plan.tickets].reverse();
  const foreground = newestFirst.filter((t) => t.solvedAt.getTime() >= recentFrom);
  const later = newestFirst.filter((t) => t.solvedAt.getTime() < recentFrom);
  let done = 0;
  let nextReport = 0.1;
  let stopping = false;

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
    const outcome = await watch.until(
      `the survey email or skip of ticket ${created.id}`,
      created.id,
      (state): { email: EmailRecord | null } | undefined => {
        const email = store.emails
          .list({ ticketId: created.id })
          .find((e) => surveyLink(e, 1) !== null);
        if (email) return { email };
        return state.skipped ? { email: null } : undefined;
      },
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
        await watch.until(`the write-back of ticket ${created.id}`, created.id, (state) => {
          const writeback = state.surveys.find((s) => s.status === 'answered')?.writeback_status;
          return writeback === 'done' || writeback === 'ticket_closed' || writeback === 'failed'
            ? writeback
            : undefined;
        });
      } else {
        // Unanswered: the link was published (the email proves it); wait for the job to finish.
        await watch.until(`the published survey of ticket ${created.id}`, created.id, (state) =>
          state.surveys[0]?.status === 'sent' ? true : undefined,
        );
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

  const runAll = async (tickets: PlannedTicket[], concurrency: number) => {
    const queue = [...tickets];
    const workers = Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next && !stopping; next = queue.shift()) {
        await runTicket(next);
      }
    });
    try {
      await Promise.all(workers);
    } catch (error) {
      // One ticket's story failed: the other workers take no new ticket either.
      stopping = true;
      throw error;
    }
  };
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;

  try {
    await runAll(foreground, options.concurrency ?? 16);
  } finally {
    await saveSettings(db, before);
  }
  openWork(store, plan, account, now);
  const first = { ...summary, seconds: elapsed() };
  if (later.length === 0) return { summary: first, planned: plan.tickets.length, background: null };

  // The older weeks go on while the visitor looks around, under the visitor's own settings: no
  // sampling or quiet period of the seed's leaks into what they try, or into what Settings shows.
  const rest = runAll(later, options.backgroundConcurrency ?? options.concurrency ?? 16).then(
    () => {
      // Stopped on purpose: not the whole seed, whatever the workers finished.
      if (stopping) throw new Error('Seeding was stopped.');
      return { ...summary, seconds: elapsed() };
    },
  );
  return {
    summary: first,
    planned: plan.tickets.length,
    background: {
      done: rest,
      progress: () => ({ done, total: plan.tickets.length }),
      stop: () => {
        stopping = true;
      },
    },
  };
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
