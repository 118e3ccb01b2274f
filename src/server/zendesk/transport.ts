import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { zendeskRequests } from '../monitoring/metrics.js';
import {
  TicketClosedError,
  TicketUpdateConflictError,
  ZendeskRateLimitError,
  ZendeskRequestError,
  ZendeskUnavailableError,
  isClosedTicketBody,
} from './errors.js';

/** Credentials: an agent's API token (with their email) or an OAuth access token. */
export type ZendeskAuth = { email: string; apiToken: string } | { oauthToken: string };

/** The subset of a pino logger we use; nothing logged here ever holds a credential. */
export interface ZendeskLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/**
 * Passed by every request before it is sent and told of every answer: the shared API budget
 * (budget.ts). Absent in unit tests of the transport itself.
 */
export interface RequestGate {
  /** Resolves when the request may go; throws ZendeskRateLimitError when that is too far off. */
  beforeRequest(method: string, path: string): Promise<void>;
  /** Zendesk's status and headers (lower-case names): 429s and the rate-limit headers. */
  afterResponse(status: number, headers: Record<string, unknown>): Promise<void>;
}

export interface TransportOptions {
  /** https://acme.zendesk.com (or the sandbox), without /api/v2. */
  baseUrl: string;
  auth: ZendeskAuth;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx and network errors alike. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited out in-process: the caller reschedules. */
  maxRetryAfterSeconds?: number;
  /** First backoff step for 5xx/network errors; doubles per retry up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injected by tests to pin the jitter. */
  random?: () => number;
  logger?: ZendeskLogger;
  gate?: RequestGate;
}

export interface ZendeskRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, e.g. `/api/v2/tickets/1`; may carry a query string. */
  path: string;
  params?: Record<string, string | number | boolean | undefined>;
  data?: unknown;
  /**
   * Whether repeating the request after an ambiguous failure (timeout, reset, 500/502/504) is
   * harmless. Failures that prove the request was not processed (429, 503, refused) always retry.
   */
  idempotent: boolean;
  /** Set on ticket updates so a 422 for a closed ticket becomes a TicketClosedError. */
  ticketId?: number;
  /** A safe update: its 409 means "changed since read", which repeating cannot fix. */
  safeUpdate?: boolean;
}

export interface ZendeskResponse<T> {
  status: number;
  data: T;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 120;
const DEFAULT_BASE_BACKOFF_MS = 500;
const DEFAULT_MAX_BACKOFF_MS = 30_000;
/** Used when a 429 comes without Retry-After (Zendesk always sends one; proxies may not). */
const FALLBACK_RETRY_AFTER_SECONDS = 60;
/** Errors raised before the request left this machine: retrying cannot double-apply them. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const silentLogger: ZendeskLogger = { debug: () => undefined, warn: () => undefined };

export function authorizationHeader(auth: ZendeskAuth): string {
  if ('oauthToken' in auth) return `Bearer ${auth.oauthToken}`;
  const basic = Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64');
  return `Basic ${basic}`;
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function describeBody(body: unknown): { code: string | null; text: string } {
  if (typeof body === 'string') return { code: null, text: body.slice(0, 200) };
  if (typeof body !== 'object' || body === null) return { code: null, text: '' };
  const record = body as Record<string, unknown>;
  const code = typeof record.error === 'string' ? record.error : null;
  const parts: string[] = [];
  if (typeof record.description === 'string') parts.push(record.description);
  if (typeof record.error === 'object' && record.error !== null) {
    const nested = record.error as Record<string, unknown>;
    if (typeof nested.message === 'string') parts.push(nested.message);
  }
  if (Array.isArray(record.errors)) {
    for (const e of record.errors as Array<Record<string, unknown>>) {
      const text = e?.detail ?? e?.title ?? e?.description;
      if (typeof text === 'string') parts.push(text);
    }
  }
  if (typeof record.details === 'object' && record.details !== null) {
    for (const [field, list] of Object.entries(record.details as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      for (const entry of list as Array<Record<string, unknown>>) {
        if (typeof entry?.description === 'string') parts.push(`${field}: ${entry.description}`);
      }
    }
  }
  return { code, text: parts.join('; ') };
}

function hintFor(status: number): string {
  if (status === 401)
    return ' Check ZENDESK_EMAIL and ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN) and that API token access is enabled.';
  if (status === 403) return ' The Zendesk user behind the token lacks permission: use an admin.';
  if (status === 404) return ' It does not exist (any more) in this Zendesk account.';
  return '';
}

/** A sanitized stand-in for an axios error: axios errors carry the request config and its headers. */
function networkCause(error: AxiosError): Error {
  const cause = new Error(`${error.code ?? 'network error'}: ${error.message}`);
  cause.name = 'ZendeskNetworkError';
  return cause;
}

export interface Transport {
  request<T>(request: ZendeskRequest): Promise<ZendeskResponse<T>>;
  /** The base URL requests go to (no trailing slash). */
  readonly baseUrl: string;
}

/**
 * Sends one request with Zendesk's retry etiquette: 429 waits exactly Retry-After, 5xx and
 * network errors back off exponentially with jitter, and only safe failures repeat writes.
 */
export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  const baseBackoff = options.baseBackoffMs ?? DEFAULT_BASE_BACKOFF_MS;
  const maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const gate = options.gate ?? null;

  const http: AxiosInstance = axios.create({
    baseURL: baseUrl,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: {
      Authorization: authorizationHeader(options.auth),
      Accept: 'application/json',
      'User-Agent': 'zendesk-ces',
    },
    // Every status is handled below; axios would otherwise throw with the config (and auth) attached.
    validateStatus: () => true,
    maxRedirects: 0,
    proxy: false,
  });

  function backoffMs(retry: number): number {
    const ceiling = Math.min(maxBackoff, baseBackoff * 2 ** retry);
    // "Equal jitter": never less than half the step, so a flapping Zendesk is not hammered.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  async function request<T>(req: ZendeskRequest): Promise<ZendeskResponse<T>> {
    const { method, path } = req;
    const where = { method, path };
    for (let attempt = 0; ; attempt += 1) {
      const canRetry = attempt < maxRetries;
      let response: AxiosResponse<unknown>;
      await gate?.beforeRequest(method, path);
      try {
        response = await http.request({
          method,
          url: path,
          params: req.params,
          data: req.data,
        });
      } catch (error) {
        if (!(error instanceof AxiosError)) throw error;
        zendeskRequests.inc({ method, status: 'network' });
        const notSent = error.code !== undefined && NOT_SENT_CODES.has(error.code);
        const reason = error.code === 'ECONNABORTED' ? 'timed out' : (error.code ?? 'failed');
        if (canRetry && (notSent || req.idempotent)) {
          const wait = backoffMs(attempt);
          logger.warn({ ...where, attempt, error: reason, waitMs: wait }, 'zendesk request retry');
          await sleep(wait);
          continue;
        }
        throw new ZendeskUnavailableError(
          method,
          path,
          null,
          !notSent,
          `Zendesk could not be reached for ${method} ${path} (${reason}) after ${attempt + 1} attempt(s); try again later.`,
          networkCause(error),
        );
      }

      const { status } = response;
      zendeskRequests.inc({ method, status: String(status) });
      logger.debug({ ...where, status, attempt }, 'zendesk request');
      await gate?.afterResponse(status, { ...response.headers });
      if (status >= 200 && status < 300) return { status, data: response.data as T };

      const retryAfter = parseRetryAfter(response.headers['retry-after']);
      if (status === 429 || (status === 503 && retryAfter !== null)) {
        const seconds = retryAfter ?? FALLBACK_RETRY_AFTER_SECONDS;
        if (canRetry && seconds <= maxRetryAfter) {
          logger.warn(
            { ...where, attempt, status, retryAfterSeconds: seconds },
            'zendesk rate limited',
          );
          await sleep(seconds * 1000);
          continue;
        }
        if (status === 429) throw new ZendeskRateLimitError(method, path, seconds);
      }

      if (status === 409 && req.safeUpdate && req.ticketId !== undefined) {
        throw new TicketUpdateConflictError(req.ticketId, method, path);
      }
      if (status >= 500 || status === 409) {
        // 503 and 409 mean Zendesk did not apply the request; 500/502/504 leave it unknown.
        const notApplied = status === 503 || status === 409;
        const tooLong = retryAfter !== null && retryAfter > maxRetryAfter;
        if (canRetry && !tooLong && (notApplied || req.idempotent)) {
          const wait = Math.max(backoffMs(attempt), (retryAfter ?? 0) * 1000);
          logger.warn({ ...where, attempt, status, waitMs: wait }, 'zendesk request retry');
          await sleep(wait);
          continue;
        }
        if (status >= 500) {
          throw new ZendeskUnavailableError(
            method,
            path,
            status,
            !notApplied,
            `Zendesk answered ${status} to ${method} ${path} after ${attempt + 1} attempt(s); try again ${retryAfter !== null ? `in ${retryAfter} s or later` : 'later'}.`,
            undefined,
            retryAfter,
          );
        }
      }

      if (status === 422 && req.ticketId !== undefined && isClosedTicketBody(response.data)) {
        throw new TicketClosedError(req.ticketId, method, path, response.data);
      }
      const { code, text } = describeBody(response.data);
      throw new ZendeskRequestError(
        method,
        path,
        status,
        code,
        response.data,
        `Zendesk refused ${method} ${path} with ${status}${code ? ` ${code}` : ''}${text ? `: ${text}` : ''}.${hintFor(status)}`,
      );
    }
  }

  return { request, baseUrl };
}
