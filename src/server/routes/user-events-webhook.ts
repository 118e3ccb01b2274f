import type { FastifyInstance } from 'fastify';
import { eraseRequesterData } from '../privacy/erasure.js';
import { parseUserEvent, UserEventError, type UserEvent } from '../privacy/user-event.js';
import {
  checkZendeskSignature,
  SIGNATURE_HEADER,
  SIGNATURE_MESSAGES,
  TIMESTAMP_HEADER,
  webhookSigningSecret,
} from '../security/webhook-signature.js';

/**
 * Zendesk's user events (setup subscribes this webhook to zen:event-type:user.deleted): a deleted
 * user's answers lose everything that names them (docs/data-protection.md). Signed like the solve
 * webhook, with this webhook's own secret.
 */
export async function userEventsWebhookRoutes(app: FastifyInstance): Promise<void> {
  // The signature covers the exact bytes sent, so this scope keeps JSON bodies as raw text.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post('/webhooks/zendesk/users', async (request, reply) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const secret = await webhookSigningSecret(app.db, app.config, 'user_events_webhook');
    if (secret === null) {
      request.log.error('user events webhook refused: no signing secret is configured');
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
      request.log.warn({ problem }, 'user events webhook refused');
      return reply.status(401).send({ error: problem, message: SIGNATURE_MESSAGES[problem] });
    }
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
