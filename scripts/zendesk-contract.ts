/**
 * Generates the Zendesk contract fixture (src/sandbox/zendesk/contract/support-api.json) from
 * Zendesk's OpenAPI description of the Support API: only the operations the service and the
 * sandbox use, only their parameters and schemas (no prose, no examples).
 *
 * Run: `npx tsx scripts/zendesk-contract.ts [path/to/support-api-oas.yaml]`
 * (default: ../shared/zendesk/support-api-oas.yaml, relative to the repository).
 *
 * Where the OAS copy leaves out what Zendesk's reference pages document (request bodies, cursor
 * pagination parameters, the `{ id, value }` shape of ticket custom fields), a SUPPLEMENT or
 * CORRECTION below adds it, each with the page it comes from; the fixture lists them under
 * `x-generated.supplements`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_SOURCE = '../shared/zendesk/support-api-oas.yaml';
export const FIXTURE = path.join(ROOT, 'src/sandbox/zendesk/contract/support-api.json');
const DOCS = 'https://developer.zendesk.com';
const PAGINATION_DOC = `${DOCS}/api-reference/introduction/pagination/`;

/** Every Support API operation the service's client calls or the sandbox serves (not Webhooks). */
const OPERATIONS: Array<[method: string, path: string]> = [
  ['get', '/api/v2/tickets'],
  ['post', '/api/v2/tickets'],
  ['get', '/api/v2/tickets/{ticket_id}'],
  ['put', '/api/v2/tickets/{ticket_id}'],
  ['put', '/api/v2/tickets/update_many'],
  ['get', '/api/v2/tickets/{ticket_id}/comments'],
  ['get', '/api/v2/job_statuses/{job_status_id}'],
  ['get', '/api/v2/ticket_fields'],
  ['post', '/api/v2/ticket_fields'],
  ['get', '/api/v2/ticket_fields/{ticket_field_id}'],
  ['put', '/api/v2/ticket_fields/{ticket_field_id}'],
  ['delete', '/api/v2/ticket_fields/{ticket_field_id}'],
  ['get', '/api/v2/ticket_forms'],
  ['put', '/api/v2/ticket_forms/{ticket_form_id}'],
  ['get', '/api/v2/triggers'],
  ['post', '/api/v2/triggers'],
  ['get', '/api/v2/triggers/active'],
  ['get', '/api/v2/triggers/{trigger_id}'],
  ['put', '/api/v2/triggers/{trigger_id}'],
  ['delete', '/api/v2/triggers/{trigger_id}'],
  ['get', '/api/v2/trigger_categories'],
  ['post', '/api/v2/trigger_categories'],
  ['get', '/api/v2/dynamic_content/items'],
  ['post', '/api/v2/dynamic_content/items'],
  ['get', '/api/v2/dynamic_content/items/{dynamic_content_item_id}'],
  ['put', '/api/v2/dynamic_content/items/{dynamic_content_item_id}'],
  ['get', '/api/v2/dynamic_content/items/{dynamic_content_item_id}/variants'],
  ['post', '/api/v2/dynamic_content/items/{dynamic_content_item_id}/variants'],
  [
    'put',
    '/api/v2/dynamic_content/items/{dynamic_content_item_id}/variants/{dynammic_content_variant_id}',
  ],
  ['get', '/api/v2/users'],
  ['get', '/api/v2/users/me'],
  ['get', '/api/v2/users/autocomplete'],
  ['get', '/api/v2/users/show_many'],
  ['get', '/api/v2/users/{user_id}'],
  ['get', '/api/v2/users/{user_id}/group_memberships'],
  ['get', '/api/v2/custom_roles'],
  ['get', '/api/v2/groups'],
  ['get', '/api/v2/brands'],
  ['get', '/api/v2/locales'],
  ['get', '/api/v2/account/settings'],
];

interface Supplement {
  /** `METHOD /path` or `schema Name`. */
  where: string;
  what: string;
  source: string;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const body = (key: string, schema: JsonObject): JsonObject => ({
  type: 'object',
  properties: { [key]: schema },
});

/** Request bodies Zendesk's reference pages document and the OAS copy leaves out. */
const REQUEST_BODIES: Record<string, { schema: JsonObject; source: string }> = {
  'post /api/v2/ticket_fields': {
    schema: body('ticket_field', ref('TicketFieldObject')),
    source: `${DOCS}/api-reference/ticketing/tickets/ticket_fields/#create-ticket-field`,
  },
  'put /api/v2/ticket_fields/{ticket_field_id}': {
    schema: body('ticket_field', ref('TicketFieldObject')),
    source: `${DOCS}/api-reference/ticketing/tickets/ticket_fields/#update-ticket-field`,
  },
  'put /api/v2/ticket_forms/{ticket_form_id}': {
    schema: body('ticket_form', ref('TicketFormObject')),
    source: `${DOCS}/api-reference/ticketing/tickets/ticket_forms/#update-ticket-form`,
  },
  'post /api/v2/dynamic_content/items': {
    schema: body('item', ref('DynamicContentObject')),
    source: `${DOCS}/api-reference/ticketing/ticket-management/dynamic_content/#create-item`,
  },
  'put /api/v2/dynamic_content/items/{dynamic_content_item_id}': {
    schema: body('item', ref('DynamicContentObject')),
    source: `${DOCS}/api-reference/ticketing/ticket-management/dynamic_content/#update-item`,
  },
  'post /api/v2/dynamic_content/items/{dynamic_content_item_id}/variants': {
    schema: body('variant', ref('DynamicContentVariantObject')),
    source: `${DOCS}/api-reference/ticketing/ticket-management/dynamic_content_item_variants/#create-variant`,
  },
  'put /api/v2/dynamic_content/items/{dynamic_content_item_id}/variants/{dynammic_content_variant_id}':
    {
      schema: body('variant', ref('DynamicContentVariantObject')),
      source: `${DOCS}/api-reference/ticketing/ticket-management/dynamic_content_item_variants/#update-variant`,
    },
  // The only endpoint documented to take additional_tags / remove_tags ("Updating tag lists").
  'put /api/v2/tickets/update_many': {
    schema: {
      type: 'object',
      properties: {
        ticket: {
          allOf: [
            ref('TicketUpdateInput'),
            {
              type: 'object',
              properties: {
                additional_tags: { type: 'array', items: { type: 'string' } },
                remove_tags: { type: 'array', items: { type: 'string' } },
              },
            },
          ],
        },
        tickets: { type: 'array', items: ref('TicketUpdateInput') },
      },
    },
    source: `${DOCS}/api-reference/ticketing/tickets/tickets/#update-many-tickets`,
  },
};

/**
 * Query parameters Zendesk's reference pages document and the OAS copy leaves out. Show Ticket
 * takes `include` (a comma-separated list of side-loads, e.g. `users`): "Side-loading related
 * records" gives `.../tickets/1.json?include=users,groups` as its example.
 */
const QUERY_PARAMETERS: Record<string, { parameters: JsonObject[]; source: string }> = {
  'get /api/v2/tickets/{ticket_id}': {
    parameters: [{ name: 'include', in: 'query', required: false, schema: { type: 'string' } }],
    source: `${DOCS}/documentation/ticketing/using-the-zendesk-api/side_loading/`,
  },
};

/**
 * Side-loads a response may carry that the OAS copy leaves out: Show Ticket with
 * `include=metric_sets` adds the ticket's metric set (Ticket Metrics' object) in a top-level list.
 */
const RESPONSE_SIDELOADS: Record<
  string,
  { status: string; properties: JsonObject; source: string }
> = {
  'get /api/v2/tickets/{ticket_id}': {
    status: '200',
    properties: { metric_sets: { type: 'array', items: ref('TicketMetricObject') } },
    source: `${DOCS}/documentation/ticketing/using-the-zendesk-api/side_loading/`,
  },
};

/**
 * Paths a reference page documents as another path of an operation the OAS copy lists once:
 * List Memberships is `GET /api/v2/group_memberships`, `GET /api/v2/users/{user_id}/group_memberships`
 * and `GET /api/v2/groups/{group_id}/memberships`; the OAS has only the first, with `user_id` and
 * `group_id` as *path* parameters of a path that has neither.
 */
const PATH_ALIASES: Record<string, { of: string; parameters: JsonObject[]; source: string }> = {
  '/api/v2/users/{user_id}/group_memberships': {
    of: '/api/v2/group_memberships',
    parameters: [{ name: 'user_id', in: 'path', required: true, schema: { type: 'integer' } }],
    source: `${DOCS}/api-reference/ticketing/groups/group_memberships/#list-memberships`,
  },
};

/** Ticket custom field values: `{ id, value }` (the OAS points at the field *definition*). */
const CUSTOM_FIELD_VALUE: JsonObject = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer' }, value: {} },
};
/** Where the OAS copy contradicts a reference page: the page wins (see Zendesk's README). */
const CORRECTIONS: Array<Supplement & { schema: string; at: string[]; replacement: JsonObject }> = [
  ...['TicketCreateInput', 'TicketUpdateInput', 'TicketObject'].map((schema) => ({
    where: `schema ${schema}`,
    schema,
    at: ['properties', 'custom_fields', 'items'],
    replacement: CUSTOM_FIELD_VALUE,
    what: 'custom_fields items are { id, value } (the OAS refers to CustomFieldObject, a field definition)',
    source: `${DOCS}/documentation/ticketing/managing-tickets/creating-and-updating-tickets#setting-custom-field-values`,
  })),
  {
    where: 'schema AccountSettingsLocalizationObject',
    schema: 'AccountSettingsLocalizationObject',
    at: ['properties'],
    replacement: {
      locale_ids: { type: 'array', items: { type: 'integer' } },
      time_zone: { type: 'string' },
      iana_time_zone: { type: 'string' },
    },
    what: "localization also holds the account time zone: time_zone (Zendesk's name) and iana_time_zone (the OAS lists only locale_ids)",
    source: `${DOCS}/api-reference/ticketing/account-configuration/account_settings/#json-format`,
  },
  {
    where: 'schema AuditObject',
    schema: 'AuditObject',
    at: ['properties', 'events', 'items', 'properties', 'value'],
    replacement: {},
    what: "a Change event's value takes the changed field's type (a tag list is an array), not only string or integer",
    source: `${DOCS}/documentation/ticketing/reference-guides/ticket-audit-events-reference/#change-event`,
  },
];

/** Schema keywords kept; prose (description, example) and vendor extensions are dropped. */
const SCHEMA_KEYWORDS = new Set([
  '$ref',
  'type',
  'format',
  'enum',
  'nullable',
  'readOnly',
  'writeOnly',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'default',
]);

function trimSchema(schema: Json): Json {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!SCHEMA_KEYWORDS.has(key)) continue;
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimSchema(v)]));
    } else if (key === 'items' || key === 'not' || key === 'additionalProperties') {
      out[key] = trimSchema(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map(trimSchema);
    } else out[key] = value;
  }
  return out;
}

/** Names of the component schemas a value refers to, directly. */
function refsIn(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') {
        const match = /^#\/components\/schemas\/(.+)$/.exec(v);
        if (!match) throw new Error(`Unsupported $ref ${v}: only component schemas are inlined.`);
        into.add(match[1]!);
      } else refsIn(v, into);
    }
  }
}

function asObject(value: Json | undefined, what: string): JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`The OAS has no ${what}.`);
  }
  return value;
}

function resolveParameter(oas: JsonObject, parameter: Json): JsonObject {
  const p = asObject(parameter, 'parameter');
  if (typeof p.$ref !== 'string') return p;
  const name = p.$ref.replace('#/components/parameters/', '');
  return asObject(
    asObject(asObject(oas.components, 'components').parameters, 'parameters')[name],
    name,
  );
}

/** A deepObject parameter (`page`) becomes its wire names (`page[size]`, `page[after]`). */
function queryParameters(parameter: JsonObject): JsonObject[] {
  const schema = asObject(parameter.schema, `schema of ${String(parameter.name)}`);
  const keep = (name: string, s: Json, required: boolean): JsonObject => ({
    name,
    in: parameter.in as string,
    required,
    schema: trimSchema(s),
  });
  if (parameter.style === 'deepObject' && schema.properties) {
    return Object.entries(asObject(schema.properties, 'properties')).map(([key, s]) =>
      keep(`${String(parameter.name)}[${key}]`, s, false),
    );
  }
  return [keep(String(parameter.name), schema, parameter.required === true)];
}

const CURSOR_PARAMETERS: JsonObject[] = [
  { name: 'page[size]', in: 'query', required: false, schema: { type: 'integer', maximum: 100 } },
  { name: 'page[after]', in: 'query', required: false, schema: { type: 'string' } },
  { name: 'page[before]', in: 'query', required: false, schema: { type: 'string' } },
];

export function generate(sourceFile: string, sourceText: string): JsonObject {
  const oas = parse(sourceText) as JsonObject;
  const info = asObject(oas.info, 'info');
  const allPaths = asObject(oas.paths, 'paths');
  const schemas = asObject(asObject(oas.components, 'components').schemas, 'schemas');
  const supplements: Supplement[] = [];
  const paths: JsonObject = {};
  const used = new Set<string>();

  for (const [method, route] of OPERATIONS) {
    const alias = PATH_ALIASES[route];
    const item = asObject(allPaths[alias?.of ?? route], `path ${alias?.of ?? route}`);
    const op = asObject(item[method], `${method.toUpperCase()} ${route}`);
    const where = `${method.toUpperCase()} ${route}`;
    const parameters = alias
      ? [...alias.parameters]
      : [
          ...((item.parameters as Json[] | undefined) ?? []),
          ...((op.parameters as Json[] | undefined) ?? []),
        ]
          .map((p) => resolveParameter(oas, p))
          .flatMap(queryParameters);
    if (alias) {
      supplements.push({ where, what: `another path of ${alias.of}`, source: alias.source });
    }
    // The reference pages say which lists take cursor pagination; the OAS rarely lists its params.
    if (/cursor pagination/i.test(String(op.description ?? ''))) {
      const missing = CURSOR_PARAMETERS.filter((c) => !parameters.some((p) => p.name === c.name));
      if (missing.length > 0) {
        parameters.push(...missing);
        supplements.push({ where, what: 'cursor pagination parameters', source: PAGINATION_DOC });
      }
    }
    const extraQuery = QUERY_PARAMETERS[`${method} ${route}`];
    if (extraQuery) {
      const missing = extraQuery.parameters.filter(
        (e) => !parameters.some((p) => p.name === e.name),
      );
      if (missing.length > 0) {
        parameters.push(...missing);
        supplements.push({
          where,
          what: `query parameters ${missing.map((p) => String(p.name)).join(', ')}`,
          source: extraQuery.source,
        });
      }
    }
    let requestBody: Json = null;
    const documented = (op.requestBody as JsonObject | undefined)?.content as
      JsonObject | undefined;
    const documentedSchema = (documented?.['application/json'] as JsonObject | undefined)?.schema;
    if (documentedSchema) requestBody = trimSchema(documentedSchema);
    else if (REQUEST_BODIES[`${method} ${route}`]) {
      const extra = REQUEST_BODIES[`${method} ${route}`]!;
      requestBody = extra.schema;
      supplements.push({ where, what: 'request body', source: extra.source });
    }
    const responses: JsonObject = {};
    for (const [status, response] of Object.entries(asObject(op.responses, `${where} responses`))) {
      const content = (response as JsonObject).content as JsonObject | undefined;
      const schema = (content?.['application/json'] as JsonObject | undefined)?.schema;
      responses[status] = schema ? trimSchema(schema) : null;
    }
    const sideload = RESPONSE_SIDELOADS[`${method} ${route}`];
    if (sideload) {
      const documentedResponse = responses[sideload.status];
      if (!documentedResponse) throw new Error(`${where} has no ${sideload.status} response.`);
      responses[sideload.status] = {
        allOf: [documentedResponse, { type: 'object', properties: sideload.properties }],
      };
      supplements.push({
        where,
        what: `response side-loads ${Object.keys(sideload.properties).join(', ')}`,
        source: sideload.source,
      });
    }
    refsIn(requestBody, used);
    refsIn(responses, used);
    const entry: JsonObject = { operationId: op.operationId as string, parameters, responses };
    if (requestBody !== null) entry.requestBody = requestBody;
    paths[route] = { ...((paths[route] as JsonObject | undefined) ?? {}), [method]: entry };
  }

  // Close over every schema reachable from the operations.
  const picked: JsonObject = {};
  const queue = [...used];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (picked[name] !== undefined) continue;
    const schema = trimSchema(asObject(schemas[name], `schema ${name}`));
    picked[name] = schema;
    const next = new Set<string>();
    refsIn(schema, next);
    queue.push(...[...next].filter((n) => picked[n] === undefined));
  }
  for (const { at, replacement, schema, ...fix } of CORRECTIONS) {
    let parent = asObject(picked[schema], `schema ${schema}`);
    for (const key of at.slice(0, -1)) parent = asObject(parent[key], `${schema}.${at.join('.')}`);
    parent[at[at.length - 1]!] = replacement;
    supplements.push(fix);
  }

  const sorted = Object.fromEntries(Object.entries(picked).sort(([a], [b]) => a.localeCompare(b)));
  return {
    'x-generated': {
      source: `Zendesk's OpenAPI description of the Support API ("${String(info.title)}" ${String(info.version)}), as published at ${DOCS}/zendesk/oas.yaml`,
      sourceFile: path.basename(sourceFile),
      sourceSha256: createHash('sha256').update(sourceText).digest('hex'),
      command: `npx tsx scripts/zendesk-contract.ts [${DEFAULT_SOURCE}]`,
      note: 'Generated: do not edit. Operations the service and the sandbox use (the Webhooks API is not in the source: see docs/zendesk-endpoints.md); schemas only.',
      supplements: supplements as unknown as Json,
    },
    openapi: oas.openapi as string,
    paths,
    components: { schemas: sorted },
  };
}

/** The fixture as committed: formatted the way `npm run lint` checks it. */
export async function render(fixture: JsonObject): Promise<string> {
  const options = (await resolveConfig(FIXTURE)) ?? {};
  return format(JSON.stringify(fixture), { ...options, parser: 'json' });
}

async function main(): Promise<void> {
  const sourceFile = process.argv[2] ?? DEFAULT_SOURCE;
  const sourceText = fs.readFileSync(path.resolve(ROOT, sourceFile), 'utf8');
  const fixture = generate(sourceFile, sourceText);
  fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
  fs.writeFileSync(FIXTURE, await render(fixture));
  let count = 0;
  for (const item of Object.values(fixture.paths as JsonObject)) {
    count += Object.keys(item as JsonObject).length;
  }
  console.log(`Wrote ${path.relative(ROOT, FIXTURE)}: ${count} operations.`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
