import type {
  AgentRow,
  AgentSummaryResponse,
  AnswerView,
  Metrics,
  NamedRef,
  ReportAnswer,
  ReportResponse,
  ResolutionPaths,
  SkipView,
  SurveyView,
  TicketSurveyResponse,
  TrendPoint,
} from '../../../src/shared/api-types.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';

export const TICKET_ID = 101;
export const REQUESTER_ID = 201;
export const AGENT_ID = 301;

/** ZAF data for the ticket sidebar (ids as ZAF gives them: numbers). */
export function ticketData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'ticket.id': TICKET_ID,
    'ticket.status': 'open',
    'ticket.requester.id': REQUESTER_ID,
    'ticket.requester.locale': 'nl',
    'ticket.assignee.user.id': AGENT_ID,
    'ticket.assignee.user.name': 'Bo Builder',
    'ticket.assignee.group.id': 401,
    'ticket.brand.id': 501,
    'ticket.via.channel': 'email',
    'ticket.tags': ['billing', 'vip'],
    'ticket.requester.role': 'end-user',
    ...overrides,
  };
}

export function survey(overrides: Partial<SurveyView> = {}): SurveyView {
  return {
    id: 11,
    ticketId: TICKET_ID,
    origin: 'solve',
    status: 'sent',
    scaleId: 'ces2_7',
    requesterId: REQUESTER_ID,
    requesterLocale: 'nl',
    assigneeId: AGENT_ID,
    groupId: 401,
    brandId: 501,
    channel: 'email',
    satisfaction: null,
    createdAt: '2026-11-20T10:00:00Z',
    publishedAt: '2026-11-20T10:01:00Z',
    closesAt: '2026-11-27T10:00:00Z',
    writeback: { status: 'none', at: null },
    answer: null,
    ...overrides,
  };
}

export function answer(overrides: Partial<AnswerView> = {}): AnswerView {
  return {
    score: 2,
    scaleId: 'ces2_7',
    band: 'difficult',
    driver: 'transferred',
    comment: 'I was passed around <b>three</b> times',
    locale: 'nl',
    answeredAt: '2026-11-21T09:30:00Z',
    updatedAt: '2026-11-21T09:30:00Z',
    edited: false,
    ...overrides,
  };
}

export function skip(overrides: Partial<SkipView> = {}): SkipView {
  return {
    ticketId: TICKET_ID,
    reason: 'throttled',
    detail: 'Surveyed on ticket 99 four days ago',
    createdAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export function ticketSurvey(
  s: SurveyView | null,
  k: SkipView | null = null,
  earlier: SurveyView[] = [],
): TicketSurveyResponse {
  return { ticketId: TICKET_ID, survey: s, skip: k, earlier };
}

export function metrics(overrides: Partial<Metrics> = {}): Metrics {
  return {
    n: 24,
    sent: 40,
    responded: 24,
    mean: 5.4167,
    meanInterval: { low: 4.8, high: 6.0 },
    means: [
      {
        scaleId: 'ces2_7',
        n: overrides.n ?? 24,
        mean: overrides.mean === undefined ? 5.4167 : overrides.mean,
        interval: { low: 4.8, high: 6.0 },
      },
    ],
    easy: { value: 0.625, low: 0.427, high: 0.788 },
    difficult: { value: 0.125, low: 0.043, high: 0.31 },
    netEasyScore: 50,
    responseRate: 0.6,
    ...overrides,
  };
}

/** 60 answers: 50 with ticket metrics (30 one-touch, 20 multi-touch), 10 without. */
export function resolutionPaths(overrides: Partial<ResolutionPaths> = {}): ResolutionPaths {
  const none = metrics({
    n: 0,
    sent: 0,
    responded: 0,
    mean: null,
    meanInterval: null,
    means: [],
    easy: null,
    difficult: null,
    netEasyScore: null,
    responseRate: null,
  });
  const path = (n: number, mean: number, easy: number, difficult: number) =>
    metrics({
      n,
      sent: 0,
      responded: 0,
      mean,
      easy: { value: easy, low: easy - 0.15, high: Math.min(1, easy + 0.12) },
      difficult: { value: difficult, low: Math.max(0, difficult - 0.08), high: difficult + 0.15 },
      netEasyScore: Math.round((easy - difficult) * 100),
      responseRate: null,
    });
  return {
    touch: [
      { path: 'one', metrics: path(30, 6.2, 0.8, 0.1) },
      { path: 'multi', metrics: path(20, 4.1, 0.35, 0.4) },
      { path: 'none', metrics: none },
      { path: 'unknown', metrics: path(10, 5.5, 0.6, 0.2) },
    ],
    reopened: [
      { path: 'no', metrics: path(44, 5.8, 0.68, 0.16) },
      { path: 'yes', metrics: path(6, 3.5, 0.17, 0.67) },
      { path: 'unknown', metrics: path(10, 5.5, 0.6, 0.2) },
    ],
    channels: [
      { channel: 'email', metrics: path(40, 5.6, 0.65, 0.2) },
      { channel: 'web', metrics: path(20, 5.1, 0.55, 0.25) },
    ],
    withMetrics: 50,
    withoutMetrics: 10,
    ...overrides,
  };
}

export function trend(): TrendPoint[] {
  return [
    { weekStart: '2026-10-26', n: 5, mean: 5.2, easyShare: 0.6 },
    { weekStart: '2026-11-02', n: 0, mean: null, easyShare: null },
    { weekStart: '2026-11-09', n: 9, mean: 5.6, easyShare: 0.67 },
    { weekStart: '2026-11-16', n: 10, mean: 5.4, easyShare: 0.6 },
  ];
}

/** The agents and groups of the fixtures as Zendesk names them. */
export const AGENT_NAMES: Record<number, string> = {
  301: 'Bo Builder',
  302: 'Cy Coder',
  303: 'Di Newcomer',
};

export function agentSummary(
  days: number[],
  m: Partial<Metrics> = {},
  agent: NamedRef = { id: AGENT_ID, name: AGENT_NAMES[AGENT_ID]!, deleted: false },
): AgentSummaryResponse {
  return {
    agentId: agent.id,
    agent,
    scaleId: 'ces2_7',
    timeZone: 'UTC',
    periods: days.map((d) => ({
      days: d,
      from: '2026-10-25',
      to: '2026-11-23',
      metrics: metrics(m),
      trend: trend(),
      scales: [{ scaleId: 'ces2_7', n: 24, firstDay: '2026-10-25', lastDay: '2026-11-23' }],
    })),
  };
}

export function agentRow(agentId: number, rank: number | null, m: Partial<Metrics> = {}): AgentRow {
  return {
    agentId,
    metrics: metrics(m),
    shrunkMean: m.mean ?? 5.4,
    shrunkEasy: m.easy?.value ?? 0.6,
    rank,
    csat: null,
  };
}

export function reportAnswer(overrides: Partial<ReportAnswer> = {}): ReportAnswer {
  return {
    surveyId: 900,
    ticketId: 777,
    agentId: 301,
    groupId: 401,
    scaleId: 'ces2_7',
    score: 1,
    band: 'difficult',
    driver: 'took_too_long',
    comment: 'Waited <script>alert(1)</script> a week',
    solvedAt: '2026-11-17T16:00:00Z',
    sentAt: '2026-11-17T16:05:00Z',
    answeredAt: '2026-11-18T12:00:00Z',
    ...overrides,
  };
}

/** The team's answers per point of CES 2.0, a fresh array for each report. */
function counts(): Array<{ score: number; count: number }> {
  return [
    { score: 1, count: 3 },
    { score: 2, count: 2 },
    { score: 3, count: 5 },
    { score: 4, count: 6 },
    { score: 5, count: 10 },
    { score: 6, count: 20 },
    { score: 7, count: 14 },
  ];
}

export function report(overrides: Partial<ReportResponse> = {}): ReportResponse {
  return {
    reminders: {
      sent: 80,
      reminded: 50,
      answersAfterReminder: 12,
      rateWith: 0.75,
      rateWithout: 0.6,
    },
    filters: { from: '2026-10-25', to: '2026-11-23' },
    scaleId: 'ces2_7',
    scales: [{ scaleId: 'ces2_7', n: 60, firstDay: '2026-10-25', lastDay: '2026-11-23' }],
    timeZone: 'UTC',
    // 12 of 60 difficult: 10 named a reason, 2 did not.
    team: metrics({ n: 60, difficult: { value: 0.2, low: 0.118, high: 0.318 } }),
    agents: [
      agentRow(301, 2, { n: 24, mean: 5.4, netEasyScore: 50 }),
      agentRow(302, 1, {
        n: 30,
        mean: 6.1,
        netEasyScore: 70,
        easy: { value: 0.8, low: 0.63, high: 0.9 },
      }),
      agentRow(303, null, {
        n: 2,
        mean: 7,
        netEasyScore: 100,
        easy: { value: 1, low: 0.34, high: 1 },
      }),
    ],
    groups: [{ groupId: 401, metrics: metrics({ n: 56 }), csat: null }],
    distribution: counts(),
    // The one scale of the period: the same counts, per scale.
    distributions: [{ scaleId: 'ces2_7', counts: counts() }],
    trend: trend(),
    drivers: [
      { driver: 'took_too_long', count: 6, share: { value: 0.5, low: 0.254, high: 0.746 } },
      { driver: 'transferred', count: 4, share: { value: 1 / 3, low: 0.138, high: 0.609 } },
    ],
    highEffort: [reportAnswer()],
    ranking: { priorWeight: 10, minAnswers: 5, measure: 'shrunkMean' },
    standings: [
      { agentId: 301, rankBand: { low: 1, high: 2 }, expectation: 'within' },
      { agentId: 302, rankBand: { low: 1, high: 2 }, expectation: 'above' },
      { agentId: 303, rankBand: null, expectation: 'within' },
    ],
    paths: resolutionPaths(),
    names: {
      agents: Object.entries(AGENT_NAMES).map(([id, name]) => ({
        id: Number(id),
        name,
        deleted: false,
      })),
      groups: [{ id: 401, name: 'Support EU', deleted: false }],
    },
    // The 30 days before: fewer answers, a lower % easy; only % easy moved beyond noise.
    previous: {
      from: '2026-09-25',
      to: '2026-10-24',
      team: metrics({
        n: 48,
        sent: 96,
        responded: 50,
        mean: 4.9,
        means: [{ scaleId: 'ces2_7', n: 48, mean: 4.9, interval: { low: 4.4, high: 5.4 } }],
        easy: { value: 0.4375, low: 0.307, high: 0.578 },
        difficult: { value: 0.25, low: 0.149, high: 0.388 },
        netEasyScore: 18.75,
        responseRate: 0.5208,
      }),
      changes: {
        n: { difference: 12, low: -7.87, high: 31.87, beyondNoise: false },
        responseRate: { difference: 0.0792, low: -0.054, high: 0.205, beyondNoise: false },
        easy: { difference: 0.1875, low: 0.012, high: 0.347, beyondNoise: true },
        difficult: { difference: -0.05, low: -0.203, high: 0.099, beyondNoise: false },
        netEasyScore: { difference: 31.25, low: -1.2, high: 63.7, beyondNoise: false },
        means: [
          {
            scaleId: 'ces2_7',
            change: { difference: 0.5167, low: -0.21, high: 1.24, beyondNoise: false },
          },
        ],
      },
    },
    ...overrides,
  };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return JSON.parse(
    JSON.stringify({ ...DEFAULT_SETTINGS, companyName: 'Acme', ...overrides }),
  ) as Settings;
}
