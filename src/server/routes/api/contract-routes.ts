/**
 * Fastify's side of the contract (src/shared/contract): each route's method, address and schema
 * (validation, serialization, OpenAPI), and the named components those schemas refer to.
 */
import { API_ROUTES, type RouteContract } from '../../../shared/contract/index.js';
import {
  fastifySchemaOf,
  type FastifyRouteSchema,
  type JsonSchema,
} from '../../../shared/contract/json-schema.js';

const built = new Map<RouteContract, FastifyRouteSchema>();

function build(contract: RouteContract): FastifyRouteSchema {
  let schema = built.get(contract);
  if (!schema) {
    schema = fastifySchemaOf(contract);
    built.set(contract, schema);
  }
  return schema;
}

/** Every component the routes refer to (`Metrics#`, ...), each once; added before the routes. */
export function contractComponents(): JsonSchema[] {
  const components = new Map<string, JsonSchema>();
  for (const contract of API_ROUTES) {
    for (const [id, schema] of Object.entries(build(contract).components)) {
      const known = components.get(id);
      if (known && JSON.stringify(known) !== JSON.stringify(schema))
        throw new Error(`Contract component ${id} is defined twice, differently.`);
      components.set(id, schema);
    }
  }
  return [...components.values()];
}

/** What `app.route` needs from a contract: its method, address and schema. */
export function routeOf<R extends RouteContract>(
  contract: R,
): { method: R['method']; url: R['url']; schema: JsonSchema } {
  if (!API_ROUTES.includes(contract))
    throw new Error(`${contract.method} ${contract.url} is missing from API_ROUTES.`);
  return { method: contract.method, url: contract.url, schema: build(contract).schema };
}
