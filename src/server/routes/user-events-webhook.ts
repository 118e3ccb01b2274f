import type { FastifyInstance } from 'fastify';
import { eraseRequesterData } from '../privacy/erasure.js';
import { parseUserEvent, UserEventError, type UserEvent } from '../privacy/user-event.js';
import { signedWebhookGate } from './signed-webhook.js';

/**
 * Zendesk's user events (setup subscribes this webhook to zen:event-type:user.deleted): a deleted
 * user's answers lose everything that names them (docs/data-protection.md). Behind the same door as the
 * solve webhook (signedWebhookGate), with this webhook's own secret.
 */
export async function userEventsWebhookRoutes(app: FastifyInstance): Promise<void> {
  const gate = signedWebhookGate(app, {
    name: 'user events webhook',
    secretKey: 'user_events_webhook',
  });

  app.post('/webhooks/zendesk/users', async (request, reply) => {
    const rawBody = await gate.verify(request, reply);
    if (rawBody === null) return reply;
    let event: UserEvent;
    try {
      event = parseUserEvent(JSON.parse(rawBody));
    } catch (error) {
      if (error instanceof SyntaxError) {
        return reply.status(400).send({
          error: 'invalid_json',
          message: 'The body is not JSON: send the documented body.',
        });
      }
      if (error instanceof UserEventError) {
        return reply.status(400).send({ error: 'invalid_event', message: error.message });
      }
      throw error;
    }
    if (event.kind === 'other') return reply.status(200).send({ outcome: 'ignored' });
    const counts = await eraseRequesterData(app.db, event.userId, {
      source: 'zendesk_user_deleted',
      eventId: event.eventId,
    });
    request.log.info(
      { surveys: counts.surveys, eventId: event.eventId },
      'deleted Zendesk user erased',
    );
    return reply.status(200).send({ outcome: 'erased', surveys: counts.surveys });
  });
}
