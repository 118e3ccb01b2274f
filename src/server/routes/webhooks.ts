import type { FastifyInstance } from 'fastify';
import { intakeSolve } from '../surveys/intake.js';
import { parseSolveEvent, SolveEventError } from '../surveys/solve-event.js';
import {
  checkZendeskSignature,
  SIGNATURE_HEADER,
  SIGNATURE_MESSAGES,
  TIMESTAMP_HEADER,
  webhookSigningSecret,
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

/** Zendesk's "ticket solved" webhook: verified, then a survey or a recorded skip. */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  // The signature covers the exact bytes sent, so this scope keeps JSON bodies as raw text.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post('/webhooks/zendesk', async (request, reply) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const secret = await webhookSigningSecret(app.db, app.config);
    if (secret === null) {
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
    if (problem) {
      request.log.warn({ problem }, 'solve webhook refused');
      return reply.status(401).send({ error: problem, message: SIGNATURE_MESSAGES[problem] });
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
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
        return reply.status(400).send({ error: error.code, message: error.message });
      }
      throw error;
    }

    const invocationId = invocationIdOf(request.headers[INVOCATION_HEADER]);
    const result = await intakeSolve(app.db, event, {
      origin: 'solve',
      invocationId,
    });
    request.log.info({ ticketId: event.ticketId, invocationId, ...result }, 'solve taken in');
    return reply.status(result.outcome === 'created' ? 202 : 200).send(result);
  });
}
