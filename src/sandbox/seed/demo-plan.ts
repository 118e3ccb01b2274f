import {
  DEMO_AGENTS,
  DEMO_BRANDS,
  DEMO_CHANNELS,
  DEMO_COMMENTS,
  DEMO_DRIVER_WEIGHTS,
  DEMO_GROUPS,
  DEMO_LOCALES,
  DEMO_NAMES,
  DEMO_SUBJECTS,
  type GroupKey,
} from './demo-content.js';
import { Random } from './random.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PlannedAgent {
  index: number;
  name: string;
  email: string;
  group: GroupKey;
  skill: number;
  trend: number;
  /** Days ago the agent started taking tickets (a newcomer has few answers). */
  startedDaysAgo: number;
}

export interface PlannedRequester {
  index: number;
  name: string;
  email: string;
  locale: string;
}

/** What the customer does with the survey email. */
export type PlannedOutcome =
  | { kind: 'ignore' }
  | {
      kind: 'answer';
      score: number;
      /** A first answer the customer changed before the follow-up (the page allows it). */
      firstScore: number | null;
      driver: string | null;
      comment: string | null;
      /** Minutes after the email until the customer answers. */
      delayMinutes: number;
      /** The ticket is closed before the answer reaches it (Zendesk then refuses the update). */
      closeBeforeWriteBack: boolean;
    };

export interface PlannedTicket {
  index: number;
  subject: string;
  requester: number;
  /** An internal ticket an agent raised (the rules skip agent requesters). */
  requesterIsAgent: boolean;
  /** Index into agents, or null for a ticket nobody was assigned (the rules skip it). */
  agent: number | null;
  group: GroupKey;
  brand: (typeof DEMO_BRANDS)[number]['key'];
  channel: string;
  createdAt: Date;
  solvedAt: Date;
  satisfaction: 'good' | 'bad' | null;
  /** Public agent replies before the solving one (0: a one-touch ticket). */
  extraReplies: number;
  /** Solved once, reopened by the customer, then solved again (the survey's solve). */
  reopened: boolean;
  outcome: PlannedOutcome;
}

export interface DemoPlan {
  agents: PlannedAgent[];
  requesters: PlannedRequester[];
  tickets: PlannedTicket[];
}

export interface PlanOptions {
  tickets: number;
  days: number;
  now: Date;
  seed?: number;
  /** Share of surveys the customer answers. */
  answerRate?: number;
  /** How many answered tickets get closed before their write-back. */
  closedBeforeWriteBack?: number;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

function clampScore(value: number): number {
  return Math.min(7, Math.max(1, Math.round(value)));
}

/** A solve time `daysAgo` back, on a working hour, weekdays three times as likely as weekends. */
function solveTime(random: Random, now: Date, days: number): Date {
  for (;;) {
    const daysAgo = random.next() * days;
    const at = new Date(now.getTime() - daysAgo * DAY_MS);
    const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
    if (weekend && random.chance(2 / 3)) continue;
    at.setUTCHours(random.int(7, 18), random.int(0, 59), random.int(0, 59), 0);
    const inPeriod = at.getTime() > now.getTime() - days * DAY_MS;
    if (inPeriod && at.getTime() < now.getTime() - 60_000) return at;
  }
}

/** The whole demo account, decided up front from a seed, so every start seeds the same story. */
export function planDemo(options: PlanOptions): DemoPlan {
  const random = new Random(options.seed ?? 20_261_123);
  const answerRate = options.answerRate ?? 0.48;
  const agents: PlannedAgent[] = DEMO_AGENTS.map((a, index) => ({
    index,
    name: a.name,
    email: `${slug(a.name)}@acme.example`,
    group: a.group,
    skill: a.skill,
    trend: a.trend,
    startedDaysAgo: index === DEMO_AGENTS.length - 1 ? 3 : options.days,
  }));

  const requesters: PlannedRequester[] = [];
  const requesterCount = Math.max(20, Math.round(options.tickets / 4));
  for (let index = 0; index < requesterCount; index++) {
    const locale = random.weighted(DEMO_LOCALES);
    const names =
      DEMO_NAMES[locale] ?? (DEMO_NAMES['en-US'] as { first: string[]; last: string[] });
    const name = `${random.pick(names.first)} ${random.pick(names.last)}`;
    requesters.push({ index, name, email: `${slug(name)}.${index}@customer.example`, locale });
  }

  const tickets: PlannedTicket[] = [];
  for (let index = 0; index < options.tickets; index++) {
    const solvedAt = solveTime(random, options.now, options.days);
    const daysAgo = (options.now.getTime() - solvedAt.getTime()) / DAY_MS;
    const group = random.pick(DEMO_GROUPS).key;
    const candidates = agents.filter((a) => a.group === group && a.startedDaysAgo >= daysAgo);
    const unassigned = random.chance(0.03) || candidates.length === 0;
    const agent = unassigned ? null : random.pick(candidates);
    const [channel, , channelEase] = DEMO_CHANNELS[
      DEMO_CHANNELS.indexOf(random.weighted(DEMO_CHANNELS.map((c) => [c, c[1]] as const)))
    ] as readonly [string, number, number];
    const requester = random.pick(requesters);
    const requesterIsAgent = random.chance(0.01);
    const createdAt = new Date(solvedAt.getTime() - random.int(20, 60 * 72) * 60_000);
    // Most tickets are solved in one reply; back-and-forth and reopens cost the customer effort.
    const extraReplies = random.weighted([
      [0, 0.55],
      [1, 0.25],
      [2, 0.13],
      [3, 0.07],
    ] as const);
    const reopened = random.chance(0.06 + 0.05 * extraReplies);

    let outcome: PlannedOutcome = { kind: 'ignore' };
    let satisfaction: PlannedTicket['satisfaction'] = null;
    if (agent && !requesterIsAgent && random.chance(answerRate)) {
      // Older answers sit further from the agent's current level: that makes the trend.
      const progress = 1 - daysAgo / options.days;
      const pathEffort = 0.6 * extraReplies + (reopened ? 1.3 : 0);
      const mean = agent.skill - agent.trend + agent.trend * progress + channelEase - pathEffort;
      const score = clampScore(mean + random.normal() * 1.3);
      const difficult = score <= 3;
      const comments = DEMO_COMMENTS[requester.locale] ?? DEMO_COMMENTS['en-US'];
      let driver: string | null = null;
      let comment: string | null = null;
      if (score <= 4 && random.chance(difficult ? 0.85 : 0.4)) {
        driver = random.weighted(DEMO_DRIVER_WEIGHTS[group]);
        if (random.chance(0.55)) comment = random.pick(comments?.hard[driver] ?? []);
      } else if (score >= 6 && random.chance(0.25)) {
        comment = random.pick(comments?.easy ?? []);
      }
      outcome = {
        kind: 'answer',
        score,
        firstScore: random.chance(0.04) ? clampScore(score + random.pick([-2, -1, 1, 2])) : null,
        driver,
        comment,
        // An answer comes after its solve and never after now: a recent solve waits less.
        delayMinutes: Math.min(
          random.int(2, 60 * 36),
          Math.max(1, Math.floor((options.now.getTime() - solvedAt.getTime()) / 60_000) - 1),
        ),
        closeBeforeWriteBack: false,
      };
      if (random.chance(0.35)) satisfaction = score >= 5 ? 'good' : score <= 3 ? 'bad' : null;
    } else if (random.chance(0.15)) {
      satisfaction = random.chance(0.8) ? 'good' : 'bad';
    }
    tickets.push({
      index,
      subject: random.pick(DEMO_SUBJECTS[group]),
      requester: requester.index,
      requesterIsAgent,
      agent: agent ? agent.index : null,
      group,
      brand: random.weighted(
        DEMO_BRANDS.map((b, i) => [b.key, [0.6, 0.3, 0.1][i] ?? 0.1] as const),
      ),
      channel,
      createdAt,
      solvedAt,
      satisfaction,
      extraReplies,
      reopened,
      outcome,
    });
  }

  tickets.sort((a, b) => a.solvedAt.getTime() - b.solvedAt.getTime());
  tickets.forEach((t, i) => (t.index = i));
  // A few recent answers whose ticket an automation closed before the write-back got there.
  const recentAnswered = tickets.filter(
    (t) =>
      t.outcome.kind === 'answer' &&
      options.now.getTime() - t.solvedAt.getTime() < 20 * DAY_MS &&
      options.now.getTime() - t.solvedAt.getTime() > 5 * DAY_MS,
  );
  for (let i = 0; i < (options.closedBeforeWriteBack ?? 6) && i < recentAnswered.length; i++) {
    const ticket = recentAnswered[Math.floor((i * recentAnswered.length) / 6)] as PlannedTicket;
    if (ticket.outcome.kind === 'answer') ticket.outcome.closeBeforeWriteBack = true;
  }
  return { agents, requesters, tickets };
}
