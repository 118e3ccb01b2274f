import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/** Request headers that carry credentials: whatever logs them gets a placeholder instead. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'x-zendesk-webhook-signature'] as const;

export const REDACTED = '[redacted]';

/**
 * A run of token characters this long is treated as a token wherever it appears: a survey token is
 * 43 of them, and a shorter run leaves more than 128 bits of any token unknown.
 */
const TOKEN_LIKE_RUN = /[A-Za-z0-9_-]{20,}/g;
/** Decoding stops here: `%25` layers beyond this are not a link anybody clicked. */
const MAX_DECODE_ROUNDS = 4;

/** Percent-decodes until nothing changes; a malformed escape stays as it is. */
function decodeFully(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const next = current.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
      try {
        return decodeURIComponent(escapes);
      } catch {
        return escapes.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
          String.fromCharCode(parseInt(hex, 16)),
        );
      }
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * The request URL as it may be logged. It is read the way a router might read it (decoded, any
 * case, a backslash as `/`), so `/%73/<token>`, `/S/<token>` and `?t=<token>` are redacted too:
 * the second segment of any `/s/` path but `/s/assets/`, and every token-like run in path and query.
 */
export function redactUrl(url: string): string {
  const end = url.search(/[?#]/);
  const rawPath = end === -1 ? url : url.slice(0, end);
  const rest = end === -1 ? '' : url.slice(end);
  const segments = decodeFully(rawPath).replace(/\\/g, '/').split('/');
  const named = segments.flatMap((segment, index) => (segment.trim() === '' ? [] : [index]));
  const [first, second] = named;
  if (
    first !== undefined &&
    second !== undefined &&
    segments[first]!.trim().toLowerCase() === 's' &&
    segments[second]!.trim().toLowerCase() !== 'assets'
  ) {
    segments[second] = REDACTED;
  }
  const path = segments.join('/').replace(TOKEN_LIKE_RUN, REDACTED);
  const query = decodeFully(rest.replace(/\+/g, ' ')).replace(TOKEN_LIKE_RUN, REDACTED);
  return path + query;
}

/** What the log says about a request: Fastify's fields, with a token-free URL. */
function requestForLog(request: Partial<FastifyRequest>) {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactUrl(request.url) : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The service's logger: survey tokens never reach the log through URLs, and credential headers
 * are redacted should anything log the headers. False when the configured level is silent.
 */
export function loggerOptions(
  config: Pick<Config, 'logLevel'>,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    redact: {
      paths: SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`]),
      censor: REDACTED,
    },
    serializers: { req: requestForLog },
  };
}
