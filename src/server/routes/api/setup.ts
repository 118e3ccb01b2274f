import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  setupApplyRoute,
  setupStatusRoute,
  type ReplyOf,
  type RequestOf,
} from '../../../shared/contract/index.js';
import { recordAudit } from '../../access/access-repository.js';
import { accessOf } from '../../access/guard.js';
import { applySetup, planSetup } from '../../setup/setup.js';
import { ZendeskConfigError, ZendeskError, type ZendeskClient } from '../../zendesk/index.js';
import { routeOf } from './contract-routes.js';

export interface SetupRouteOptions {
  /** The Zendesk client setup talks to; built from the configuration on first use. */
  zendesk: () => ZendeskClient;
}

/** Zendesk trouble is told as such (502/503), never as our 500. */
function zendeskProblem(reply: FastifyReply, error: unknown) {
  if (error instanceof ZendeskConfigError) {
    return reply.status(503).send({ error: 'zendesk_not_configured', message: error.message });
  }
  if (error instanceof ZendeskError) {
    return reply.status(502).send({
      error: 'zendesk_unavailable',
      message: `Zendesk did not answer as expected (${error.message}). Try again in a minute; if it persists, check the ZENDESK_* settings of the service.`,
    });
  }
  throw error;
}

export async function setupRoutes(app: FastifyInstance, options: SetupRouteOptions): Promise<void> {
  app.route<RequestOf<typeof setupStatusRoute>>({
    ...routeOf(setupStatusRoute),
    config: { capability: 'setup' },
    handler: async (_request, reply): Promise<ReplyOf<typeof setupStatusRoute> | undefined> => {
      try {
        const plan = await planSetup({
          db: app.db,
          config: app.config,
          zendesk: options.zendesk(),
        });
        return { items: plan.items, ok: plan.ok };
      } catch (error) {
        return zendeskProblem(reply, error);
      }
    },
  });

  app.route<RequestOf<typeof setupApplyRoute>>({
    ...routeOf(setupApplyRoute),
    config: { capability: 'setup' },
    handler: async (request, reply): Promise<ReplyOf<typeof setupApplyRoute> | undefined> => {
      try {
        const result = await applySetup(
          { db: app.db, config: app.config, zendesk: options.zendesk() },
          { dryRun: false, repair: request.body?.repair ?? false },
        );
        const done = result.changes.filter((c) => c.done);
        if (done.length > 0) {
          const access = accessOf(request);
          // What setup did to which piece; the pieces' own contents (a signing secret) never.
          await recordAudit(app.db, {
            userId: access.userId,
            userName: access.name,
            action: request.body?.repair ? 'setup.repair' : 'setup.apply',
            changes: done.map((c) => ({ path: c.key, to: c.action })),
          });
        }
        return {
          items: result.items,
          ok: result.ok,
          changes: result.changes,
          writes: result.writes,
        };
      } catch (error) {
        return zendeskProblem(reply, error);
      }
    },
  });
}
