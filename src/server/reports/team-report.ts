/**
 * The team page's figures and the sidebar's agent summary: SQL tallies (report-queries.ts) turned
 * into API shapes by the shared scoring module, so every figure has one formula.
 */
import type { Queryable } from '../db/database.js';
import type {
  AgentSummaryResponse,
  GroupRow,
  Metrics,
  ReportAnswer,
  ReportAnswersResponse,
  ReportResponse,
  ShareWithInterval,
} from '../../shared/api-types.js';
import { getScale, type Scale, type ScaleId } from '../../shared/scales.js';
import {
  addTally,
  bandOf,
  computeMetrics,
  driverShares,
  rankAgents,
  weeklyTrend,
  wilsonInterval,
  type Delivery,
} from '../../shared/scoring.js';
import { getSettings } from '../settings/settings-repository.js';
import type { Period } from './period.js';
import {
  countDelivery,
  listAnswers,
  tallyAnswers,
  type AnswerCursor,
  type AnswerRow,
  type ReportScope,
  type TallyRow,
} from './report-queries.js';

/** How many of the newest difficult answers the report carries; the rest are a page away. */
export const HIGH_EFFORT_IN_REPORT = 20;
export const MAX_ANSWERS_PAGE = 100;

export interface ReportQuery {
  period: Period;
  groupId?: number;
  brandId?: number;
  channel?: string;
  /** The scale to report on; default: the one in settings (answers on other scales are left out). */
  scaleId?: ScaleId;
}

interface Bucket {
  tally: Map<number, number>;
  csatGood: number;
  csatBad: number;
}

function bucketsOf(rows: readonly TallyRow[], kind: TallyRow['kind']): Map<unknown, Bucket> {
  const out = new Map<unknown, Bucket>();
  for (const r of rows) {
    if (r.kind !== kind) continue;
    let b = out.get(r.key);
    if (!b) out.set(r.key, (b = { tally: new Map(), csatGood: 0, csatBad: 0 }));
    addTally(b.tally, new Map([[r.score, r.count]]));
    b.csatGood += r.csatGood;
    b.csatBad += r.csatBad;
  }
  return out;
}

function csatOf(b: Bucket | undefined): ShareWithInterval | null {
  return b ? wilsonInterval(b.csatGood, b.csatGood + b.csatBad) : null;
}

function toReportAnswer(scale: Scale, r: AnswerRow): ReportAnswer {
  return { ...r, band: bandOf(scale, r.score) };
}

function scopeOf(q: ReportQuery, scaleId: ScaleId): ReportScope {
  return {
    from: q.period.from,
    to: q.period.toExclusive,
    scaleId,
    groupId: q.groupId ?? null,
    brandId: q.brandId ?? null,
    channel: q.channel ?? null,
  };
}

/** Everything the team page shows for a period and filters. */
export async function buildTeamReport(db: Queryable, q: ReportQuery): Promise<ReportResponse> {
  const settings = await getSettings(db);
  const scale = getScale(q.scaleId ?? settings.scaleId);
  const scope = scopeOf(q, scale.id);
  const [tallies, delivery, highEffort] = await Promise.all([
    tallyAnswers(db, scope),
    countDelivery(db, scope),
    listAnswers(db, scope, { scores: scale.difficult, limit: HIGH_EFFORT_IN_REPORT }),
  ]);

  const deliveryOf = (kind: 'agent' | 'group' | 'team', key: number | null): Delivery => {
    const d = delivery.find((r) => r.kind === kind && r.key === key);
    return { sent: d?.sent ?? 0, responded: d?.responded ?? 0 };
  };

  const teamBucket = bucketsOf(tallies, 'team').get(null);
  const team = computeMetrics(scale, teamBucket?.tally ?? new Map(), deliveryOf('team', null));

  // Agents with answers or with surveys sent in the period; unassigned answers count for the team only.
  const agentBuckets = bucketsOf(tallies, 'agent');
  const agentIds = new Set<number>();
  for (const key of agentBuckets.keys()) if (typeof key === 'number') agentIds.add(key);
  for (const d of delivery) if (d.kind === 'agent' && d.key !== null) agentIds.add(d.key);
  const agents = rankAgents(
    scale,
    [...agentIds].map((agentId) => {
      const b = agentBuckets.get(agentId);
      return {
        agentId,
        metrics: computeMetrics(scale, b?.tally ?? new Map(), deliveryOf('agent', agentId)),
        csat: csatOf(b),
      };
    }),
    team.mean,
    settings.ranking,
  );

  const groupBuckets = bucketsOf(tallies, 'group');
  const groupIds = new Set<number>();
  for (const key of groupBuckets.keys()) if (typeof key === 'number') groupIds.add(key);
  for (const d of delivery) if (d.kind === 'group' && d.key !== null) groupIds.add(d.key);
  const groups: GroupRow[] = [...groupIds]
    .map((groupId) => {
      const b = groupBuckets.get(groupId);
      return {
        groupId,
        metrics: computeMetrics(scale, b?.tally ?? new Map(), deliveryOf('group', groupId)),
        csat: csatOf(b),
      };
    })
    .sort((a, b) => b.metrics.n - a.metrics.n || a.groupId - b.groupId);

  const weeks = new Map<string, Map<number, number>>();
  for (const [key, b] of bucketsOf(tallies, 'week')) weeks.set(String(key), b.tally);

  const difficultDrivers = new Map<string, number>();
  for (const r of tallies) {
    if (r.kind !== 'driver' || typeof r.key !== 'string' || !scale.difficult.includes(r.score))
      continue;
    difficultDrivers.set(r.key, (difficultDrivers.get(r.key) ?? 0) + r.count);
  }

  const distribution: ReportResponse['distribution'] = [];
  for (let score = scale.min; score <= scale.max; score++) {
    distribution.push({ score, count: teamBucket?.tally.get(score) ?? 0 });
  }

  return {
    filters: {
      from: q.period.fromDay,
      to: q.period.toDay,
      ...(q.groupId !== undefined ? { groupId: q.groupId } : {}),
      ...(q.brandId !== undefined ? { brandId: q.brandId } : {}),
      ...(q.channel !== undefined ? { channel: q.channel } : {}),
    },
    scaleId: scale.id,
    team,
    agents,
    groups,
    distribution,
    trend: weeklyTrend(scale, weeks, q.period.from, q.period.toDay),
    drivers: driverShares(difficultDrivers),
    highEffort: highEffort.map((r) => toReportAnswer(scale, r)),
    ranking: { ...settings.ranking },
  };
}

export interface AnswersQuery extends ReportQuery {
  agentId?: number;
  band?: 'easy' | 'neutral' | 'difficult';
  driver?: string;
  limit: number;
  cursor?: string;
}

/** A page cursor that is not one of ours (or is from another listing). */
export class CursorError extends Error {
  readonly statusCode = 400;
  readonly code = 'invalid_cursor';
  constructor() {
    super('The "cursor" is not valid: pass back the nextCursor of the previous page unchanged.');
    this.name = 'CursorError';
  }
}

export function encodeCursor(c: AnswerCursor): string {
  return Buffer.from(JSON.stringify([c.answeredAt, c.surveyId])).toString('base64url');
}

export function decodeCursor(raw: string): AnswerCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      Number.isSafeInteger(value[1])
    ) {
      return { answeredAt: value[0], surveyId: value[1] as number };
    }
  } catch {
    // Falls through to the error below: the cursor was not ours.
  }
  throw new CursorError();
}

/** The answers behind a figure, newest first, one page at a time. */
export async function listReportAnswers(
  db: Queryable,
  q: AnswersQuery,
): Promise<ReportAnswersResponse> {
  const settings = await getSettings(db);
  const scale = getScale(q.scaleId ?? settings.scaleId);
  const scope = { ...scopeOf(q, scale.id), agentId: q.agentId ?? null };
  const scores = q.band
    ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i).filter(
        (s) => bandOf(scale, s) === q.band,
      )
    : undefined;
  const limit = Math.min(Math.max(1, q.limit), MAX_ANSWERS_PAGE);
  // One row more than asked tells whether another page exists without a count query.
  const rows = await listAnswers(db, scope, {
    scores,
    driver: q.driver ?? null,
    limit: limit + 1,
    after: q.cursor ? decodeCursor(q.cursor) : null,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toReportAnswer(scale, r)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ answeredAt: last.answeredAt, surveyId: last.surveyId })
        : null,
  };
}

export const DEFAULT_SUMMARY_DAYS = [30, 90] as const;
const DAY_MS = 86_400_000;

/** An agent's own figures over rolling periods ending now (the sidebar's "your score"). */
export async function buildAgentSummary(
  db: Queryable,
  agentId: number,
  days: readonly number[] = DEFAULT_SUMMARY_DAYS,
  now: Date = new Date(),
): Promise<AgentSummaryResponse> {
  const settings = await getSettings(db);
  const scale = getScale(settings.scaleId);
  const periods: AgentSummaryResponse['periods'] = [];
  for (const d of days) {
    const scope: ReportScope = {
      from: new Date(now.getTime() - d * DAY_MS),
      to: now,
      scaleId: scale.id,
      agentId,
    };
    const [tallies, delivery] = await Promise.all([
      tallyAnswers(db, scope, { agent: false, group: false, driver: false }),
      countDelivery(db, scope),
    ]);
    const team = delivery.find((r) => r.kind === 'team');
    const metrics: Metrics = computeMetrics(
      scale,
      bucketsOf(tallies, 'team').get(null)?.tally ?? new Map(),
      { sent: team?.sent ?? 0, responded: team?.responded ?? 0 },
    );
    const weeks = new Map<string, Map<number, number>>();
    for (const [key, b] of bucketsOf(tallies, 'week')) weeks.set(String(key), b.tally);
    periods.push({ days: d, metrics, trend: weeklyTrend(scale, weeks, scope.from, now) });
  }
  return { agentId, scaleId: scale.id, periods };
}
