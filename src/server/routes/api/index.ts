/** The service API for the Zendesk app: /api/v1, every route behind the app session. */
import swagger from '@fastify/swagger';
import type { FastifyError, FastifyInstance } from 'fastify';
import { requireAccess } from '../../access/guard.js';
import { createZendeskRoleDirectory, type RoleDirectory } from '../../access/zendesk-roles.js';
import { requireAppUser } from '../../auth/identity.js';
import {
  collectFieldNames,
  frameworkErrorMessage,
  validationMessage,
} from '../../security/error-responses.js';
import { findNul } from '../../security/text-input.js';
import { createNameLookup, type NameLookup } from '../../reports/names.js';
import { zendeskClientFromConfig, type ZendeskClient } from '../../zendesk/index.js';
import { accessRoutes } from './access.js';
import { agentRoutes } from './agents.js';
import { contractComponents } from './contract-routes.js';
import { outboxRoutes } from './outbox.js';
import { digestRoutes } from './digest.js';
import { reportRoutes } from './report.js';
import { requesterRoutes } from './requesters.js';
import { checkResponses } from './response-check.js';
import { settingsRoutes } from './settings.js';
import { setupRoutes } from './setup.js';
import { ticketRoutes } from './tickets.js';

export interface ApiOptions {
  /** The Zendesk client of the setup and "send now" routes; by default the configured account's. */
  zendesk?: () => ZendeskClient;
  /** Agents' and groups' names for the reports; by default from the configured account. */
  names?: NameLookup;
  /** Users' Zendesk roles and groups; by default read from the configured account, cached briefly. */
  roles?: RoleDirectory;
  /**
   * Check every JSON answer against its route's contract and fail with a 500 when it breaks it;
   * by default everywhere but production (where the serializer's speed counts).
   */
  checkAnswers?: boolean;
}

/** Nobody waits long for a role: Zendesk down means 503 "try again", not a hanging page. */
const ROLE_LOOKUP_CLIENT = { timeoutMs: 5000, maxRetries: 1, maxRetryAfterSeconds: 2 };

/** A name is a nicety: the report does not wait long for it, nor retry. */
const NAME_LOOKUP_CLIENT = { timeoutMs: 5000, maxRetries: 0, maxRetryAfterSeconds: 0 };

export const API_PREFIX = '/api/v1';

export async function apiRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CES service API for the Zendesk app',
        version: '1',
        description:
          "Called by the app's pages on the same origin with the app session the service issued when Zendesk's signed request loaded the page (see docs/app.md); send it as Authorization: Bearer <token>.",
      },
      components: {
        securitySchemes: { appSession: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ appSession: [] }],
    },
    // Components keep the names of the shared schemas (Metrics, SurveyView, ...).
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  const components = contractComponents();
  for (const schema of components) app.addSchema(schema);

  // The description of the API is public: it holds no data and no secret.
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  let client: ZendeskClient | null = null;
  const zendesk =
    options.zendesk ?? (() => (client ??= zendeskClientFromConfig(app.config, {}, app.db)));
  let namesClient: ZendeskClient | null = null;
  const names =
    options.names ??
    createNameLookup(
      options.zendesk ??
        (() => (namesClient ??= zendeskClientFromConfig(app.config, NAME_LOOKUP_CLIENT, app.db))),
      { onError: (err) => app.log.warn({ err }, 'names from Zendesk are not available') },
    );

  let rolesClient: ZendeskClient | null = null;
  const roles =
    options.roles ??
    createZendeskRoleDirectory(
      options.zendesk ??
        (() => (rolesClient ??= zendeskClientFromConfig(app.config, ROLE_LOOKUP_CLIENT, app.db))),
    );

  await app.register(async (secured) => {
    // Who is asking, then what they may do: both before any body is read.
    requireAppUser(secured);
    requireAccess(secured, { directory: roles });
    // Error messages name fields only in these words, never in the request's own.
    const fieldNames = collectFieldNames(components, new Set(['params', 'querystring', 'body']));
    secured.addHook('onRoute', (route) => void collectFieldNames(route.schema, fieldNames));
    // PostgreSQL text cannot hold NUL: that is the caller's mistake to hear about, not our 500.
    secured.addHook('preValidation', async (request, reply) => {
      const { query: querystring, params, body } = request;
      const where = findNul({ params, querystring, body }, fieldNames);
      if (where === null) return;
      return reply.status(400).send({
        error: 'invalid_request',
        message: `${where} contains a NUL character: send it without one.`,
      });
    });
    // A request that breaks a schema gets a 400 naming the field; other errors go to the app's handler.
    secured.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.validation) {
        return reply.status(400).send({
          error: 'invalid_request',
          message: `${validationMessage(error)}. See GET ${API_PREFIX}/openapi.json for this route's parameters.`,
        });
      }
      // Body parsing (bad JSON, wrong content type, too large) is the caller's to fix.
      if (error.code?.startsWith('FST_ERR_CTP_') && (error.statusCode ?? 500) < 500) {
        const status = error.statusCode ?? 400;
        return reply.status(status).send({
          error: 'invalid_body',
          message: frameworkErrorMessage(error, status),
        });
      }
      throw error;
    });
    if (options.checkAnswers ?? app.config.env !== 'production')
      checkResponses(secured, components);
    await secured.register(ticketRoutes, { zendesk });
    await secured.register(requesterRoutes);
    await secured.register(agentRoutes, { names, roles });
    await secured.register(reportRoutes, { names });
    await secured.register(digestRoutes, { names });
    await secured.register(settingsRoutes);
    await secured.register(setupRoutes, { zendesk });
    await secured.register(outboxRoutes);
    await secured.register(accessRoutes, { zendesk, roles, names });
  });
}
