import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE, generate, render } from '../../../scripts/zendesk-contract.js';
import { loadContract } from '../../../src/sandbox/zendesk/contract/contract.js';
import { takeContractViolations } from '../../../src/sandbox/zendesk/contract/violations.js';
import { listenSandbox, type RunningSandbox } from '../../../src/sandbox/zendesk/listen.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import { createZendeskClient, type TicketUpdate } from '../../../src/server/zendesk/index.js';

const contract = loadContract();
const request = (method: string, url: string, body?: unknown) =>
  contract.checkRequest({ method, url, body });

describe("Zendesk's OpenAPI contract", () => {
  it('refuses additional_tags and remove_tags on a single ticket update, and takes them in bulk', () => {
    expect(request('PUT', '/api/v2/tickets/7', { ticket: { additional_tags: ['x'] } })).toEqual([
      'PUT /api/v2/tickets/7: body.ticket.additional_tags is not documented for this endpoint',
    ]);
    expect(request('PUT', '/api/v2/tickets/7.json', { ticket: { remove_tags: ['x'] } })).toEqual([
      'PUT /api/v2/tickets/7: body.ticket.remove_tags is not documented for this endpoint',
    ]);
    expect(
      request('PUT', '/api/v2/tickets/update_many?ids=1,2', {
        ticket: { additional_tags: ['x'], remove_tags: ['y'] },
      }),
    ).toEqual([]);
  });

  it('takes the documented safe update: full tags, safe_update, updated_stamp, fields, note', () => {
    const update = {
      ticket: {
        tags: ['vip', 'ces_survey_ready'],
        custom_fields: [{ id: 360001, value: 'https://ces.example.com/s/abc' }],
        comment: { body: 'note', public: false },
        safe_update: true,
        updated_stamp: '2026-11-01T10:00:00Z',
      },
    };
    expect(request('PUT', '/api/v2/tickets/7', update)).toEqual([]);
    expect(request('PUT', '/api/v2/tickets/7', { ticket: { status: 'finished' } })).toEqual([
      'PUT /api/v2/tickets/7: body.ticket.status must be equal to one of the allowed values',
    ]);
  });

  it('refuses paths, methods and query parameters Zendesk does not document', () => {
    expect(request('GET', '/api/v2/satisfaction_ratings')).toEqual([
      "GET /api/v2/satisfaction_ratings: the path is not in Zendesk's contract",
    ]);
    expect(request('DELETE', '/api/v2/tickets/7')).toEqual([
      'DELETE /api/v2/tickets/7: DELETE is not documented for this path (documented: GET, PUT)',
    ]);
    expect(request('GET', '/api/v2/ticket_fields?page[size]=100&page[after]=abc')).toEqual([]);
    expect(request('GET', '/api/v2/ticket_fields?page[size]=many')).toEqual([
      'GET /api/v2/ticket_fields: query parameter "page[size]"="many" must be integer',
    ]);
    expect(request('GET', '/api/v2/ticket_fields?per_page=100')).toEqual([
      'GET /api/v2/ticket_fields: query parameter "per_page" is not documented',
    ]);
    expect(request('GET', '/api/v2/users/me')).toEqual([]);
    expect(request('GET', '/api/v2/users/abc')).toEqual([
      'GET /api/v2/users/abc: path parameter user_id must be integer',
    ]);
  });

  it('checks answers: documented status and shapes, null allowed for any property', () => {
    const response = (method: string, url: string, status: number, responseBody: unknown) =>
      contract.checkResponse({ method, url, status, responseBody });
    const ticket = { id: 7, requester_id: 3, tags: ['vip'], priority: null, type: null };
    expect(response('GET', '/api/v2/tickets/7', 200, { ticket })).toEqual([]);
    expect(
      response('GET', '/api/v2/tickets/7', 200, { ticket: { ...ticket, tags: 'vip' } }),
    ).toEqual(['GET /api/v2/tickets/7 → 200: body.ticket.tags must be array']);
    expect(response('POST', '/api/v2/trigger_categories', 201, { trigger_category: {} })).toEqual([
      'POST /api/v2/trigger_categories → 201: status not documented (documented: 200, 400, 403)',
    ]);
    // Errors are documented once for the whole API, not per operation.
    expect(response('PUT', '/api/v2/tickets/7', 409, { error: 'UpdateConflict' })).toEqual([]);
  });
});

describe('the sandbox checks what the service sends', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await listenSandbox({ contractCheck: true });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('records an undocumented key as a violation, and Zendesk-like, ignores it', async () => {
    const client = createZendeskClient({
      baseUrl: sandbox.url,
      auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
    });
    const requester = sandbox.store.users.create({ name: 'Ana', email: 'ana@example.com' });
    const created = await client.createTicket({
      comment: { body: 'Hi' },
      requester_id: requester.id,
      tags: ['vip'],
    });
    expect(takeContractViolations()).toEqual([]);
    // The old way of tagging, which the type no longer allows.
    const drifted = { additional_tags: ['ces_survey_ready'] } as TicketUpdate;
    const updated = await client.updateTicket(created.id, drifted);
    expect(updated.tags).toEqual(['vip']);
    expect(takeContractViolations()).toEqual([
      {
        kind: 'request',
        message: `PUT /api/v2/tickets/${created.id}: body.ticket.additional_tags is not documented for this endpoint`,
      },
    ]);
  });
});

// The committed fixture is what the generator makes of Zendesk's file (when that file is here).
const SOURCE = [
  process.env.ZENDESK_OAS,
  path.resolve(__dirname, '../../../../shared/zendesk/support-api-oas.yaml'),
].find((file): file is string => !!file && fs.existsSync(file));
(SOURCE ? it : it.skip)('the fixture is the generator output for the OAS copy', async () => {
  const text = fs.readFileSync(SOURCE!, 'utf8');
  const generated = await render(generate(path.basename(SOURCE!), text));
  expect(generated).toBe(fs.readFileSync(FIXTURE, 'utf8'));
});
