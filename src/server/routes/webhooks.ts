import type { FastifyInstance } from 'fastify';
import { countDecision, webhookDeliveries } from '../monitoring/metrics.js';
import { intakeSolve } from '../surveys/intake.js';
import { parseSolveEvent, SolveEventError } from '../surveys/solve-event.js';
import { signedWebhookGate } from './signed-webhook.js';

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
 * Zendesk's "ticket solved" webhook: verified (signedWebhookGate: signature, failure limit), then
 * a survey or a recorded skip.
 */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const gate = signedWebhookGate(app, { name: 'solve webhook', secretKey: 'webhook' });

  app.post('/webhooks/zendesk', async (request, reply) => {
    const rawBody = await gate.verify(request, reply, (outcome) =>
      webhookDeliveries.inc({ outcome }),
    );
    if (rawBody === null) return reply;

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
