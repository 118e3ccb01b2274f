import type { FastifyInstance } from 'fastify';
import { RATE_LIMIT_DEFAULTS } from '../config.js';
import { countDecision, webhookDeliveries } from '../monitoring/metrics.js';
import { refuse } from '../security/rate-limit.js';
import { createMemoryFailureLimiter } from '../security/shared-rate-limit.js';
import { intakeSolve } from '../surveys/intake.js';
import { parseSolveEvent, SolveEventError } from '../surveys/solve-event.js';
import {
  checkZendeskSignature,
  SIGNATURE_HEADER,
  SIGNATURE_MESSAGES,
  signatureHeadersProblem,
  TIMESTAMP_HEADER,
  webhookSigningSecret,
  type SignatureProblem,
} from '../security/webhook-signature.js';

/**
 * Zendesk sends this header with every webhook request, the same on each retry of one invocation
 * (https://developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request/).
 */
export const INVOCATION_HEADER = 'x-zendesk-webhook-invocation-id';
const INVOCATION_ID = /^[\x21-\x7e]{1,128}$/;

/** The invocation id when it is one (printable, short); anything else counts as absent. */
function invocationIdOf(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && INVOCATION_ID.test(value) ? value : null;
}

/**
 * Zendesk's "ticket solved" webhook: verified, then a survey or a recorded skip. An address that
 * sent too many unsigned or badly signed deliveries this minute is refused before any database
 * work, from this process's memory (README, "Rate limits": N replicas allow N × the limit).
 */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const failures = createMemoryFailureLimiter({
    max: (app.config.rateLimits ?? RATE_LIMIT_DEFAULTS).webhookFailuresPerMinute,
    windowMs: 60_000,
  });
  const tooMany = (retryAfterSeconds: number) => ({
    error: 'too_many_requests',
    message: `Too many unsigned or badly signed webhook deliveries from your address: wait ${retryAfterSeconds} seconds (Retry-After), then send signed requests.`,
  });

  // The signature covers the exact bytes sent, so this scope keeps JSON bodies as raw text.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post('/webhooks/zendesk', async (request, reply) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const refuseDelivery = (problem: SignatureProblem, outcome: 'unsigned' | 'bad_signature') => {
      webhookDeliveries.inc({ outcome });
      const verdict = failures.fail(request.ip);
      request.log.warn({ problem }, 'solve webhook refused');
      if (!verdict.allowed) {
        refuse(reply, 'webhook', verdict);
        return reply.status(429).send(tooMany(verdict.retryAfterSeconds));
      }
      return reply.status(401).send({ error: problem, message: SIGNATURE_MESSAGES[problem] });
    };
    const blocked = failures.blocked(request.ip);
    if (blocked) {
      webhookDeliveries.inc({ outcome: 'rate_limited' });
      refuse(reply, 'webhook', blocked);
      return reply.status(429).send(tooMany(blocked.retryAfterSeconds));
    }
    // Unsigned, or a timestamp that cannot be fresh: refused without reading the secret.
    const early = signatureHeadersProblem({
      signature: request.headers[SIGNATURE_HEADER],
      timestamp: request.headers[TIMESTAMP_HEADER],
    });
    if (early !== null) return refuseDelivery(early, 'unsigned');
    const secret = await webhookSigningSecret(app.db, app.config);
    if (secret === null) {
      webhookDeliveries.inc({ outcome: 'not_configured' });
      request.log.error('solve webhook refused: no signing secret is configured');
      return reply.status(503).send({
        error: 'webhook_not_configured',
        message:
          'This service has no webhook signing secret yet: run setup, or set ZENDESK_WEBHOOK_SECRET.',
      });
    }
    const problem = checkZendeskSignature({
      secret,
      signature: request.headers[SIGNATURE_HEADER],
      timestamp: request.headers[TIMESTAMP_HEADER],
      rawBody,
    });
    if (problem) return refuseDelivery(problem, 'bad_signature');

    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      webhookDeliveries.inc({ outcome: 'bad_body' });
      return reply.status(400).send({
        error: 'invalid_json',
        message: 'The body is not JSON: send the documented body.',
      });
    }
    let event;
    try {
      event = parseSolveEvent(body);
    } catch (error) {
      if (error instanceof SolveEventError) {
        webhookDeliveries.inc({ outcome: 'bad_body' });
        return reply.status(400).send({ error: error.code, message: error.message });
      }
      throw error;
    }

    const invocationId = invocationIdOf(request.headers[INVOCATION_HEADER]);
    const result = await intakeSolve(app.db, event, {
      origin: 'solve',
      invocationId,
    });
    webhookDeliveries.inc({ outcome: result.outcome });
    countDecision('solve', result);
    request.log.info({ ticketId: event.ticketId, invocationId, ...result }, 'solve taken in');
    return reply.status(result.outcome === 'created' ? 202 : 200).send(result);
  });
}
