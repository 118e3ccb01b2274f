/** An agent's own figures: the sidebar's summary, the agent page and its answers. */
import { z } from 'zod';
import {
  countsPerPoint,
  idParams,
  int,
  Metrics,
  NamedRef,
  nullableInt,
  nullableNum,
  ScaleInPeriod,
  scaleId,
  ShareWithInterval,
  TrendPoint,
} from './common.js';
import {
  answerFilterFields,
  DriverShare,
  expectation,
  rankBand,
  ranking,
  reportFilterFields,
  ReportAnswersResponse,
  ReportFilters,
  reportQuery,
} from './report.js';
import { errors, route } from './route.js';

/**
 * GET /api/v1/agents/:id/summary?days=30,90 (the default) — for each N, the N days up to and
 * including today in the Zendesk account's time zone, like the team page's default period.
 * `scaleId`: the current scale; a period's `scales` lists the scales its answers were asked on.
 */
export const AgentSummaryResponse = z.object({
  agentId: int,
  /** The agent's name in Zendesk. */
  agent: NamedRef,
  scaleId,
  /** IANA time zone of the days (the Zendesk account's; UTC when unknown). */
  timeZone: z.string(),
  periods: z.array(
    z.object({
      days: int,
      /** First and last day, YYYY-MM-DD. */
      from: z.string(),
      to: z.string(),
      metrics: Metrics,
      trend: z.array(TrendPoint),
      scales: z.array(ScaleInPeriod),
    }),
  ),
});
export type AgentSummaryResponse = z.output<typeof AgentSummaryResponse>;

/**
 * GET /api/v1/agents/:id/report — one agent's page for the team page's filters: the agent's row of
 * /report (same figures, same definitions), where it stands among the team, and its own
 * distribution, weekly trend and reasons. The answers behind it: GET /api/v1/agents/:id/answers.
 */
export const AgentReportResponse = z.object({
  agentId: int,
  agent: NamedRef,
  filters: ReportFilters,
  /** The current scale (the settings'), or the one asked for. */
  scaleId,
  /** The scales the team's answers in the period were asked on; > 1: a scale change. */
  scales: z.array(ScaleInPeriod),
  timeZone: z.string(),
  /** The agent's figures: the same as its row of /report (zero answers when it has none). */
  metrics: Metrics,
  csat: ShareWithInterval.nullable(),
  /** Rank, rank band and funnel mark as /report gives them; null when unranked or no answers. */
  standing: z.object({
    rank: nullableInt,
    rankBand: rankBand.nullable(),
    expectation: expectation.nullable(),
    shrunkMean: nullableNum,
    shrunkEasy: nullableNum,
    /** Agents ranked in the period (the "of N" of the rank). */
    ranked: int,
  }),
  /** The team's figures for the same filters: what the agent is compared with. */
  team: Metrics,
  ranking,
  /** The agent's answers per point, per scale in `scales` that the agent has answers on. */
  distributions: z.array(z.object({ scaleId, counts: countsPerPoint })),
  trend: z.array(TrendPoint),
  /** Reasons among the agent's difficult answers, each out of all of them (also unnamed ones). */
  drivers: z.array(DriverShare),
});
export type AgentReportResponse = z.output<typeof AgentReportResponse>;

const failures = errors(400, 401, 403, 503);

export const agentSummaryRoute = route({
  method: 'GET',
  url: '/agents/:id/summary',
  tags: ['agents'],
  summary: "An agent's own figures and weekly trend over the last N days (default 30 and 90)",
  params: idParams,
  querystring: z.strictObject({
    days: z
      .string()
      .regex(/^\d{1,3}(,\d{1,3}){0,3}$/)
      .default('30,90')
      .describe('Up to 4 period lengths in days (1..366), comma-separated.'),
  }),
  response: { 200: AgentSummaryResponse, ...failures },
});

export const agentReportRoute = route({
  method: 'GET',
  url: '/agents/:id/report',
  tags: ['agents'],
  summary:
    "One agent's page for the team page's filters: its figures and standing, distribution, weekly trend and reasons",
  params: idParams,
  querystring: reportQuery,
  response: { 200: AgentReportResponse, ...failures },
});

export const agentAnswersRoute = route({
  method: 'GET',
  url: '/agents/:id/answers',
  tags: ['agents'],
  summary:
    "One agent's answers for the team page's filters, newest solve first, a page at a time (pass nextCursor back as cursor)",
  params: idParams,
  querystring: z.strictObject({ ...reportFilterFields, ...answerFilterFields }),
  response: { 200: ReportAnswersResponse, ...failures },
});

export const AGENT_ROUTES = [agentSummaryRoute, agentReportRoute, agentAnswersRoute] as const;
