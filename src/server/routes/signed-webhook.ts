import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RATE_LIMIT_DEFAULTS } from '../config.js';
import { refuse } from '../security/rate-limit.js';
import { createMemoryFailureLimiter } from '../security/shared-rate-limit.js';
import {
  checkZendeskSignature,
  SIGNATURE_HEADER,
  SIGNATURE_MESSAGES,
  signatureHeadersProblem,
  TIMESTAMP_HEADER,
  webhookSigningSecret,
} from '../security/webhook-signature.js';

/** What happened to a delivery before its body was read. */
export type GateOutcome = 'unsigned' | 'bad_signature' | 'not_configured' | 'rate_limited';

export interface SignedWebhookGate {
  /**
   * The delivery's raw body when it is signed with the webhook's secret; otherwise the refusal
   * (401, 429 or 503) is sent, `onRefused` hears why, and null comes back.
   */
  verify(
    request: FastifyRequest,
    reply: FastifyReply,
    onRefused?: (outcome: GateOutcome) => void,
  ): Promise<string | null>;
}

/**
 * The door of every Zendesk webhook of this service: JSON bodies kept as the raw text the
 * signature covers (in the registering plugin's scope), and an address that sent too many unsigned
 * or badly signed deliveries this minute refused before any database work, from this process's
 * memory (README, "Rate limits": N replicas allow N × the limit). Unsigned deliveries and stale
 * timestamps are refused without reading the secret; a correctly signed delivery is taken even
 * from an address over the limit.
 */
export function signedWebhookGate(
  app: FastifyInstance,
  options: { name: string; secretKey: 'webhook' | 'user_events_webhook' },
): SignedWebhookGate {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  const failures = createMemoryFailureLimiter({
    max: (app.config.rateLimits ?? RATE_LIMIT_DEFAULTS).webhookFailuresPerMinute,
    windowMs: 60_000,
  });
  const tooMany = (retryAfterSeconds: number) => ({
    error: 'too_many_requests',
    message: `Too many unsigned or badly signed webhook deliveries from your address: wait ${retryAfterSeconds} seconds (Retry-After), then send signed requests.`,
  });

  // The signing secret, read for every delivery from an address in good standing (so a secret
  // setup rotates counts at once). For an address over the limit the last one read serves for a
  // minute, read again at most every 5 s when a signature does not match it: a flood of forged
  // deliveries from a blocked address costs (almost) no database work.
  let cached: { secret: string | null; at: number } | null = null;
  const secretFor = async (fresherThanMs: number) => {
    if (cached === null || Date.now() - cached.at > fresherThanMs) {
      cached = {
        secret: await webhookSigningSecret(app.db, app.config, options.secretKey),
        at: Date.now(),
      };
    }
    return cached.secret;
  };

  return {
    async verify(request, reply, onRefused = () => undefined) {
      const refuseBlocked = async (blocked: NonNullable<ReturnType<typeof failures.blocked>>) => {
        onRefused('rate_limited');
        refuse(reply, 'webhook', blocked);
        await reply.status(429).send(tooMany(blocked.retryAfterSeconds));
        return null;
      };
      const refuseDelivery = async (
        problem: keyof typeof SIGNATURE_MESSAGES,
        outcome: 'unsigned' | 'bad_signature',
      ) => {
        onRefused(outcome);
        const verdict = failures.fail(request.ip);
        request.log.warn({ problem }, `${options.name} refused`);
        if (!verdict.allowed) {
          refuse(reply, 'webhook', verdict);
          await reply.status(429).send(tooMany(verdict.retryAfterSeconds));
        } else {
          await reply.status(401).send({ error: problem, message: SIGNATURE_MESSAGES[problem] });
        }
        return null;
      };
      const signature = request.headers[SIGNATURE_HEADER];
      const timestamp = request.headers[TIMESTAMP_HEADER];
      const early = signatureHeadersProblem({ signature, timestamp });
      // An address over the limit is answered 429 without reading anything, except for a
      // delivery that proves itself: Zendesk sends every account's webhooks from shared
      // addresses, so someone else's flood must not lock this account's solve events out.
      const blocked = failures.blocked(request.ip);
      if (early !== null)
        return blocked ? refuseBlocked(blocked) : refuseDelivery(early, 'unsigned');
      let secret = await secretFor(blocked ? 60_000 : 0);
      if (secret === null) {
        onRefused('not_configured');
        request.log.error(`${options.name} refused: no signing secret is configured`);
        await reply.status(503).send({
          error: 'webhook_not_configured',
          message:
            'This service has no webhook signing secret yet: run setup, or set ZENDESK_WEBHOOK_SECRET.',
        });
        return null;
      }
      const rawBody = typeof request.body === 'string' ? request.body : '';
      let problem = checkZendeskSignature({ secret, signature, timestamp, rawBody });
      if (problem === 'invalid_signature' && blocked) {
        secret = (await secretFor(5_000)) ?? secret;
        problem = checkZendeskSignature({ secret, signature, timestamp, rawBody });
      }
      if (problem)
        return blocked ? refuseBlocked(blocked) : refuseDelivery(problem, 'bad_signature');
      return rawBody;
    },
  };
}
