/** Every failure of a Zendesk call; `retryable` tells the caller whether trying later may help. */
export class ZendeskError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'ZendeskError';
    this.retryable = options.retryable;
  }
}

/** Zendesk answered with a 4xx that retrying will not fix (bad input, missing record, no access). */
export class ZendeskRequestError extends ZendeskError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** Zendesk's `error` code, e.g. `RecordInvalid`, `RecordNotFound`, `Couldn't authenticate you`. */
    readonly code: string | null,
    /** Zendesk's parsed JSON body, kept for callers that look at `details`. */
    readonly body: unknown,
    message: string,
  ) {
    super(message, { retryable: false });
    this.name = 'ZendeskRequestError';
  }
}

/**
 * The ticket is closed: Zendesk refuses every update (422 RecordInvalid, "Status: closed prevents
 * ticket update"). Final for this ticket: record it, never retry.
 */
export class TicketClosedError extends ZendeskRequestError {
  constructor(
    readonly ticketId: number,
    method: string,
    path: string,
    body: unknown,
  ) {
    super(
      method,
      path,
      422,
      'RecordInvalid',
      body,
      `Zendesk ticket ${ticketId} is closed and can no longer be updated.`,
    );
    this.name = 'TicketClosedError';
  }
}

/**
 * A safe update (`safe_update` + `updated_stamp`) found the ticket changed since it was read: Zendesk
 * answered 409 and applied nothing. Read the ticket again and recompute the update.
 */
export class TicketUpdateConflictError extends ZendeskError {
  constructor(
    readonly ticketId: number,
    readonly method: string,
    readonly path: string,
  ) {
    super(
      `Zendesk ticket ${ticketId} changed after it was read (409 on a safe update): read it again and retry.`,
      { retryable: true },
    );
    this.name = 'TicketUpdateConflictError';
  }
}

/** 429 after the client's own patience ran out: retry no sooner than `retryAfterSeconds`. */
export class ZendeskRateLimitError extends ZendeskError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `Zendesk rate limit hit on ${method} ${path}: retry in ${retryAfterSeconds} s or later.`,
      { retryable: true },
    );
    this.name = 'ZendeskRateLimitError';
  }
}

/**
 * Zendesk could not be reached or answered 5xx after every retry. `maybeApplied` is true when the
 * request may have reached Zendesk (timeout, reset, 500/502/504): a caller that appends comments
 * should check the ticket before repeating it.
 */
export class ZendeskUnavailableError extends ZendeskError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | null,
    readonly maybeApplied: boolean,
    message: string,
    cause?: unknown,
    /** Zendesk's Retry-After on a 503, when it sent one: retry no sooner. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message, { retryable: true, cause });
    this.name = 'ZendeskUnavailableError';
  }
}

/** The description Zendesk gives an update to a closed ticket (with or without the colon). */
const CLOSED_PATTERN = /closed prevents ticket update/i;

/** True for Zendesk's 422 body that means "the ticket is closed". */
export function isClosedTicketBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const details = (body as { details?: unknown }).details;
  if (typeof details !== 'object' || details === null) return false;
  // Seen under details.status and (older accounts) details.base.
  for (const list of Object.values(details as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const description = (entry as { description?: unknown } | null)?.description;
      if (typeof description === 'string' && CLOSED_PATTERN.test(description)) return true;
    }
  }
  return false;
}
