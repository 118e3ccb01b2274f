/**
 * The contract as JSON Schema (draft-07, what Fastify's Ajv and fast-json-stringify read): one
 * component per schema that has an `id` in its metadata (Metrics, SurveyView, ...), referenced as
 * `{ $ref: 'Metrics#' }`, so the OpenAPI document names them as components.
 */
import { z } from 'zod';
import type { RouteContract, TextResponse } from './route.js';

export type JsonSchema = { [key: string]: unknown };

/** Bounds zod writes on every integer; they only restate what a JSON number can hold. */
const SAFE = Number.MAX_SAFE_INTEGER;

function withoutSafeBounds(schema: JsonSchema): void {
  if (schema.type !== 'integer') return;
  if (schema.minimum === -SAFE) delete schema.minimum;
  if (
    schema.maximum === SAFE &&
    schema.exclusiveMinimum === undefined &&
    schema.minimum === undefined
  )
    delete schema.maximum;
}

/** `#/definitions/Metrics` → `Metrics#`, everywhere in the document. */
function externalRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(externalRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/definitions/')
        ? [key, `${inner.slice('#/definitions/'.length)}#`]
        : [key, externalRefs(inner)],
    ),
  );
}

/**
 * One zod schema as JSON Schema, and the components it refers to. `input` describes what a caller
 * may send (defaults make a field optional); `output` what the service answers.
 */
export function toJsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
): { schema: JsonSchema; components: Record<string, JsonSchema> } {
  const json = z.toJSONSchema(schema, {
    target: 'draft-07',
    io,
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => withoutSafeBounds(jsonSchema as JsonSchema),
  }) as JsonSchema;
  const { $schema: _draft, definitions = {}, ...rest } = json;
  return {
    schema: externalRefs(rest) as JsonSchema,
    components: Object.fromEntries(
      Object.entries(definitions as Record<string, JsonSchema>).map(([id, def]) => [
        id,
        { $id: id, ...(externalRefs(def) as JsonSchema) },
      ]),
    ),
  };
}

const isText = (response: unknown): response is TextResponse =>
  (response as TextResponse | null)?.kind === 'text';

/** A route's Fastify schema (validation, serialization, OpenAPI) and the components it uses. */
export interface FastifyRouteSchema {
  schema: JsonSchema;
  components: Record<string, JsonSchema>;
}

export function fastifySchemaOf(contract: RouteContract): FastifyRouteSchema {
  const components: Record<string, JsonSchema> = {};
  const take = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const converted = toJsonSchema(schema, io);
    for (const [id, def] of Object.entries(converted.components)) {
      const known = components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(def))
        throw new Error(`Contract component ${id} differs between uses: give each its own id.`);
      components[id] = def;
    }
    return converted.schema;
  };
  const response = Object.fromEntries(
    Object.entries(contract.response).map(([status, answer]) => [
      status,
      isText(answer)
        ? {
            description: answer.description,
            content: { [answer.contentType]: { schema: { type: 'string' } } },
          }
        : take(answer, 'output'),
    ]),
  );
  const schema: JsonSchema = {
    tags: [...contract.tags],
    summary: contract.summary,
    ...(contract.description !== undefined ? { description: contract.description } : {}),
    ...(contract.params ? { params: take(contract.params, 'input') } : {}),
    ...(contract.querystring ? { querystring: take(contract.querystring, 'input') } : {}),
    ...(contract.body ? { body: take(contract.body, 'input') } : {}),
    response,
  };
  return { schema, components };
}
