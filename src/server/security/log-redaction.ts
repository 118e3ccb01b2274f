import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/** Request headers that carry credentials: whatever logs them gets a placeholder instead. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'x-zendesk-webhook-signature'] as const;

export const REDACTED = '[redacted]';

/** A survey link's path holds its token, a bearer secret; `/s/assets/...` holds none. */
const SURVEY_TOKEN_PATH = /^(\/+s\/+)(?!assets\/)[^/?#]+/;

/** The request URL as it may be logged: a survey token becomes a placeholder. */
export function redactUrl(url: string): string {
  return url.replace(SURVEY_TOKEN_PATH, `$1${REDACTED}`);
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
