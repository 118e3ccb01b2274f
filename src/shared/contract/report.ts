/** The team page: /report (+ .csv), and the answers behind its figures (+ .csv). */
import { z } from 'zod';
import {
  band,
  countsPerPoint,
  id,
  int,
  Metrics,
  NamedRef,
  nullableInt,
  nullableNum,
  nullableStr,
  page,
  ReportAnswer,
  ScaleInPeriod,
  scaleId,
  ShareWithInterval,
  TrendPoint,
} from './common.js';
import { AGENT_SORT_KEYS } from '../agent-sort-keys.js';
import { csv, errors, route } from './route.js';

/** The largest page of answers one request returns. */
export const MAX_ANSWERS_PAGE = 100;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The report's filters, shared by /report, its exports, /report/answers and an agent's page. */
export const reportFilterFields = {
  from: day
    .optional()
    .describe("First solve day (account's time zone), YYYY-MM-DD; default 29 days before `to`."),
  to: day.optional().describe("Last solve day (account's time zone), YYYY-MM-DD; default today."),
  groupId: id.optional(),
  brandId: id.optional(),
  channel: z.string().min(1).max(100).optional(),
  scaleId: scaleId.optional().describe('Only answers on this scale; default: every scale.'),
};
export const reportQuery = z.strictObject(reportFilterFields);
/** The filters as a route reads them (all optional; groupId may be narrowed to the user's). */
export type ReportFiltersQuery = z.output<typeof reportQuery>;

/** Which answers behind a figure: a band or a reason, a page at a time. */
export const answerFilterFields = {
  band: band.optional(),
  driver: z.string().min(1).max(100).optional(),
  ...page(MAX_ANSWERS_PAGE, 20),
};

/** The filters as the report applied them: from/to resolved (solve days, account's zone). */
export const ReportFilters = z.object({
  from: z.string().describe('First day, YYYY-MM-DD, inclusive.'),
  to: z.string().describe('Last day, YYYY-MM-DD, inclusive.'),
  groupId: int.optional(),
  brandId: int.optional(),
  channel: z.string().optional(),
});
export type ReportFilters = z.output<typeof ReportFilters>;

export const AgentRow = z.object({
  agentId: int,
  metrics: Metrics,
  /** Mean shrunk toward the team mean; ranks within one scale (null across scales). */
  shrunkMean: nullableNum,
  /** % easy shrunk toward the team's % easy (fraction 0..1); ranks across scales. */
  shrunkEasy: nullableNum,
  /** 1 = best by `ranking.measure`; null when under the minimum n. */
  rank: nullableInt,
  /** CSAT beside CES: good / (good + bad) among the agent's surveyed tickets, when Zendesk had any. */
  csat: ShareWithInterval.nullable(),
});
export type AgentRow = z.output<typeof AgentRow>;

export const GroupRow = z.object({
  groupId: int,
  metrics: Metrics,
  csat: ShareWithInterval.nullable(),
});
export type GroupRow = z.output<typeof GroupRow>;

export const DriverShare = z.object({ driver: z.string(), count: int, share: ShareWithInterval });
export type DriverShare = z.output<typeof DriverShare>;

export const rankBand = z.object({ low: int, high: int });
export const expectation = z.enum(['above', 'within', 'below']);

/** One agent's place on the funnel plot and in the table: the band of ranks and the mark. */
export const AgentStanding = z.object({
  agentId: int,
  rankBand: rankBand.nullable(),
  expectation: expectation.nullable(),
});
export type AgentStanding = z.output<typeof AgentStanding>;

/** `measure`: shrunkMean on one scale, shrunkEasy when the period spans several. */
export const ranking = z.object({
  priorWeight: z.number(),
  minAnswers: int,
  measure: z.enum(['shrunkMean', 'shrunkEasy']),
});

/**
 * A figure's change from the previous period: current − previous (count for answers, fraction
 * for shares and the response rate, points for NES, scale points for a mean) with its 95%
 * interval. `beyondNoise`: the interval leaves out 0 (docs/reports.md, "Previous period").
 */
export const FigureChange = z.object({
  difference: z.number(),
  low: z.number(),
  high: z.number(),
  beyondNoise: z.boolean(),
});
export type FigureChange = z.output<typeof FigureChange>;

/** The change of every headline figure; null where either period has nothing to compare. */
export const PeriodChanges = z.object({
  n: FigureChange,
  responseRate: FigureChange.nullable(),
  easy: FigureChange.nullable(),
  difficult: FigureChange.nullable(),
  netEasyScore: FigureChange.nullable(),
  /** Per scale with at least 2 answers in both periods (means never cross scales). */
  means: z.array(z.object({ scaleId, change: FigureChange })),
});
export type PeriodChanges = z.output<typeof PeriodChanges>;

/** The previous period of the same length: its days, the team's figures then, and the changes. */
export const PreviousPeriod = z
  .object({ from: z.string(), to: z.string(), team: Metrics, changes: PeriodChanges })
  .describe(
    "The same filters over the N days just before `from`; each headline's change (current − previous) with its 95% interval (docs/reports.md).",
  );
export type PreviousPeriod = z.output<typeof PreviousPeriod>;

/**
 * The one reminder's effect, among the surveys sent in the period (superseded and replaced ones
 * left out, as in the response rate). `rateWith` = answered ÷ sent; `rateWithout` = answered
 * before any reminder went out ÷ sent; `answersAfterReminder` = answered − answered before it.
 * Rates are null when nothing was sent.
 */
export const ReminderFigures = z.object({
  sent: int,
  reminded: int,
  answersAfterReminder: int,
  rateWith: nullableNum,
  rateWithout: nullableNum,
});
export type ReminderFigures = z.output<typeof ReminderFigures>;

/**
 * How the ticket was resolved, from Zendesk's ticket metrics right after the solve
 * (docs/reports.md): agent replies 1 = one-touch, 2 or more = multi-touch, 0 = no public agent
 * reply; `unknown` = no metrics for the survey (older surveys, a failed read).
 */
export const TouchPath = z.enum(['one', 'multi', 'none', 'unknown']);
export type TouchPath = z.output<typeof TouchPath>;
/** Whether the ticket had been reopened (Zendesk's `reopens` > 0) when it was solved. */
export const ReopenPath = z.enum(['no', 'yes', 'unknown']);
export type ReopenPath = z.output<typeof ReopenPath>;

export const ResolutionPaths = z.object({
  touch: z
    .array(z.object({ path: TouchPath, metrics: Metrics }))
    .describe(
      "Answers by Zendesk's agent replies at solve: one (1), multi (2+), none (0), unknown (no metrics).",
    ),
  reopened: z
    .array(z.object({ path: ReopenPath, metrics: Metrics }))
    .describe("Answers by Zendesk's reopens at solve: no (0), yes (1+), unknown (no metrics)."),
  channels: z
    .array(z.object({ channel: z.string(), metrics: Metrics }))
    .describe("Answers by the survey's channel ('' = none known), most answers first."),
  /** Answers in scope whose ticket metrics were captured, and those without (unknown). */
  withMetrics: int,
  withoutMetrics: int,
});
export type ResolutionPaths = z.output<typeof ResolutionPaths>;

export const ReportResponse = z.object({
  filters: ReportFilters,
  /** The current scale (the settings'), or the one asked for. */
  scaleId,
  /** The scales the period's answers were asked on, oldest last day first; > 1: a scale change. */
  scales: z.array(ScaleInPeriod),
  /** IANA time zone of the days (the Zendesk account's; UTC when unknown). */
  timeZone: z.string(),
  team: Metrics,
  agents: z.array(AgentRow),
  groups: z.array(GroupRow),
  /** Count of answers per point of `scaleId`, for the distribution chart. */
  distribution: countsPerPoint,
  /** The same per scale in `scales`. */
  distributions: z.array(z.object({ scaleId, counts: countsPerPoint })),
  trend: z.array(TrendPoint),
  /**
   * Drivers among difficult answers, largest share first; each share is out of every difficult
   * answer in scope (team.difficult), also those that named no reason.
   */
  drivers: z.array(DriverShare),
  /** The most recent difficult answers behind the figures. */
  highEffort: z.array(ReportAnswer),
  ranking,
  standings: z
    .array(AgentStanding)
    .describe(
      "Per agent: the ranks its 95% interval allows, and % easy against the team's funnel limits.",
    ),
  paths: ResolutionPaths,
  /** Names of the agents and groups the report mentions (its rows and high-effort answers). */
  names: z.object({ agents: z.array(NamedRef), groups: z.array(NamedRef) }),
  previous: PreviousPeriod,
  /** What the one reminder added to the response rate (docs/reminders-and-alerts.md). */
  reminders: ReminderFigures,
});
export type ReportResponse = z.output<typeof ReportResponse>;

/** A page of answers, newest first; pass `nextCursor` back as `cursor`; null: no more. */
export const ReportAnswersResponse = z.object({
  items: z.array(ReportAnswer),
  nextCursor: nullableStr,
});
export type ReportAnswersResponse = z.output<typeof ReportAnswersResponse>;

const failures = errors(400, 401, 403, 503);

export const reportRoute = route({
  method: 'GET',
  url: '/report',
  tags: ['report'],
  summary:
    'Team, agent and group figures, distribution, weekly trend, drivers and high-effort answers',
  querystring: reportQuery,
  response: { 200: ReportResponse, ...failures },
});

export const reportCsvRoute = route({
  method: 'GET',
  url: '/report.csv',
  tags: ['report'],
  summary:
    'The team page of /report with the same filters as CSV (text/csv): filters, team, agent and group rows, reasons',
  querystring: z.strictObject({
    ...reportFilterFields,
    sort: z.enum(AGENT_SORT_KEYS).default('rank'),
    order: z.enum(['asc', 'desc']).default('asc'),
  }),
  response: {
    200: csv(
      'Blocks separated by an empty line, each with its header row: the filters; the team, agent (in the order asked for) and group rows; the reasons (RFC 4180, CRLF line ends).',
    ),
    ...failures,
  },
});

export const reportAnswersCsvRoute = route({
  method: 'GET',
  url: '/report/answers.csv',
  tags: ['report'],
  summary: 'Every answer behind /report with the same filters, as CSV (text/csv)',
  querystring: reportQuery,
  response: {
    200: csv('A header row, then one row per answer, newest first (RFC 4180, CRLF line ends).'),
    ...failures,
  },
});

export const reportAnswersRoute = route({
  method: 'GET',
  url: '/report/answers',
  tags: ['report'],
  summary: "The answers behind a figure (e.g. one agent's difficult answers), newest first, paged",
  querystring: z.strictObject({
    ...reportFilterFields,
    agentId: id.optional(),
    ...answerFilterFields,
  }),
  response: { 200: ReportAnswersResponse, ...failures },
});

export const REPORT_ROUTES = [
  reportRoute,
  reportCsvRoute,
  reportAnswersCsvRoute,
  reportAnswersRoute,
] as const;
