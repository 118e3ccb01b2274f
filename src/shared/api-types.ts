/**
 * The JSON the service's /api/v1 routes return and the app reads. One definition for both sides.
 * Timestamps are ISO 8601 strings; ids are numbers.
 */
import type { ScaleId } from './scales.js';
import type { Settings, SettingsProblem } from './settings.js';
import type { AgentStanding } from './standing.js';

/**
 * 'superseded': a newer survey of the ticket came before this one was answered (its link is closed).
 * 'replaced': answered, then a newer survey of the ticket was answered too; kept as history and
 * counted nowhere (one answer per ticket: the latest).
 */
export type SurveyStatus = 'pending' | 'sent' | 'answered' | 'superseded' | 'replaced';
export type WritebackStatus = 'none' | 'pending' | 'done' | 'ticket_closed' | 'failed';

export interface AnswerView {
  score: number;
  scaleId: ScaleId;
  /** 'easy' | 'neutral' | 'difficult', derived from the scale. */
  band: 'easy' | 'neutral' | 'difficult';
  driver: string | null;
  comment: string | null;
  locale: string | null;
  answeredAt: string;
  updatedAt: string;
  /** True when the customer changed the answer after first giving it. */
  edited: boolean;
}

export interface SurveyView {
  id: number;
  ticketId: number;
  origin: 'solve' | 'manual';
  status: SurveyStatus;
  scaleId: ScaleId;
  requesterId: number | null;
  requesterLocale: string | null;
  assigneeId: number | null;
  groupId: number | null;
  brandId: number | null;
  channel: string | null;
  satisfaction: string | null;
  createdAt: string;
  publishedAt: string | null;
  closesAt: string;
  writeback: { status: WritebackStatus; at: string | null };
  answer: AnswerView | null;
}

export interface SkipView {
  ticketId: number;
  reason: SkipReason;
  detail: string | null;
  createdAt: string;
}

export type SkipReason =
  | 'sampled_out'
  | 'throttled'
  | 'excluded_group'
  | 'excluded_brand'
  | 'excluded_channel'
  | 'excluded_tag'
  | 'no_assignee'
  | 'no_requester'
  | 'agent_requester'
  /** Solved while a survey sent from the sidebar is still open: that survey stays the one. */
  | 'survey_open'
  /** Solved again after the customer answered, and the settings say not to ask again. */
  | 'already_answered'
  /** "Send now" on a ticket Zendesk has closed (a closed ticket cannot carry the link). */
  | 'ticket_closed';

/**
 * GET /api/v1/tickets/:id — the ticket's latest survey and, when no survey came after it, its
 * latest skip (so a later solve or resend that a rule skipped shows up beside the older survey).
 * `earlier`: the ticket's older answered surveys, newest first (history after a resend or re-solve).
 */
export interface TicketSurveyResponse {
  ticketId: number;
  survey: SurveyView | null;
  skip: SkipView | null;
  earlier: SurveyView[];
}

/**
 * GET /api/v1/requesters/:id?limit=N&cursor=C — the requester's answered surveys, newest first;
 * pass `nextCursor` back as `cursor` for older ones.
 */
export interface RequesterHistoryResponse {
  requesterId: number;
  items: Array<
    Pick<SurveyView, 'id' | 'ticketId' | 'createdAt' | 'scaleId'> & { answer: AnswerView }
  >;
  nextCursor: string | null;
}

/**
 * POST /api/v1/requesters/:id/erase (admins) — the requester's answers lose who gave them and
 * what they wrote; the counts say how much was erased (docs/data-protection.md).
 */
export interface EraseRequesterResponse {
  requesterId: number;
  surveys: number;
  answers: number;
  comments: number;
  skips: number;
}

/** A share with its 95% Wilson interval, all as fractions 0..1. */
export interface ShareWithInterval {
  value: number;
  low: number;
  high: number;
}

/** The figures behind one row (an agent, a group, the whole team). */
export interface Metrics {
  /** Answers counted. */
  n: number;
  /** Surveys sent (published) in the period (for the response rate). */
  sent: number;
  /** How many of those `sent` surveys have an answer. */
  responded: number;
  /**
   * The mean on the scale, when every answer of the report is on one scale; null when the period
   * spans a scale change (see `means`: means are never averaged across scales).
   */
  mean: number | null;
  /** 95% interval of the mean (t-based); null under 2 answers or across scales. */
  meanInterval: { low: number; high: number } | null;
  /** The mean per scale the answers were asked on, one entry per scale with answers. */
  means: ScaleMean[];
  easy: ShareWithInterval | null;
  difficult: ShareWithInterval | null;
  /** % easy − % difficult, from −100 to 100. */
  netEasyScore: number | null;
  /** responded / sent as a fraction 0..1; null when nothing was sent. */
  responseRate: number | null;
}

/** The mean of the answers asked on one scale, with its 95% t interval (null under 2 answers). */
export interface ScaleMean {
  scaleId: ScaleId;
  n: number;
  mean: number | null;
  interval: { low: number; high: number } | null;
}

/**
 * A scale the period's answers were asked on, with its first and last day (account zone) with an
 * answer. More than one: the period spans a scale change.
 */
export interface ScaleInPeriod {
  scaleId: ScaleId;
  n: number;
  firstDay: string;
  lastDay: string;
}

/**
 * GET /api/v1/agents/:id/summary?days=30,90 (the default) — for each N, the N days up to and
 * including today in the Zendesk account's time zone, like the team page's default period.
 * `scaleId`: the current scale; a period's `scales` lists the scales its answers were asked on.
 */
export interface AgentSummaryResponse {
  agentId: number;
  /** The agent's name in Zendesk. */
  agent: NamedRef;
  scaleId: ScaleId;
  /** IANA time zone of the days (the Zendesk account's; UTC when unknown). */
  timeZone: string;
  periods: Array<{
    days: number;
    /** First and last day, YYYY-MM-DD. */
    from: string;
    to: string;
    metrics: Metrics;
    trend: TrendPoint[];
    scales: ScaleInPeriod[];
  }>;
}

export interface TrendPoint {
  /** Monday of the ISO week (days in the account's zone), YYYY-MM-DD. */
  weekStart: string;
  n: number;
  /** Null when the report spans more than one scale (see `means`). */
  mean: number | null;
  /** % easy as a fraction, across scales (each answer by its own scale's bands). */
  easyShare: number | null;
  /** The week's mean per scale. */
  means?: Array<Omit<ScaleMean, 'interval'>>;
}

export interface ReportFilters {
  /** First day, YYYY-MM-DD (solve day in the account's zone), inclusive. */
  from: string;
  /** Last day, YYYY-MM-DD (solve day in the account's zone), inclusive. */
  to: string;
  groupId?: number;
  brandId?: number;
  channel?: string;
}

export interface AgentRow {
  agentId: number;
  metrics: Metrics;
  /** Mean shrunk toward the team mean; ranks within one scale (null across scales). */
  shrunkMean: number | null;
  /** % easy shrunk toward the team's % easy (fraction 0..1); ranks across scales. */
  shrunkEasy: number | null;
  /** 1 = best by `ranking.measure`; null when under the minimum n. */
  rank: number | null;
  /** CSAT beside CES: good / (good + bad) among this agent's surveyed tickets, when Zendesk had any. */
  csat: ShareWithInterval | null;
}

export interface GroupRow {
  groupId: number;
  metrics: Metrics;
  csat: ShareWithInterval | null;
}

export interface DriverShare {
  driver: string;
  count: number;
  share: ShareWithInterval;
}

/**
 * GET /api/v1/report?from&to&groupId&brandId&channel&scaleId — from/to (solve days in the account's
 * time zone) default to the 30 days up to today; every scale counts unless scaleId picks one.
 * GET /api/v1/report.csv takes the same filters plus sort (an AgentSortKey) and order (asc|desc)
 * and returns the agent rows as CSV (text/csv), in the order the table shows them.
 */
export interface ReportResponse {
  filters: ReportFilters;
  /** The current scale (the settings'), or the one asked for. */
  scaleId: ScaleId;
  /** The scales the period's answers were asked on, oldest last day first; > 1: a scale change. */
  scales: ScaleInPeriod[];
  /** IANA time zone of the days (the Zendesk account's; UTC when unknown). */
  timeZone: string;
  team: Metrics;
  agents: AgentRow[];
  groups: GroupRow[];
  /** Count of answers per point of `scaleId`, for the distribution chart. */
  distribution: Array<{ score: number; count: number }>;
  /** The same per scale in `scales`. */
  distributions: Array<{ scaleId: ScaleId; counts: Array<{ score: number; count: number }> }>;
  trend: TrendPoint[];
  /**
   * Drivers among difficult answers, largest share first; each share is out of every difficult
   * answer in scope (team.difficult), also those that named no reason.
   */
  drivers: DriverShare[];
  /** The most recent difficult answers behind the figures. */
  highEffort: ReportAnswer[];
  /** `measure`: shrunkMean on one scale, shrunkEasy when the period spans several. */
  ranking: {
    priorWeight: number;
    minAnswers: number;
    measure: 'shrunkMean' | 'shrunkEasy';
  };
  /**
   * Per agent (same order as `agents`): the band of ranks the 95% intervals allow (null when
   * unranked) and the funnel plot's mark: % easy above / within / below the team's 95% limits at
   * the agent's n (null without answers).
   */
  standings: AgentStanding[];
  /** Effort by resolution path: one-touch vs multi-touch, reopened or not, and by channel. */
  paths: ResolutionPaths;
  /** Names of the agents and groups the report mentions (its rows and high-effort answers). */
  names: { agents: NamedRef[]; groups: NamedRef[] };
  /** The same filters over the N days just before `filters.from`, and each headline's change. */
  previous: PreviousPeriod;
  /** What the one reminder added to the response rate (docs/reminders-and-alerts.md). */
  reminders: ReminderFigures;
}

/**
 * The one reminder's effect, among the surveys sent in the period (superseded and replaced ones
 * left out, as in the response rate). `rateWith` = answered ÷ sent; `rateWithout` = answered
 * before any reminder went out ÷ sent; `answersAfterReminder` = answered − answered before it.
 * Rates are null when nothing was sent.
 */
export interface ReminderFigures {
  sent: number;
  reminded: number;
  answersAfterReminder: number;
  rateWith: number | null;
  rateWithout: number | null;
}

/**
 * A figure's change from the previous period: current − previous (count for answers, fraction
 * for shares and the response rate, points for NES, scale points for a mean) with its 95%
 * interval. `beyondNoise`: the interval leaves out 0 (docs/reports.md, "Previous period").
 */
export interface FigureChange {
  difference: number;
  low: number;
  high: number;
  beyondNoise: boolean;
}

/** The change of every headline figure; null where either period has nothing to compare. */
export interface PeriodChanges {
  n: FigureChange;
  responseRate: FigureChange | null;
  easy: FigureChange | null;
  difficult: FigureChange | null;
  netEasyScore: FigureChange | null;
  /** Per scale with at least 2 answers in both periods (means never cross scales). */
  means: Array<{ scaleId: ScaleId; change: FigureChange }>;
}

/** The previous period of the same length: its days, the team's figures then, and the changes. */
export interface PreviousPeriod {
  /** First and last day, YYYY-MM-DD (account's time zone): the N days just before `from`. */
  from: string;
  to: string;
  team: Metrics;
  changes: PeriodChanges;
}

/**
 * GET /api/v1/agents/:id/report?from&to&groupId&brandId&channel&scaleId — one agent's page for the
 * team page's filters: the agent's row of /report (same figures, same definitions), where it
 * stands among the team, and its own distribution, weekly trend and reasons. The answers behind
 * it: GET /api/v1/agents/:id/answers (paged like /report/answers).
 */
export interface AgentReportResponse {
  agentId: number;
  agent: NamedRef;
  filters: ReportFilters;
  /** The current scale (the settings'), or the one asked for. */
  scaleId: ScaleId;
  /** The scales the team's answers in the period were asked on; > 1: a scale change. */
  scales: ScaleInPeriod[];
  timeZone: string;
  /** The agent's figures: the same as its row of /report (zero answers when it has none). */
  metrics: Metrics;
  csat: ShareWithInterval | null;
  /** Rank, rank band and funnel mark as /report gives them; null when unranked or no answers. */
  standing: {
    rank: number | null;
    rankBand: { low: number; high: number } | null;
    expectation: 'above' | 'within' | 'below' | null;
    shrunkMean: number | null;
    shrunkEasy: number | null;
    /** Agents ranked in the period (the "of N" of the rank). */
    ranked: number;
  };
  /** The team's figures for the same filters: what the agent is compared with. */
  team: Metrics;
  ranking: ReportResponse['ranking'];
  /** The agent's answers per point, per scale in `scales` that the agent has answers on. */
  distributions: Array<{ scaleId: ScaleId; counts: Array<{ score: number; count: number }> }>;
  trend: TrendPoint[];
  /** Reasons among the agent's difficult answers, each out of all of them (also unnamed ones). */
  drivers: DriverShare[];
}

/**
 * How the ticket was resolved, from Zendesk's ticket metrics as the service read them right after
 * the solve (docs/reports.md): agent replies 1 = one-touch, 2 or more = multi-touch, 0 = no
 * public agent reply; `unknown` = no metrics for the survey (older surveys, a failed read).
 */
export type TouchPath = 'one' | 'multi' | 'none' | 'unknown';
/** Whether the ticket had been reopened (Zendesk's `reopens` > 0) when it was solved. */
export type ReopenPath = 'no' | 'yes' | 'unknown';

export interface ResolutionPaths {
  /** Every answer in scope, by touch path, in the order one, multi, none, unknown. */
  touch: Array<{ path: TouchPath; metrics: Metrics }>;
  /** Every answer in scope, by reopened, in the order no, yes, unknown. */
  reopened: Array<{ path: ReopenPath; metrics: Metrics }>;
  /** Every answer in scope by the survey's channel ('' = none known), most answers first. */
  channels: Array<{ channel: string; metrics: Metrics }>;
  /** Answers in scope whose ticket metrics were captured, and those without (unknown). */
  withMetrics: number;
  withoutMetrics: number;
}

/**
 * A Zendesk user or group by name. `name` is null when Zendesk has none to give: `deleted` says
 * whether it no longer exists (or was deleted), else Zendesk could not be asked just now.
 */
export interface NamedRef {
  id: number;
  name: string | null;
  deleted: boolean;
}

/** One answer behind a report figure (customer text: escape it wherever it is shown). */
export interface ReportAnswer {
  surveyId: number;
  ticketId: number;
  agentId: number | null;
  groupId: number | null;
  /** The scale the answer was asked on (score and band are on it). */
  scaleId: ScaleId;
  score: number;
  band: 'easy' | 'neutral' | 'difficult';
  driver: string | null;
  comment: string | null;
  /** When the ticket was solved (a survey sent by hand without one: when it was created). */
  solvedAt: string;
  /** When the survey link was published; null when never. */
  sentAt: string | null;
  answeredAt: string;
}

/**
 * GET /api/v1/report/answers?from&to&groupId&brandId&channel&agentId&band&driver&limit&cursor —
 * the answers behind a figure (e.g. one agent's difficult answers), newest first. Pass
 * `nextCursor` back as `cursor` for the next page; null means there is none.
 */
export interface ReportAnswersResponse {
  items: ReportAnswer[];
  nextCursor: string | null;
}

/**
 * POST /api/v1/tickets/:id/survey body: nothing. The service reads requester, assignee, group,
 * brand, channel, tags and the requester's locale and role from Zendesk's API, so nobody can credit
 * a survey to someone else. Older apps sent the ticket here; such a body is accepted and ignored.
 */
export type SendSurveyRequest = Record<string, never>;

/**
 * POST /api/v1/tickets/:id/survey — 201 with the new survey, or 409 with the rule that skips it
 * (`ticket_closed` when Zendesk has closed the ticket). 404 when Zendesk has no such ticket, 503
 * when Zendesk cannot be reached.
 */
export type SendSurveyResponse =
  { outcome: 'created'; survey: SurveyView } | { outcome: 'skipped'; skip: SkipView };

/** GET/PUT /api/v1/settings — PUT answers 422 with problems when invalid. */
export interface SettingsResponse {
  settings: Settings;
}
export interface SettingsInvalidResponse {
  error: 'invalid_settings';
  problems: SettingsProblem[];
}

/**
 * GET /api/v1/settings/zendesk — whether Zendesk's email, triggers and reason options show what
 * the settings say. `updating`: a sync is queued or running (`lastError` says why an earlier
 * attempt failed); `failed`: it gave up (retry with POST /api/v1/outbox/:jobId/retry);
 * `drifted`: someone changed pieces in Zendesk, which only Setup's repair puts back.
 */
export interface ZendeskSyncStatus {
  state: 'up_to_date' | 'updating' | 'failed' | 'drifted' | 'setup_needed';
  jobId: number | null;
  attempts: number;
  lastError: string | null;
  /** Titles of the pieces edited in Zendesk by someone else. */
  drifted: string[];
  /** When Zendesk was last brought in line with the settings. */
  syncedAt: string | null;
}

/** GET /api/v1/setup — what Zendesk has and lacks; POST /api/v1/setup { repair: true } fixes it. */
export interface SetupItem {
  kind: 'ticket_field' | 'ticket_form' | 'webhook' | 'trigger' | 'dynamic_content';
  key: string;
  title: string;
  /**
   * `pending`: our settings changed and Zendesk still has what the service wrote before (the
   * service updates it by itself); `drifted`: someone changed it in Zendesk (only repair undoes it).
   */
  state: 'ok' | 'missing' | 'pending' | 'drifted';
  zendeskId: number | string | null;
  detail: string | null;
}
export interface SetupStatusResponse {
  items: SetupItem[];
  ok: boolean;
}
/** POST /api/v1/setup — the state after the run, and what the run changed. */
export interface SetupApplyResponse extends SetupStatusResponse {
  changes: Array<{
    key: string;
    title: string;
    action: 'create' | 'update' | 'leave_drift';
    done: boolean;
  }>;
  /** Write requests sent to Zendesk (0 when it already matched). */
  writes: number;
}

/** A job the outbox worker gave up on (or one still waiting), as an admin sees it. */
export interface OutboxJobView {
  id: number;
  kind: string;
  /** The survey the job is for, when its payload names one. */
  surveyId: number | null;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}
/** GET /api/v1/outbox — the outbox at a glance, and the failed jobs that wait for a retry. */
export interface OutboxStatusResponse {
  counts: { queued: number; running: number; done: number; failed: number };
  failed: OutboxJobView[];
  /** The Zendesk API budget in use, and how long the jobs due now take at that budget. */
  budget: {
    requestsPerMinute: number;
    usedLastMinute: number;
    usedThisMinute: number;
    /** Jobs due now (waiting or running), and the Zendesk requests they are expected to need. */
    backlogJobs: number;
    backlogRequests: number;
    drainSeconds: number;
  };
}
/** POST /api/v1/outbox/:id/retry — the job that will run (a newer one for the same survey may). */
export interface OutboxRetryResponse {
  jobId: number;
}

/** Every error body the service returns. */
export interface ApiError {
  error: string;
  message: string;
}
