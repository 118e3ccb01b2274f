import type { Database } from '../../server/db/database.js';
import { getSettings, saveSettings } from '../../server/settings/settings-repository.js';
import type { Settings } from '../../shared/settings.js';
import type { EmailRecord } from '../zendesk/records.js';
import type { SandboxStore } from '../zendesk/store.js';
import { answer, surveyLink } from './customer-answer.js';
import { customerAddress } from './customer-http.js';
import { createDemoAccount, openWork } from './demo-account.js';
import { DEMO_MESSAGES } from './demo-content.js';
import { planDemo, type PlannedTicket } from './demo-plan.js';
import { ticketWatch } from './ticket-watch.js';
import { AUTO_CLOSE_AFTER_MS, backdate } from './backdate.js';

const DAY_MS = 24 * 60 * 60 * 1000;

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
  const account = createDemoAccount(store, plan);
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
