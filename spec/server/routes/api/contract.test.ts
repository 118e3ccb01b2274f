/**
 * The /api/v1 contract (src/shared/contract): one definition gives the validation, the answers'
 * serialization, the types and the OpenAPI document, and an answer that breaks it fails loudly.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  API_ROUTES,
  TicketSurveyResponse,
  ticketSurveyRoute,
  type Exactly,
  type ReplyOf,
  type RouteContract,
} from '../../../../src/shared/contract/index.js';
import { buildApp } from '../../../../src/server/app.js';
import { loadConfig } from '../../../../src/server/config.js';
import { recordAudit } from '../../../../src/server/access/access-repository.js';
import { contractComponents } from '../../../../src/server/routes/api/contract-routes.js';
import { toJsonSchema } from '../../../../src/shared/contract/json-schema.js';
import { appSessionHeaders } from '../../../support/app-session.js';
import type * as ApiTypes from '../../../../src/shared/api-types.js';
import { fixedRoles, TEST_USERS } from '../../../support/roles.js';
import { openTestDatabase, testDrivers } from '../../../support/databases.js';
import type { Database } from '../../../../src/server/db/database.js';
import { openApi, type Api } from './api-harness.js';

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

/** A schema as the OpenAPI document writes it: `Metrics#` is `#/components/schemas/Metrics`. */
const asDocumented = (schema: object): unknown =>
  JSON.parse(
    JSON.stringify(schema).replace(/"\$ref":"(\w+)#"/g, '"$ref":"#/components/schemas/$1"'),
  );

/** `/tickets/:id` → `/api/v1/tickets/{id}`, as the OpenAPI document writes paths. */
const openApiPath = (contract: RouteContract) =>
  `/api/v1${contract.url.replace(/:(\w+)/g, '{$1}')}`;

describe('the /api/v1 contract', () => {
  let db: Database;
  let api: Api;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    db = await openTestDatabase(testDrivers()[0]!);
    api = await openApi(db);
    doc = (await api.app.inject({ url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
  });
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  it('gives the types from the schemas themselves, so the two cannot differ', async () => {
    // Checked by the build: the names the code uses are the schemas' output types...
    const sameTypes: [
      Exactly<ApiTypes.TicketSurveyResponse, z.output<typeof TicketSurveyResponse>>,
      Exactly<ReplyOf<typeof ticketSurveyRoute>, ApiTypes.TicketSurveyResponse>,
    ] = [true, true];
    void sameTypes;
    const answer: ApiTypes.TicketSurveyResponse = {
      ticketId: 1,
      survey: null,
      skip: null,
      earlier: [],
      // @ts-expect-error: a key the schema does not list is not in the type either.
      extra: 'not in the contract',
    };
    void answer;
    // ...and no second description of them is left to drift: api-types.ts only re-exports.
    const apiTypes = await readFile(
      path.resolve(__dirname, '../../../../src/shared/api-types.ts'),
      'utf8',
    );
    expect(apiTypes).not.toMatch(/\b(interface|type \w+ =|enum)\b/);
    // The answer the service serializes with is the same zod object, converted.
    const served =
      doc.paths['/api/v1/tickets/{id}']!.get!.responses['200']!.content!['application/json']!
        .schema;
    expect(served).toEqual(asDocumented(toJsonSchema(TicketSurveyResponse, 'output').schema));
  });

  it('serves, for every route, the JSON Schema made from its contract', () => {
    for (const contract of API_ROUTES) {
      const route = api.app.hasRoute({
        method: contract.method,
        url: `/api/v1${contract.url}`,
      });
      expect({ route: `${contract.method} ${contract.url}`, registered: route }).toEqual({
        route: `${contract.method} ${contract.url}`,
        registered: true,
      });
    }
    // Each component of the document is the contract's schema of that name, converted.
    for (const component of contractComponents()) {
      const { $id: name, ...schema } = component;
      expect(doc.components.schemas[name as string]).toEqual(asDocumented(schema));
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Metrics', 'SurveyView', 'ReportAnswer', 'Settings', 'ApiError']),
    );
  });

  it('lists every /api/v1 route in the OpenAPI document with its request and answers', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      API_ROUTES.map((c) => `${c.method} ${openApiPath(c)}`).sort(),
    );
    for (const contract of API_ROUTES) {
      const operation = doc.paths[openApiPath(contract)]![contract.method.toLowerCase()]!;
      const where = `${contract.method} ${contract.url}`;
      const parameters = (operation.parameters ?? []).map((p) => `${p.in} ${p.name}`).sort();
      const expected = [
        ...Object.keys(contract.params?.shape ?? {}).map((name) => `path ${name}`),
        ...Object.keys(contract.querystring?.shape ?? {}).map((name) => `query ${name}`),
      ].sort();
      expect({ where, parameters }).toEqual({ where, parameters: expected });
      expect({ where, body: operation.requestBody !== undefined }).toEqual({
        where,
        body: contract.body !== undefined,
      });
      for (const status of Object.keys(contract.response)) {
        const content = operation.responses[status]?.content ?? {};
        const [type] = Object.keys(content);
        expect({ where, status, type }).toEqual({
          where,
          status,
          type: expect.stringMatching(/^(application\/json|text\/csv)$/),
        });
        expect(content[type!]!.schema).toBeDefined();
      }
    }
  });

  describe('an answer with a key the contract does not list', () => {
    beforeAll(async () => {
      // An audit entry whose change carries one key more than GET /audit declares.
      const change = { path: 'settings.companyName', to: 'Acme', by: 'a newer service' };
      await recordAudit(db, {
        userId: TEST_USERS.admin.userId,
        userName: 'Ada Admin',
        action: 'settings.update',
        changes: [change],
      });
    });

    it('fails with a 500, outside production (tests, development)', async () => {
      const res = await api.get('/api/v1/audit');
      expect(res.statusCode).toBe(500);
      expect(res.json<ApiTypes.ApiError>().error).toBe('internal_error');
    });

    it('would otherwise vanish: the serializer drops it (what production does)', async () => {
      const app = await buildApp({
        config: loadConfig({ NODE_ENV: 'test' }),
        db,
        checkAnswers: false,
        roles: fixedRoles(),
      });
      try {
        const res = await app.inject({
          url: '/api/v1/audit',
          headers: await appSessionHeaders(app, { zendeskUserId: TEST_USERS.admin.userId }),
        });
        expect(res.statusCode).toBe(200);
        expect(res.json<ApiTypes.AuditResponse>().items[0]!.changes).toEqual([
          { path: 'settings.companyName', to: 'Acme' },
        ]);
      } finally {
        await app.close();
      }
    });
  });
});
