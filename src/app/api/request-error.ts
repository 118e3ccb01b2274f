import type { ZafRequestFailure } from './zaf-client.js';

/** Which side failed: our CES service, Zendesk's own API, or the app itself (a bug). */
export type RequestTarget = 'ces' | 'zendesk' | 'app';

/** A failed request with what the user needs to decide what to do: status, error code, body. */
export class RequestError extends Error {
  constructor(
    readonly target: RequestTarget,
    /** HTTP status; 0 when nothing answered (network, proxy or timeout). */
    readonly status: number,
    /** The service's machine-readable `error` field when it sent one. */
    readonly code: string | null,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseBody(failure: ZafRequestFailure): unknown {
  if (failure.responseJSON !== undefined) return failure.responseJSON;
  if (!failure.responseText) return null;
  try {
    return JSON.parse(failure.responseText) as unknown;
  } catch {
    return failure.responseText;
  }
}

/** Turns whatever client.request() rejected with into a RequestError. */
export function toRequestError(target: RequestTarget, failure: unknown): RequestError {
  if (failure instanceof RequestError) return failure;
  if (isRecord(failure) && typeof failure.status === 'number') {
    const f = failure as unknown as ZafRequestFailure;
    const body = parseBody(f);
    const code = isRecord(body) && typeof body.error === 'string' ? body.error : null;
    const message =
      isRecord(body) && typeof body.message === 'string'
        ? body.message
        : `${target} request failed with status ${f.status}`;
    return new RequestError(target, f.status, code, body, message);
  }
  const message = failure instanceof Error ? failure.message : String(failure);
  return new RequestError(target, 0, null, null, message);
}

/** Catalog key of the sentence telling the user what went wrong and what to do about it. */
export function errorMessageKey(error: RequestError): string {
  if (error.target === 'app') return 'common.errors.unexpected';
  if (error.target === 'zendesk') return 'common.errors.zendesk';
  if (error.status === 0) return 'common.errors.unreachable';
  if (error.status === 401) return 'common.errors.unauthorized';
  if (error.status === 403) return 'common.errors.forbidden';
  if (error.status === 404) return 'common.errors.notFound';
  if (error.status === 429) return 'common.errors.rateLimited';
  if (error.status >= 500) return 'common.errors.server';
  return 'common.errors.request';
}
