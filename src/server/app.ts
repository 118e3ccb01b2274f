import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { apiRoutes, API_PREFIX, type ApiOptions } from './routes/api/index.js';
import { healthRoutes } from './routes/health.js';
import { surveyPageRoutes, type SurveyPageOptions } from './routes/survey-page.js';
import { webhookRoutes } from './routes/webhooks.js';
import { loggerOptions, redactUrl } from './security/log-redaction.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
  }
}

export interface AppDeps {
  config: Config;
  db: Database;
  /** Rate limit of the survey pages; the benchmark lifts it to measure the pages themselves. */
  surveyRateLimit?: SurveyPageOptions['rateLimit'];
  /** Where the log goes (stdout by default); tests read it to check what it holds. */
  logStream?: NodeJS.WritableStream;
  /** The API's Zendesk client (send now, setup); by default the configured account's. */
  zendesk?: ApiOptions['zendesk'];
}

/** Builds the service without listening: tests call `app.inject`, server.ts calls `listen`. */
export async function buildApp({
  config,
  db,
  surveyRateLimit,
  logStream,
  zendesk,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, logStream),
    // Trusting every hop would let a client pick its own address with X-Forwarded-For.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    bodyLimit: 64 * 1024,
  });
  app.decorate('config', config);
  app.decorate('db', db);

  // One error handler: callers see 4xx reasons, never the inside of a 5xx.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status).send({
      error: status >= 500 ? 'internal_error' : (error.code ?? 'bad_request'),
      message:
        status >= 500 ? 'Something went wrong on our side. Please try again.' : error.message,
    });
  });

  // Fastify's own 404 logs the URL, and a mistyped survey link carries its token.
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'not_found',
      message: `Nothing is at ${request.method} ${redactUrl(request.url)}: check the address.`,
    }),
  );

  await app.register(healthRoutes);
  await app.register(webhookRoutes);
  await app.register(surveyPageRoutes, { rateLimit: surveyRateLimit });
  await app.register(apiRoutes, { prefix: API_PREFIX, zendesk });
  return app;
}
