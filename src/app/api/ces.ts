/**
 * Every call from the app to the CES service. The service served this page after verifying
 * Zendesk's signed request, with a short-lived session for the user; calls go to the same origin
 * with that session (see session.ts), never through Zendesk's proxy and with no shared secret.
 */
import type {
  EraseRequesterResponse,
  AgentReportResponse,
  AgentSummaryResponse,
  ReportAnswersResponse,
  ReportFilters,
  ReportResponse,
  RequesterHistoryResponse,
  SendSurveyRequest,
  SendSurveyResponse,
  OutboxRetryResponse,
  OutboxStatusResponse,
  SettingsResponse,
  SetupStatusResponse,
  TicketSurveyResponse,
  ZendeskSyncStatus,
} from '../../shared/api-types.js';
import type {
  AccessPolicy,
  AccessPolicyResponse,
  AgentSearchResponse,
  AuditResponse,
  CustomRolesResponse,
  MeResponse,
} from '../../shared/access.js';
import type { DigestResponse } from '../../shared/digest.js';
import type { Locale } from '../../shared/locales.js';
import type { AgentSortKey } from '../../shared/scoring.js';
import type { Settings } from '../../shared/settings.js';
import { RequestError, toRequestError } from './request-error.js';

/** Earlier answers shown in the sidebar. */
export const REQUESTER_HISTORY_LIMIT = 5;
/** The agent figures the sidebar shows, in days. */
export const AGENT_PERIODS = [30, 90] as const;

/** One request to the service, as a transport sends it (the same shape ZAF's request takes). */
export interface CesRequest {
  /** Same-origin path with query, e.g. /api/v1/report?from=... */
  url: string;
  type: 'GET' | 'POST' | 'PUT';
  contentType: string;
  /** 'text' for CSV. */
  dataType: 'json' | 'text';
  /** A JSON string for bodies. */
  data?: string;
}

/**
 * Sends a request and resolves with the parsed body; rejects with `{ status, responseJSON,
 * responseText }` (or an Error when nothing answered), as toRequestError expects.
 */
export type CesTransport = <T>(request: CesRequest) => Promise<T>;

/** How the app reaches the service. */
export interface CesTarget {
  send: CesTransport;
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** 'text' for CSV. */
  dataType?: 'json' | 'text';
}

/** Builds the same-origin URL from path and query; undefined query values are left out. */
export function cesUrl(path: string, query: CallOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** The request for one service call. */
export function cesRequest(path: string, opts: CallOptions = {}): CesRequest {
  const request: CesRequest = {
    url: cesUrl(path, opts.query),
    type: opts.method ?? 'GET',
    contentType: 'application/json',
    dataType: opts.dataType ?? 'json',
  };
  if (opts.body !== undefined) request.data = JSON.stringify(opts.body);
  return request;
}

async function call<T>(target: CesTarget, path: string, opts: CallOptions = {}): Promise<T> {
  try {
    return await target.send<T>(cesRequest(path, opts));
  } catch (failure) {
    throw toRequestError('ces', failure);
  }
}

/** This ticket's latest survey (or skip) and its answer. */
export function getTicketSurvey(target: CesTarget, ticketId: number) {
  return call<TicketSurveyResponse>(target, `/tickets/${ticketId}`);
}

/**
 * Sends (or resends) the survey now; the service reads who and what the ticket is from Zendesk.
 * A rule that skips it is an answer, not a failure: the service says 409 with the skip, returned
 * here as `{ outcome: 'skipped' }`.
 */
export async function sendSurvey(target: CesTarget, ticketId: number): Promise<SendSurveyResponse> {
  const body: SendSurveyRequest = {};
  try {
    return await call<SendSurveyResponse>(target, `/tickets/${ticketId}/survey`, {
      method: 'POST',
      body,
    });
  } catch (error) {
    if (error instanceof RequestError && error.status === 409 && isSkipped(error.body)) {
      return error.body;
    }
    throw error;
  }
}

function isSkipped(body: unknown): body is Extract<SendSurveyResponse, { outcome: 'skipped' }> {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { outcome?: unknown }).outcome === 'skipped' &&
    typeof (body as { skip?: unknown }).skip === 'object'
  );
}

/** The requester's latest answers, newest first. */
export function getRequesterHistory(
  target: CesTarget,
  requesterId: number,
  limit = REQUESTER_HISTORY_LIMIT,
) {
  return call<RequesterHistoryResponse>(target, `/requesters/${requesterId}`, {
    query: { limit },
  });
}

/**
 * Erases the requester's personal data from every CES answer (admins; cannot be undone): the
 * request repeats the id as the service's confirmation.
 */
export function eraseRequester(target: CesTarget, requesterId: number) {
  return call<EraseRequesterResponse>(target, `/requesters/${requesterId}/erase`, {
    method: 'POST',
    body: { confirmRequesterId: requesterId },
  });
}

/** One agent's figures over the last `days` days, one period per length, in one call. */
export function getAgentSummary(
  target: CesTarget,
  agentId: number,
  days: readonly number[] = AGENT_PERIODS,
) {
  return call<AgentSummaryResponse>(target, `/agents/${agentId}/summary`, {
    query: { days: days.join(',') },
  });
}

/** The query string of a report: the same for the JSON view and its CSV export. */
export function reportQuery(filters: ReportFilters): CallOptions['query'] {
  return {
    from: filters.from,
    to: filters.to,
    groupId: filters.groupId,
    brandId: filters.brandId,
    channel: filters.channel,
  };
}

/** Per-agent and per-group figures for a period and filters. */
export function getReport(target: CesTarget, filters: ReportFilters) {
  return call<ReportResponse>(target, '/report', { query: reportQuery(filters) });
}

/** What narrows the answers behind a figure, on top of the report's filters. */
export interface AnswerFilters extends ReportFilters {
  agentId?: number;
  band?: 'easy' | 'neutral' | 'difficult';
  driver?: string;
  limit?: number;
  cursor?: string;
}

/** The answers behind a figure (one agent's difficult answers, say), newest first. */
export function getReportAnswers(target: CesTarget, filters: AnswerFilters) {
  return call<ReportAnswersResponse>(target, '/report/answers', {
    query: {
      ...reportQuery(filters),
      agentId: filters.agentId,
      band: filters.band,
      driver: filters.driver,
      limit: filters.limit,
      cursor: filters.cursor,
    },
  });
}

/** One agent's page for the team page's filters: figures, standing, distribution, trend, reasons. */
export function getAgentReport(target: CesTarget, agentId: number, filters: ReportFilters) {
  return call<AgentReportResponse>(target, `/agents/${agentId}/report`, {
    query: reportQuery(filters),
  });
}

/** One agent's answers for the same filters, newest solve first, a page at a time. */
export function getAgentAnswers(
  target: CesTarget,
  agentId: number,
  filters: ReportFilters & Pick<AnswerFilters, 'band' | 'driver' | 'limit' | 'cursor'>,
) {
  return call<ReportAnswersResponse>(target, `/agents/${agentId}/answers`, {
    query: {
      ...reportQuery(filters),
      band: filters.band,
      driver: filters.driver,
      limit: filters.limit,
      cursor: filters.cursor,
    },
  });
}

/** The same report as CSV text: filters, team, agents in the table's order, groups, reasons. */
export function getReportCsv(
  target: CesTarget,
  filters: ReportFilters,
  order: { sort: AgentSortKey; order: 'asc' | 'desc' } = { sort: 'rank', order: 'asc' },
) {
  return call<string>(target, '/report.csv', {
    query: { ...reportQuery(filters), sort: order.sort, order: order.order },
    dataType: 'text',
  });
}

/** Every answer behind the report's figures, as CSV text. */
export function getAnswersCsv(target: CesTarget, filters: ReportFilters) {
  return call<string>(target, '/report/answers.csv', {
    query: reportQuery(filters),
    dataType: 'text',
  });
}

/** The account's survey settings. */
export function getSettings(target: CesTarget) {
  return call<SettingsResponse>(target, '/settings');
}

/** The current user's weekly digest: their choice and a preview of last week's, in `locale`. */
export function getDigest(target: CesTarget, locale: Locale) {
  return call<DigestResponse>(target, '/digest', { query: { locale } });
}

/** Switches the current user's weekly digest on or off, in their language. */
export function saveDigest(target: CesTarget, choice: { enabled: boolean; locale: Locale }) {
  return call<DigestResponse>(target, '/digest', { method: 'PUT', body: choice });
}

/** Saves settings; a 422 carries the problems (see SettingsInvalidResponse). */
export function saveSettings(target: CesTarget, settings: Settings) {
  return call<SettingsResponse>(target, '/settings', { method: 'PUT', body: settings });
}

/** What Zendesk has and lacks of the fields, webhook, triggers and dynamic content. */
export function getSetupStatus(target: CesTarget) {
  return call<SetupStatusResponse>(target, '/setup');
}

/** Creates or repairs what is missing or drifted, then reports the new status. */
export function repairSetup(target: CesTarget) {
  return call<SetupStatusResponse>(target, '/setup', { method: 'POST', body: { repair: true } });
}

/** Whether Zendesk's email, triggers and reason options show what the settings say. */
export function getZendeskSync(target: CesTarget) {
  return call<ZendeskSyncStatus>(target, '/settings/zendesk');
}

/** The outbox: job counts, failed jobs and the Zendesk API budget in use. */
export function getOutbox(target: CesTarget) {
  return call<OutboxStatusResponse>(target, '/outbox');
}

/** Sends a failed outbox job (e.g. the Zendesk sync) round again. */
export function retryOutboxJob(target: CesTarget, jobId: number) {
  return call<OutboxRetryResponse>(target, `/outbox/${jobId}/retry`, { method: 'POST', body: {} });
}

/** Who the service says the user is: role, groups and what the app may show them. */
export function getMe(target: CesTarget) {
  return call<MeResponse>(target, '/me');
}

/** Settings and setup changes, newest first (admins). */
export function getAudit(target: CesTarget) {
  return call<AuditResponse>(target, '/audit');
}

/** Who counts as a team lead, with the named team leads' names (admins). */
export function getAccess(target: CesTarget) {
  return call<AccessPolicyResponse>(target, '/access');
}

/** Replaces who counts as a team lead; a 400 names a role or user Zendesk does not know. */
export function saveAccess(target: CesTarget, policy: AccessPolicy) {
  return call<AccessPolicyResponse>(target, '/access', { method: 'PUT', body: policy });
}

/** The account's Zendesk custom roles, read by the service (admins). */
export function getCustomRoles(target: CesTarget) {
  return call<CustomRolesResponse>(target, '/access/roles');
}

/** Agents and admins whose name starts with `name`, read by the service from Zendesk (admins). */
export function searchAgents(target: CesTarget, name: string) {
  return call<AgentSearchResponse>(target, '/access/users', { query: { name } });
}
