import { sandboxForSuite } from '../../sandbox/zendesk/sandbox-suite.js';
import {
  SANDBOX_ADMIN_EMAIL,
  SANDBOX_API_TOKEN,
  SANDBOX_OAUTH_TOKEN,
} from '../../../src/sandbox/zendesk/store.js';
import {
  TicketClosedError,
  ZendeskRequestError,
  createZendeskClient,
  type ZendeskClient,
} from '../../../src/server/zendesk/index.js';

describe('Zendesk client against the sandbox', () => {
  const sandbox = sandboxForSuite();
  let client: ZendeskClient;
  let requesterId: number;

  beforeEach(async () => {
    await sandbox().reset();
    requesterId = sandbox().store.users.create({
      name: 'Ana Cliente',
      email: 'ana@example.com',
      locale: 'pt-BR',
    }).id;
    client = createZendeskClient({
      baseUrl: sandbox().url,
      auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
      sleep: async () => undefined,
    });
  });

  it('reads a ticket and writes its full tag list, fields and a private note', async () => {
    const field = await client.createTicketField({ type: 'text', title: 'CES survey link' });
    const created = await client.createTicket({
      subject: 'Printer on fire',
      comment: { body: 'Help!' },
      requester_id: requesterId,
      tags: ['vip', 'printer'],
    });

    const updated = await client.updateTicket(created.id, {
      custom_fields: [{ id: field.id, value: 'https://ces.example.com/s/abc' }],
      tags: [...created.tags, 'ces_survey_ready'],
      comment: { body: 'Internal: survey sent', public: false },
    });

    expect(updated.tags).toEqual(['vip', 'printer', 'ces_survey_ready']);
    expect(updated.custom_fields).toContainEqual({
      id: field.id,
      value: 'https://ces.example.com/s/abc',
    });
    const fetched = await client.getTicket(created.id);
    expect(fetched.tags).toEqual(updated.tags);
    const comments = await client.listTicketComments(created.id);
    expect(comments.map((c) => [c.body, c.public])).toEqual([
      ['Help!', true],
      ['Internal: survey sent', false],
    ]);
  });

  it('reads a ticket with its people side-loaded (include=users)', async () => {
    const agent = sandbox().store.users.create({ name: 'Ada Agent', role: 'agent' });
    const created = await client.createTicket({
      subject: 'Where is my order?',
      comment: { body: 'Still waiting.' },
      requester_id: requesterId,
      assignee_id: agent.id,
    });
    const { ticket, users } = await client.getTicketWithUsers(created.id);
    expect(ticket).toMatchObject({ id: created.id, requester_id: requesterId });
    expect(users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: requesterId, role: 'end-user', locale: 'pt-BR' }),
        expect.objectContaining({ id: agent.id, role: 'agent' }),
      ]),
    );
  });

  it('turns the 422 for a closed ticket into TicketClosedError', async () => {
    const { ticket } = sandbox().store.tickets.create({
      requester_id: requesterId,
      comment: { body: 'Old' },
      status: 'closed',
    });
    const attempt = client.updateTicket(ticket.id, { tags: ['ces_score_5'] });
    await expect(attempt).rejects.toBeInstanceOf(TicketClosedError);
    await expect(attempt).rejects.toMatchObject({
      ticketId: ticket.id,
      status: 422,
      retryable: false,
    });
    expect(sandbox().store.tickets.get(ticket.id).tags).toEqual([]);
  });

  it('reports a 404 as ZendeskRequestError with a readable message', async () => {
    const attempt = client.getTicket(999_999);
    await expect(attempt).rejects.toBeInstanceOf(ZendeskRequestError);
    await expect(attempt).rejects.toThrow(/GET \/api\/v2\/tickets\/999999 with 404 RecordNotFound/);
  });

  it('authenticates with an OAuth token, and a wrong token gets 401 with a hint', async () => {
    const oauth = createZendeskClient({
      baseUrl: sandbox().url,
      auth: { oauthToken: SANDBOX_OAUTH_TOKEN },
    });
    expect((await oauth.getCurrentUser()).email).toBe(SANDBOX_ADMIN_EMAIL);

    const wrong = createZendeskClient({
      baseUrl: sandbox().url,
      auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: 'not-the-token' },
    });
    const attempt = wrong.getCurrentUser();
    await expect(attempt).rejects.toMatchObject({ status: 401 });
    await expect(attempt).rejects.toThrow(/ZENDESK_API_TOKEN/);
  });
});
