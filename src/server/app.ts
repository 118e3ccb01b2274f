import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { HTTP_TIMEOUT_DEFAULTS, type Config } from './config.js';
import type { Database } from './db/database.js';
import type { ZafKeySource } from './auth/zaf-jwt.js';
import { apiRoutes, API_PREFIX, type ApiOptions } from './routes/api/index.js';
import { appPageRoutes } from './routes/app-pages.js';
import { healthRoutes } from './routes/health.js';
import { surveyPageRoutes, type SurveyPageOptions } from './routes/survey-page.js';
import { userEventsWebhookRoutes } from './routes/user-events-webhook.js';
import { webhookRoutes } from './routes/webhooks.js';
import { metricsRoutes } from './routes/metrics.js';
import { requestDuration } from './monitoring/metrics.js';
import { createSharedRateLimiter } from './security/shared-rate-limit.js';
import {
  clientErrorMessage,
  frameworkErrorMessage,
  NOT_FOUND,
} from './security/error-responses.js';
import { loggerOptions } from './security/log-redaction.js';
import { EVERY_RESPONSE_HEADERS } from './security/security-headers.js';

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
  /** The Zendesk app's public key source; by default the pinned key or Zendesk's. */
  zafKeys?: ZafKeySource;
  /** Users' Zendesk roles and groups (tests give a fixed directory); by default from Zendesk. */
  roles?: ApiOptions['roles'];
  /** Check the API's answers against the contract; by default everywhere but production. */
  checkAnswers?: ApiOptions['checkAnswers'];
}

/** Builds the service without listening: tests call `app.inject`, server.ts calls `listen`. */
export async function buildApp({
  config,
  db,
  surveyRateLimit,
  logStream,
  zendesk,
  zafKeys,
  roles,
  checkAnswers,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, logStream),
    // Trusting every hop would let a client pick its own address with X-Forwarded-For.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    bodyLimit: 64 * 1024,
    // Idle and slow connections are closed instead of held open indefinitely.
    connectionTimeout: (config.http ?? HTTP_TIMEOUT_DEFAULTS).idleTimeoutMs,
    keepAliveTimeout: (config.http ?? HTTP_TIMEOUT_DEFAULTS).idleTimeoutMs,
    requestTimeout: (config.http ?? HTTP_TIMEOUT_DEFAULTS).requestTimeoutMs,
    // Fastify's answer to a malformed URL quotes it; ours does not.
    frameworkErrors: (error, _request, genericReply) => {
      const reply = genericReply as FastifyReply;
      const status = error.statusCode ?? 400;
      void reply
        .headers(EVERY_RESPONSE_HEADERS)
        .status(status)
        .send(
          status >= 500
            ? {
                error: 'internal_error',
                message: 'Something went wrong on our side. Please try again.',
              }
            : { error: 'bad_request', message: frameworkErrorMessage(error, status) },
        );
    },
  });
  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('limiter', createSharedRateLimiter(db, { secret: config.sessionKey }));

  // Latency by route pattern (/s/:token), never by the raw URL: it carries tokens and ids.
  app.addHook('onResponse', async (request, reply) => {
    requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  // Pages, JSON, CSV, scripts, errors and 404s alike: no content sniffing anywhere.
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(EVERY_RESPONSE_HEADERS);
  });

  // One error handler: callers see 4xx reasons (never quoting the request), never a 5xx's inside.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status).send({
      error: status >= 500 ? 'internal_error' : (error.code ?? 'bad_request'),
      message:
        status >= 500
          ? 'Something went wrong on our side. Please try again.'
          : clientErrorMessage(error, status),
    });
  });

  // The path and query are never repeated: they may hold a survey token or a filled-in secret.
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(NOT_FOUND));

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(webhookRoutes);
  await app.register(userEventsWebhookRoutes);
  await app.register(surveyPageRoutes, { rateLimit: surveyRateLimit });
  await app.register(appPageRoutes, { keys: zafKeys });
  await app.register(apiRoutes, { prefix: API_PREFIX, zendesk, roles, checkAnswers });
  // Headers come first and are small: a client trickling them gets far less time than a body.
  app.server.headersTimeout = Math.min(
    10_000,
    (config.http ?? HTTP_TIMEOUT_DEFAULTS).requestTimeoutMs,
  );
  return app;
}
