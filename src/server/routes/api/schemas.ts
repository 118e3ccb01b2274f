/**
 * JSON schemas of the /api/v1 contract (src/shared/api-types.ts): they validate requests,
 * serialize responses (anything not listed is dropped) and become the OpenAPI document.
 * Shared ones are added once with an $id and referenced as { $ref: 'Name#' }.
 */
import { AGENT_SORT_KEYS } from '../../../shared/scoring.js';
import { SCALES } from '../../../shared/scales.js';
import { LOCALES } from '../../../shared/locales.js';
import { MAX_ANSWERS_PAGE } from '../../reports/team-report.js';

type Schema = Record<string, unknown>;

const ref = (id: string): Schema => ({ $ref: `${id}#` });
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const int = { type: 'integer' };
const num = { type: 'number' };
const str = { type: 'string' };
const bool = { type: 'boolean' };
const nullableInt = { type: ['integer', 'null'] };
const nullableNum = { type: ['number', 'null'] };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const scaleId = { type: 'string', enum: Object.keys(SCALES) };
const band = { type: 'string', enum: ['easy', 'neutral', 'difficult'] };

function object(properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
    ...extra,
  };
}

/** Schemas every route may reference. */
export const SHARED_SCHEMAS: Schema[] = [
  {
    $id: 'ApiError',
    description: 'Every error: a machine-readable code and a sentence saying what to do.',
    ...object({ error: str, message: str }),
  },
  {
    $id: 'ShareWithInterval',
    description: 'A share (fraction 0..1) with its 95% Wilson interval.',
    ...object({ value: num, low: num, high: num }),
  },
  {
    $id: 'Metrics',
    ...object({
      n: { ...int, description: 'Answers counted.' },
      sent: { ...int, description: 'Surveys published in the period.' },
      responded: { ...int, description: 'Of those sent, how many have an answer.' },
      mean: {
        ...nullableNum,
        description: 'Null when the report spans more than one scale (see means).',
      },
      meanInterval: nullable(object({ low: num, high: num })),
      means: {
        type: 'array',
        description: 'The mean per scale the answers were asked on (never averaged across scales).',
        items: object({
          scaleId,
          n: int,
          mean: nullableNum,
          interval: nullable(object({ low: num, high: num })),
        }),
      },
      easy: nullable(ref('ShareWithInterval')),
      difficult: nullable(ref('ShareWithInterval')),
      netEasyScore: { ...nullableNum, description: '% easy − % difficult (−100..100).' },
      responseRate: { ...nullableNum, description: 'responded / sent (0..1).' },
    }),
  },
  {
    $id: 'TrendPoint',
    ...object(
      {
        weekStart: {
          ...str,
          description: "Monday of the ISO week (days in the account's time zone), YYYY-MM-DD.",
        },
        n: int,
        mean: nullableNum,
        easyShare: nullableNum,
        means: {
          type: 'array',
          items: object({ scaleId, n: int, mean: nullableNum }),
        },
      },
      { required: ['weekStart', 'n', 'mean', 'easyShare'] },
    ),
  },
  {
    $id: 'AnswerView',
    ...object({
      score: int,
      scaleId,
      band,
      driver: nullableStr,
      comment: { ...nullableStr, description: 'Customer text: escape it when shown.' },
      locale: nullableStr,
      answeredAt: dateTime,
      updatedAt: dateTime,
      edited: bool,
    }),
  },
  {
    $id: 'SurveyView',
    ...object({
      id: int,
      ticketId: int,
      origin: { type: 'string', enum: ['solve', 'manual'] },
      status: {
        type: 'string',
        enum: ['pending', 'sent', 'answered', 'superseded', 'replaced'],
        description:
          "'superseded': a newer survey came before an answer; 'replaced': answered, then a newer survey of the ticket was answered (history, counted nowhere).",
      },
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
      writeback: object({
        status: { type: 'string', enum: ['none', 'pending', 'done', 'ticket_closed', 'failed'] },
        at: nullableDateTime,
      }),
      answer: nullable(ref('AnswerView')),
    }),
  },
  {
    $id: 'SkipView',
    ...object({
      ticketId: int,
      reason: str,
      detail: nullableStr,
      createdAt: dateTime,
    }),
  },
  {
    $id: 'NamedRef',
    description:
      'A Zendesk user or group by name; name null with deleted false: Zendesk could not be asked.',
    ...object({ id: int, name: nullableStr, deleted: bool }),
  },
  {
    $id: 'ReportAnswer',
    ...object({
      surveyId: int,
      ticketId: int,
      agentId: nullableInt,
      groupId: nullableInt,
      scaleId,
      score: int,
      band,
      driver: nullableStr,
      comment: { ...nullableStr, description: 'Customer text: escape it when shown.' },
      solvedAt: { ...dateTime, description: 'When the ticket was solved (manual sends: created).' },
      sentAt: nullableDateTime,
      answeredAt: dateTime,
    }),
  },
  {
    $id: 'ScaleInPeriod',
    description: 'A scale the answers were asked on, with its first and last day with an answer.',
    ...object({ scaleId, n: int, firstDay: str, lastDay: str }),
  },
  {
    $id: 'Settings',
    description: 'Scale, question, drivers and rules. Unknown keys are kept for newer versions.',
    type: 'object',
    properties: {
      scaleId,
      companyName: str,
      questionOverrides: { type: 'object', additionalProperties: str },
      drivers: { type: 'array', items: str },
      customDriverLabels: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: str },
      },
      rules: {
        type: 'object',
        properties: {
          samplingRate: num,
          throttleDays: int,
          excludedGroupIds: { type: 'array', items: int },
          excludedBrandIds: { type: 'array', items: int },
          excludedChannels: { type: 'array', items: str },
          excludedTags: { type: 'array', items: str },
          skipWithoutAssignee: bool,
          resurveyAnswered: { type: 'string', enum: ['never', 'always'] },
        },
        additionalProperties: true,
      },
      quietPeriodSeconds: int,
      answerWindowDays: int,
      zendeskRequestsPerMinute: nullableInt,
      commentRetentionDays: nullableInt,
      reminder: {
        type: 'object',
        description:
          'One reminder, N days after the survey email, to customers who did not answer.',
        properties: { enabled: bool, afterDays: int },
        additionalProperties: true,
      },
      alerts: {
        type: 'object',
        description:
          'High-effort alerts: the Zendesk trigger (on/off, group or lead) and an optional chat incoming webhook.',
        properties: {
          zendesk: bool,
          notify: { type: 'string', enum: ['group', 'lead'] },
          leadUserId: nullableInt,
          chatWebhookUrl: str,
          chatFormat: { type: 'string', enum: ['slack', 'teams'] },
        },
        additionalProperties: true,
      },
      defaultLocale: { type: 'string', enum: [...LOCALES] },
      ranking: {
        type: 'object',
        properties: { priorWeight: num, minAnswers: int },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },
  {
    $id: 'SetupItem',
    ...object({
      kind: { type: 'string', enum: ['ticket_field', 'webhook', 'trigger', 'dynamic_content'] },
      key: str,
      title: str,
      state: { type: 'string', enum: ['ok', 'missing', 'pending', 'drifted'] },
      zendeskId: { type: ['integer', 'string', 'null'] },
      detail: nullableStr,
    }),
  },
];

/** Error answers of a route; one that signs in (401) may also refuse repeated failures (429). */
export const errorResponses = (...codes: number[]): Record<number, Schema> =>
  Object.fromEntries(
    (codes.includes(401) && !codes.includes(429) ? [...codes, 429] : codes).map((c) => [
      c,
      ref('ApiError'),
    ]),
  );

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
export const idParams = object({ id });

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** The report's filters, shared by /report, /report.csv and /report/answers. */
const reportFilterProperties = {
  from: {
    ...day,
    description: "First solve day (account's time zone), YYYY-MM-DD; default 29 days before `to`.",
  },
  to: { ...day, description: "Last solve day (account's time zone), YYYY-MM-DD; default today." },
  groupId: id,
  brandId: id,
  channel: { type: 'string', minLength: 1, maxLength: 100 },
  scaleId: { ...scaleId, description: 'Only answers on this scale; default: every scale.' },
};

export const reportQuery: Schema = {
  type: 'object',
  properties: reportFilterProperties,
  additionalProperties: false,
};

export const reportCsvQuery: Schema = {
  type: 'object',
  properties: {
    ...reportFilterProperties,
    sort: { type: 'string', enum: [...AGENT_SORT_KEYS], default: 'rank' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
  },
  additionalProperties: false,
};

export const pageProperties = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_ANSWERS_PAGE, default: 20 },
  cursor: { type: 'string', minLength: 1, maxLength: 200 },
};

export const reportAnswersQuery: Schema = {
  type: 'object',
  properties: {
    ...reportFilterProperties,
    agentId: id,
    band,
    driver: { type: 'string', minLength: 1, maxLength: 100 },
    ...pageProperties,
  },
  additionalProperties: false,
};

/** A change from the previous period; beyondNoise: its 95% interval leaves out 0. */
const figureChange = object({ difference: num, low: num, high: num, beyondNoise: bool });

const reportResponseFilters: Schema = {
  type: 'object',
  properties: {
    from: str,
    to: str,
    groupId: int,
    brandId: int,
    channel: str,
  },
  required: ['from', 'to'],
  additionalProperties: false,
};

export const reportResponse: Schema = object({
  filters: reportResponseFilters,
  scaleId,
  scales: { type: 'array', items: ref('ScaleInPeriod') },
  timeZone: str,
  team: ref('Metrics'),
  agents: {
    type: 'array',
    items: object({
      agentId: int,
      metrics: ref('Metrics'),
      shrunkMean: nullableNum,
      shrunkEasy: nullableNum,
      rank: nullableInt,
      csat: nullable(ref('ShareWithInterval')),
    }),
  },
  groups: {
    type: 'array',
    items: object({
      groupId: int,
      metrics: ref('Metrics'),
      csat: nullable(ref('ShareWithInterval')),
    }),
  },
  distribution: { type: 'array', items: object({ score: int, count: int }) },
  distributions: {
    type: 'array',
    items: object({
      scaleId,
      counts: { type: 'array', items: object({ score: int, count: int }) },
    }),
  },
  trend: { type: 'array', items: ref('TrendPoint') },
  drivers: {
    type: 'array',
    items: object({ driver: str, count: int, share: ref('ShareWithInterval') }),
  },
  highEffort: { type: 'array', items: ref('ReportAnswer') },
  ranking: object({
    priorWeight: num,
    minAnswers: int,
    measure: { type: 'string', enum: ['shrunkMean', 'shrunkEasy'] },
  }),
  standings: {
    type: 'array',
    description:
      "Per agent: the ranks its 95% interval allows, and % easy against the team's funnel limits.",
    items: object({
      agentId: int,
      rankBand: nullable(object({ low: int, high: int })),
      expectation: { type: ['string', 'null'], enum: ['above', 'within', 'below', null] },
    }),
  },
  paths: object({
    touch: {
      type: 'array',
      description:
        "Answers by Zendesk's agent replies at solve: one (1), multi (2+), none (0), unknown (no metrics).",
      items: object({
        path: { type: 'string', enum: ['one', 'multi', 'none', 'unknown'] },
        metrics: ref('Metrics'),
      }),
    },
    reopened: {
      type: 'array',
      description: "Answers by Zendesk's reopens at solve: no (0), yes (1+), unknown (no metrics).",
      items: object({
        path: { type: 'string', enum: ['no', 'yes', 'unknown'] },
        metrics: ref('Metrics'),
      }),
    },
    channels: {
      type: 'array',
      description: "Answers by the survey's channel ('' = none known), most answers first.",
      items: object({ channel: str, metrics: ref('Metrics') }),
    },
    withMetrics: int,
    withoutMetrics: int,
  }),
  names: object({
    agents: { type: 'array', items: ref('NamedRef') },
    groups: { type: 'array', items: ref('NamedRef') },
  }),
  reminders: object({
    sent: int,
    reminded: int,
    answersAfterReminder: int,
    rateWith: nullableNum,
    rateWithout: nullableNum,
  }),
  previous: object(
    {
      from: str,
      to: str,
      team: ref('Metrics'),
      changes: object({
        n: figureChange,
        responseRate: nullable(figureChange),
        easy: nullable(figureChange),
        difficult: nullable(figureChange),
        netEasyScore: nullable(figureChange),
        means: { type: 'array', items: object({ scaleId, change: figureChange }) },
      }),
    },
    {
      description:
        "The same filters over the N days just before `from`; each headline's change (current − previous) with its 95% interval (docs/reports.md).",
    },
  ),
});

export const reportAnswersResponse: Schema = object({
  items: { type: 'array', items: ref('ReportAnswer') },
  nextCursor: nullableStr,
});

export const ticketResponse: Schema = object({
  ticketId: int,
  survey: nullable(ref('SurveyView')),
  skip: nullable(ref('SkipView')),
  earlier: {
    type: 'array',
    items: ref('SurveyView'),
    description: "The ticket's older answered surveys, newest first.",
  },
});

/** Anything, or nothing: the ticket is read from Zendesk, never taken from the caller. */
export const sendSurveyBody: Schema = {
  description:
    'Ignored. Older apps sent the ticket (requester, assignee, group, brand, channel, tags) here; the service reads them from Zendesk instead, so nobody can credit a survey to someone else.',
};

export const sendSurveyCreated: Schema = object({
  outcome: { type: 'string', enum: ['created'] },
  survey: ref('SurveyView'),
});
export const sendSurveySkipped: Schema = object({
  outcome: { type: 'string', enum: ['skipped'] },
  skip: ref('SkipView'),
});

export const requesterQuery: Schema = {
  type: 'object',
  properties: { ...pageProperties, limit: { ...pageProperties.limit, default: 5 } },
  additionalProperties: false,
};

export const eraseRequesterBody: Schema = object({
  confirmRequesterId: {
    ...int,
    description: "The requester's id again: erasing cannot be undone, so the caller confirms it.",
  },
});

export const eraseRequesterResponse: Schema = object({
  requesterId: int,
  surveys: { ...int, description: 'Surveys that no longer name the requester.' },
  answers: { ...int, description: 'Their answers: scores kept for the reports, language erased.' },
  comments: { ...int, description: 'Comments erased.' },
  skips: { ...int, description: 'Skipped solves that no longer name the requester.' },
});

export const requesterResponse: Schema = object({
  requesterId: int,
  items: {
    type: 'array',
    items: object({
      id: int,
      ticketId: int,
      createdAt: dateTime,
      scaleId,
      answer: ref('AnswerView'),
    }),
  },
  nextCursor: nullableStr,
});

export const summaryQuery: Schema = {
  type: 'object',
  properties: {
    days: {
      type: 'string',
      pattern: '^\\d{1,3}(,\\d{1,3}){0,3}$',
      default: '30,90',
      description: 'Up to 4 period lengths in days (1..366), comma-separated.',
    },
  },
  additionalProperties: false,
};

export const summaryResponse: Schema = object({
  agentId: int,
  agent: ref('NamedRef'),
  scaleId,
  timeZone: str,
  periods: {
    type: 'array',
    items: object({
      days: int,
      from: str,
      to: str,
      metrics: ref('Metrics'),
      trend: { type: 'array', items: ref('TrendPoint') },
      scales: { type: 'array', items: ref('ScaleInPeriod') },
    }),
  },
});

export const settingsResponse: Schema = object({ settings: ref('Settings') });

export const settingsInvalidResponse: Schema = object({
  error: { type: 'string', enum: ['invalid_settings'] },
  problems: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        path: str,
        messageKey: str,
        vars: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
      },
      required: ['path', 'messageKey'],
      additionalProperties: false,
    },
  },
});

export const zendeskSyncResponse: Schema = object({
  state: {
    type: 'string',
    enum: ['up_to_date', 'updating', 'failed', 'drifted', 'setup_needed'],
  },
  jobId: nullableInt,
  attempts: int,
  lastError: nullableStr,
  drifted: { type: 'array', items: str },
  syncedAt: nullableDateTime,
});

export const setupStatusResponse: Schema = object({
  items: { type: 'array', items: ref('SetupItem') },
  ok: bool,
});

export const setupApplyBody: Schema = {
  type: 'object',
  properties: {
    repair: {
      type: 'boolean',
      default: false,
      description: 'Also put back pieces edited by hand in Zendesk.',
    },
  },
  additionalProperties: false,
};

export const setupApplyResponse: Schema = object({
  items: { type: 'array', items: ref('SetupItem') },
  ok: bool,
  changes: {
    type: 'array',
    items: object({
      key: str,
      title: str,
      action: { type: 'string', enum: ['create', 'update', 'leave_drift'] },
      done: bool,
    }),
  },
  writes: int,
});

const outboxJob = object({
  id: int,
  kind: str,
  surveyId: nullableInt,
  attempts: int,
  lastError: nullableStr,
  updatedAt: dateTime,
});

export const outboxStatusResponse: Schema = object({
  counts: object({ queued: int, running: int, done: int, failed: int }),
  failed: { type: 'array', items: outboxJob },
  budget: object({
    requestsPerMinute: int,
    usedLastMinute: int,
    usedThisMinute: int,
    backlogJobs: int,
    backlogRequests: int,
    drainSeconds: int,
  }),
});

export const outboxRetryResponse: Schema = object({ jobId: int });

/** One agent's page: the report's filters (the agent is the path's :id). */
export const agentReportQuery: Schema = reportQuery;

/** One agent's answers: the report's filters, a band or reason, and a page. */
export const agentAnswersQuery: Schema = {
  type: 'object',
  properties: {
    ...reportFilterProperties,
    band,
    driver: { type: 'string', minLength: 1, maxLength: 100 },
    ...pageProperties,
  },
  additionalProperties: false,
};

const countsPerPoint = { type: 'array', items: object({ score: int, count: int }) };

export const agentReportResponse: Schema = object({
  agentId: int,
  agent: ref('NamedRef'),
  filters: reportResponseFilters,
  scaleId,
  scales: { type: 'array', items: ref('ScaleInPeriod') },
  timeZone: str,
  metrics: ref('Metrics'),
  csat: nullable(ref('ShareWithInterval')),
  standing: object({
    rank: nullableInt,
    rankBand: nullable(object({ low: int, high: int })),
    expectation: { type: ['string', 'null'], enum: ['above', 'within', 'below', null] },
    shrunkMean: nullableNum,
    shrunkEasy: nullableNum,
    ranked: int,
  }),
  team: ref('Metrics'),
  ranking: object({
    priorWeight: num,
    minAnswers: int,
    measure: { type: 'string', enum: ['shrunkMean', 'shrunkEasy'] },
  }),
  distributions: { type: 'array', items: object({ scaleId, counts: countsPerPoint }) },
  trend: { type: 'array', items: ref('TrendPoint') },
  drivers: {
    type: 'array',
    items: object({ driver: str, count: int, share: ref('ShareWithInterval') }),
  },
});
