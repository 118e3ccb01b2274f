/** The sidebar's ticket: its survey state, and "send now"; a requester's history and erasure. */
import { z } from 'zod';
import {
  AnswerView,
  dateTime,
  idParams,
  int,
  nullableStr,
  page,
  scaleId,
  SkipView,
  SurveyView,
} from './common.js';
import { MAX_ANSWERS_PAGE } from './report.js';
import { errors, route } from './route.js';

/**
 * GET /api/v1/tickets/:id — the ticket's latest survey and, when no survey came after it, its
 * latest skip (so a later solve or resend that a rule skipped shows up beside the older survey).
 * `earlier`: the ticket's older answered surveys, newest first (history after a resend or re-solve).
 */
export const TicketSurveyResponse = z.object({
  ticketId: int,
  survey: SurveyView.nullable(),
  skip: SkipView.nullable(),
  earlier: z.array(SurveyView).describe("The ticket's older answered surveys, newest first."),
});
export type TicketSurveyResponse = z.output<typeof TicketSurveyResponse>;

/**
 * POST /api/v1/tickets/:id/survey body: nothing. The service reads requester, assignee, group,
 * brand, channel, tags and the requester's locale and role from Zendesk's API, so nobody can credit
 * a survey to someone else. Older apps sent the ticket here; such a body is accepted and ignored.
 */
export type SendSurveyRequest = Record<string, never>;

export const SendSurveyCreated = z.object({ outcome: z.literal('created'), survey: SurveyView });
export const SendSurveySkipped = z.object({ outcome: z.literal('skipped'), skip: SkipView });
/** 201 with the new survey, or 409 with the rule that skips it. */
export type SendSurveyResponse =
  z.output<typeof SendSurveyCreated> | z.output<typeof SendSurveySkipped>;

/**
 * GET /api/v1/requesters/:id?limit=N&cursor=C — the requester's answered surveys, newest first;
 * pass `nextCursor` back as `cursor` for older ones.
 */
export const RequesterHistoryResponse = z.object({
  requesterId: int,
  items: z.array(
    z.object({ id: int, ticketId: int, createdAt: dateTime, scaleId, answer: AnswerView }),
  ),
  nextCursor: nullableStr,
});
export type RequesterHistoryResponse = z.output<typeof RequesterHistoryResponse>;

/**
 * POST /api/v1/requesters/:id/erase (admins) — the requester's answers lose who gave them and
 * what they wrote; the counts say how much was erased (docs/data-protection.md).
 */
export const EraseRequesterResponse = z.object({
  requesterId: int,
  surveys: int.describe('Surveys that no longer name the requester.'),
  answers: int.describe('Their answers: scores kept for the reports, language erased.'),
  comments: int.describe('Comments erased.'),
  skips: int.describe('Skipped solves that no longer name the requester.'),
});
export type EraseRequesterResponse = z.output<typeof EraseRequesterResponse>;

export const ticketSurveyRoute = route({
  method: 'GET',
  url: '/tickets/:id',
  tags: ['tickets'],
  summary: "The ticket's survey: its state, answer and write-back, or why it was skipped",
  description:
    "`survey` is the ticket's newest survey; `earlier` its older answered surveys, newest first (a replaced answer is history and counts nowhere).",
  params: idParams,
  response: { 200: TicketSurveyResponse, ...errors(400, 401, 403, 503) },
});

export const sendSurveyRoute = route({
  method: 'POST',
  url: '/tickets/:id/survey',
  tags: ['tickets'],
  summary: 'Send (or resend) the survey now, under the same rules as on solve',
  description:
    "The service reads the ticket (requester, assignee, group, brand, channel, tags) and the requester's locale and role from Zendesk; any request body is ignored. 201 with the new survey, which closes the ticket's earlier links; 409 with the rule that skips it (`ticket_closed` for a closed ticket); 404 when Zendesk has no such ticket; 503 when Zendesk cannot be reached.",
  params: idParams,
  // Anything, or nothing: the ticket is read from Zendesk, never taken from the caller.
  body: z
    .unknown()
    .describe(
      'Ignored. Older apps sent the ticket (requester, assignee, group, brand, channel, tags) here; the service reads them from Zendesk instead, so nobody can credit a survey to someone else.',
    ),
  response: {
    201: SendSurveyCreated,
    409: SendSurveySkipped,
    ...errors(400, 401, 403, 404, 503),
  },
});

export const requesterHistoryRoute = route({
  method: 'GET',
  url: '/requesters/:id',
  tags: ['requesters'],
  summary: "The requester's answered surveys, newest first, a page at a time",
  params: idParams,
  querystring: z.strictObject(page(MAX_ANSWERS_PAGE, 5)),
  response: { 200: RequesterHistoryResponse, ...errors(400, 401, 403, 503) },
});

export const eraseRequesterRoute = route({
  method: 'POST',
  url: '/requesters/:id/erase',
  tags: ['requesters'],
  summary: "Erase the requester's personal data from their answers (admins; cannot be undone)",
  description:
    'Keeps what the reports count (score, scale, reason, CSAT, solve day, agent, group, brand, channel), so every figure stays the same; erases the requester id, the comment, the languages and the survey link. Audited. See docs/data-protection.md.',
  params: idParams,
  body: z.strictObject({
    confirmRequesterId: int.describe(
      "The requester's id again: erasing cannot be undone, so the caller confirms it.",
    ),
  }),
  response: { 200: EraseRequesterResponse, ...errors(400, 401, 403, 503) },
});

export const TICKET_ROUTES = [
  ticketSurveyRoute,
  sendSurveyRoute,
  requesterHistoryRoute,
  eraseRequesterRoute,
] as const;
