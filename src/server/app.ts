import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { apiRoutes, API_PREFIX } from './routes/api/index.js';
import { healthRoutes } from './routes/health.js';
import { surveyPageRoutes, type SurveyPageOptions } from './routes/survey-page.js';
import { webhookRoutes } from './routes/webhooks.js';

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
}

/** Builds the service without listening: tests call `app.inject`, server.ts calls `listen`. */
export async function buildApp({ config, db, surveyRateLimit }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.authorization'] },
    trustProxy: config.env === 'production',
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

  await app.register(healthRoutes);
  await app.register(webhookRoutes);
  await app.register(surveyPageRoutes, { rateLimit: surveyRateLimit });
  await app.register(apiRoutes, { prefix: API_PREFIX });
  return app;
}
