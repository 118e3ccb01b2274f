/**
 * The /api/v1 contract: every route's request (params, querystring, body) and answers, defined
 * once. From these objects come Fastify's validation and serialization (json-schema.ts turns them
 * into JSON Schema), the types the service's handlers and the app use (`z.output<...>`, re-exported
 * under their old names by ../api-types.ts) and the OpenAPI document (@fastify/swagger reads the
 * route schemas built from them). A field cannot be in one and not the others.
 *
 * Why zod 4 (not TypeBox, nor zod's runtime on the server): zod is already a dependency, its
 * `z.toJSONSchema` gives the draft-07 JSON Schema Fastify's own Ajv validator and
 * fast-json-stringify serializer read, so requests are still validated and answers still written
 * by Fastify (same speed, same error messages), and no Fastify type-provider package is needed.
 * TypeBox is not installed. The app imports these only with `import type`, so zod stays out of
 * its bundle.
 *
 * Answers are closed (`additionalProperties: false`): in production the serializer drops a key
 * the contract does not list; outside production the service checks every answer against its
 * route's schema first and fails with a 500 instead (src/server/routes/api/response-check.ts).
 */
import { ACCESS_ROUTES } from './access.js';
import { AGENT_ROUTES } from './agents.js';
import { DIGEST_ROUTES } from './digest.js';
import { REPORT_ROUTES } from './report.js';
import type { RouteContract } from './route.js';
import { SETTINGS_ROUTES } from './settings.js';
import { SETUP_ROUTES } from './setup.js';
import { TICKET_ROUTES } from './tickets.js';

/** Every /api/v1 route (the description itself, /openapi.json, aside). */
export const API_ROUTES: readonly RouteContract[] = [
  ...TICKET_ROUTES,
  ...AGENT_ROUTES,
  ...REPORT_ROUTES,
  ...SETTINGS_ROUTES,
  ...SETUP_ROUTES,
  ...DIGEST_ROUTES,
  ...ACCESS_ROUTES,
];

export * from './access.js';
export * from './agents.js';
export * from './common.js';
export * from './digest.js';
export * from './report.js';
export * from './route.js';
export * from './settings.js';
export * from './setup.js';
export * from './tickets.js';
