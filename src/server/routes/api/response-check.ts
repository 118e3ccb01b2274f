/**
 * Outside production, every JSON answer of /api/v1 is checked against its route's response schema
 * before Fastify writes it. The serializer would silently drop a key the contract does not list
 * (and write a wrong type as best it can); here such an answer fails with a 500 that names the
 * route, so a test or a developer sees it the first time it happens.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from '../../../shared/contract/json-schema.js';

export class ContractBreach extends Error {}

const isJsonAnswer = (schema: unknown): schema is JsonSchema =>
  schema !== null && typeof schema === 'object' && !('content' in schema);

export function checkResponses(app: FastifyInstance, components: readonly JsonSchema[]): void {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  for (const component of components) ajv.addSchema(component);
  const checks = new Map<string, Map<number, ValidateFunction>>();

  app.addHook('onRoute', (route) => {
    const responses = (route.schema?.response ?? {}) as Record<string, unknown>;
    const byStatus = new Map<number, ValidateFunction>();
    for (const [status, schema] of Object.entries(responses)) {
      if (isJsonAnswer(schema)) byStatus.set(Number(status), ajv.compile(schema));
    }
    for (const method of [route.method].flat()) checks.set(`${method} ${route.url}`, byStatus);
  });

  app.addHook('preSerialization', async (request, reply, payload: unknown) => {
    const where = `${request.method} ${request.routeOptions.url}`;
    const check = checks.get(where)?.get(reply.statusCode);
    // What JSON.stringify writes is what the client would read (a Date becomes its ISO string).
    if (check && !check(JSON.parse(JSON.stringify(payload)))) {
      throw new ContractBreach(
        `The ${reply.statusCode} answer of ${where} breaks its contract (src/shared/contract): ${ajv.errorsText(check.errors)}.`,
      );
    }
    return payload;
  });
}
