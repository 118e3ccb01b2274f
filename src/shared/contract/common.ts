/**
 * The pieces several /api/v1 answers share. A schema with an `id` becomes one named component of
 * the OpenAPI document (`Metrics`, `SurveyView`, ...); the type of the same name is read from it.
 * Timestamps are ISO 8601 strings; ids are numbers.
 */
import { z } from 'zod';
import { SCALES, type ScaleId } from '../scales.js';

export const int = z.int();
export const nullableInt = z.int().nullable();
export const nullableNum = z.number().nullable();
export const nullableStr = z.string().nullable();
/** An ISO 8601 timestamp (Fastify writes a Date given here as one). */
export const dateTime = z.string().meta({ format: 'date-time' });
export const nullableDateTime = dateTime.nullable();
export const scaleId = z.enum(Object.keys(SCALES) as [ScaleId, ...ScaleId[]]);
export const band = z.enum(['easy', 'neutral', 'difficult']);
/** A Zendesk id in a path or a filter. */
export const id = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
export const idParams = z.strictObject({ id });
export const interval = z.object({ low: z.number(), high: z.number() });

export const ApiError = z.object({ error: z.string(), message: z.string() }).meta({
  id: 'ApiError',
  description: 'Every error: a machine-readable code and a sentence saying what to do.',
});
/** Every error body the service returns. */
export type ApiError = z.output<typeof ApiError>;

export const ShareWithInterval = z
  .object({ value: z.number(), low: z.number(), high: z.number() })
  .meta({
    id: 'ShareWithInterval',
    description: 'A share (fraction 0..1) with its 95% Wilson interval.',
  });
/** A share with its 95% Wilson interval, all as fractions 0..1. */
export type ShareWithInterval = z.output<typeof ShareWithInterval>;

/** The mean of the answers asked on one scale, with its 95% t interval (null under 2 answers). */
export const ScaleMean = z.object({
  scaleId,
  n: int,
  mean: nullableNum,
  interval: interval.nullable(),
});
export type ScaleMean = z.output<typeof ScaleMean>;

/** The figures behind one row (an agent, a group, the whole team). */
export const Metrics = z
  .object({
    n: int.describe('Answers counted.'),
    sent: int.describe('Surveys published in the period.'),
    responded: int.describe('Of those sent, how many have an answer.'),
    mean: nullableNum.describe('Null when the report spans more than one scale (see means).'),
    /** 95% interval of the mean (t-based); null under 2 answers or across scales. */
    meanInterval: interval.nullable(),
    means: z
      .array(ScaleMean)
      .describe('The mean per scale the answers were asked on (never averaged across scales).'),
    easy: ShareWithInterval.nullable(),
    difficult: ShareWithInterval.nullable(),
    netEasyScore: nullableNum.describe('% easy − % difficult (−100..100).'),
    responseRate: nullableNum.describe('responded / sent (0..1); null when nothing was sent.'),
  })
  .meta({ id: 'Metrics' });
export type Metrics = z.output<typeof Metrics>;

export const TrendPoint = z
  .object({
    weekStart: z
      .string()
      .describe("Monday of the ISO week (days in the account's time zone), YYYY-MM-DD."),
    n: int,
    /** Null when the report spans more than one scale (see `means`). */
    mean: nullableNum,
    /** % easy as a fraction, across scales (each answer by its own scale's bands). */
    easyShare: nullableNum,
    /** The week's mean per scale. */
    means: z.array(ScaleMean.omit({ interval: true })).optional(),
  })
  .meta({ id: 'TrendPoint' });
export type TrendPoint = z.output<typeof TrendPoint>;

export const AnswerView = z
  .object({
    score: int,
    scaleId,
    /** Derived from the scale. */
    band,
    driver: nullableStr,
    comment: nullableStr.describe('Customer text: escape it when shown.'),
    locale: nullableStr,
    answeredAt: dateTime,
    updatedAt: dateTime,
    edited: z
      .boolean()
      .describe('True when the customer changed the answer after first giving it.'),
  })
  .meta({ id: 'AnswerView' });
export type AnswerView = z.output<typeof AnswerView>;

/**
 * 'superseded': a newer survey of the ticket came before this one was answered (its link is closed).
 * 'replaced': answered, then a newer survey of the ticket was answered too; kept as history and
 * counted nowhere (one answer per ticket: the latest).
 */
export const SurveyStatus = z.enum(['pending', 'sent', 'answered', 'superseded', 'replaced']);
export type SurveyStatus = z.output<typeof SurveyStatus>;
export const WritebackStatus = z.enum(['none', 'pending', 'done', 'ticket_closed', 'failed']);
export type WritebackStatus = z.output<typeof WritebackStatus>;

export const SurveyView = z
  .object({
    id: int,
    ticketId: int,
    origin: z.enum(['solve', 'manual']),
    status: SurveyStatus.describe(
      "'superseded': a newer survey came before an answer; 'replaced': answered, then a newer survey of the ticket was answered (history, counted nowhere).",
    ),
    scaleId,
    requesterId: nullableInt,
    requesterLocale: nullableStr,
    assigneeId: nullableInt,
    groupId: nullableInt,
    brandId: nullableInt,
    channel: nullableStr,
    satisfaction: nullableStr,
    createdAt: dateTime,
    publishedAt: nullableDateTime,
    closesAt: dateTime,
    writeback: z.object({ status: WritebackStatus, at: nullableDateTime }),
    answer: AnswerView.nullable(),
  })
  .meta({ id: 'SurveyView' });
export type SurveyView = z.output<typeof SurveyView>;

export const SkipReason = z.enum([
  'sampled_out',
  'throttled',
  'excluded_group',
  'excluded_brand',
  'excluded_channel',
  'excluded_tag',
  'no_assignee',
  'no_requester',
  'agent_requester',
  /** Solved while a survey sent from the sidebar is still open: that survey stays the one. */
  'survey_open',
  /** Solved again after the customer answered, and the settings say not to ask again. */
  'already_answered',
  /** "Send now" on a ticket Zendesk has closed (a closed ticket cannot carry the link). */
  'ticket_closed',
]);
export type SkipReason = z.output<typeof SkipReason>;

export const SkipView = z
  .object({ ticketId: int, reason: SkipReason, detail: nullableStr, createdAt: dateTime })
  .meta({ id: 'SkipView' });
export type SkipView = z.output<typeof SkipView>;

/**
 * A Zendesk user or group by name. `name` is null when Zendesk has none to give: `deleted` says
 * whether it no longer exists (or was deleted), else Zendesk could not be asked just now.
 */
export const NamedRef = z.object({ id: int, name: nullableStr, deleted: z.boolean() }).meta({
  id: 'NamedRef',
  description:
    'A Zendesk user or group by name; name null with deleted false: Zendesk could not be asked.',
});
export type NamedRef = z.output<typeof NamedRef>;

/** One answer behind a report figure (customer text: escape it wherever it is shown). */
export const ReportAnswer = z
  .object({
    surveyId: int,
    ticketId: int,
    agentId: nullableInt,
    groupId: nullableInt,
    /** The scale the answer was asked on (score and band are on it). */
    scaleId,
    score: int,
    band,
    driver: nullableStr,
    comment: nullableStr.describe('Customer text: escape it when shown.'),
    solvedAt: dateTime.describe('When the ticket was solved (manual sends: created).'),
    sentAt: nullableDateTime.describe('When the survey link was published; null when never.'),
    answeredAt: dateTime,
  })
  .meta({ id: 'ReportAnswer' });
export type ReportAnswer = z.output<typeof ReportAnswer>;

/**
 * A scale the period's answers were asked on, with its first and last day (account zone) with an
 * answer. More than one: the period spans a scale change.
 */
export const ScaleInPeriod = z
  .object({ scaleId, n: int, firstDay: z.string(), lastDay: z.string() })
  .meta({
    id: 'ScaleInPeriod',
    description: 'A scale the answers were asked on, with its first and last day with an answer.',
  });
export type ScaleInPeriod = z.output<typeof ScaleInPeriod>;

/** Counts of answers per scale point. */
export const countsPerPoint = z.array(z.object({ score: int, count: int }));

/** A page of a list: at most `limit` items after `cursor` (the previous page's `nextCursor`). */
export const page = (max: number, defaultLimit: number, maxCursor = 200) => ({
  limit: z.int().min(1).max(max).default(defaultLimit),
  cursor: z.string().min(1).max(maxCursor).optional(),
});
