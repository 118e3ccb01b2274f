import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startedForSuite } from '../../support/suite-resource.js';
import { sandboxForSuite } from './sandbox-suite.js';
import { call } from './http.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A stand-in for the CES service: records each webhook and answers with the next queued status. */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: Array<{ status: number; headers?: Record<string, string>; delayMs?: number }> =
    [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const next = statuses.shift() ?? { status: 200 };
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(next.status, next.headers ?? {});
        res.end();
      }, next.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zendesk`,
    received,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the CES service does with a delivery: the check Zendesk documents. */
function signatureValid(secret: string, r: Received): boolean {
  const timestamp = String(r.headers['x-zendesk-webhook-signature-timestamp']);
  const expected = createHmac('sha256', secret)
    .update(timestamp + r.body)
    .digest();
  const given = Buffer.from(String(r.headers['x-zendesk-webhook-signature']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const SOLVE_BODY = JSON.stringify({
  type: 'ticket_solved',
  ticket_id: '{{ticket.id}}',
  requester_id: '{{ticket.requester.id}}',
  requester_locale: '{{ticket.requester.locale}}',
  requester_language: '{{ticket.requester.language}}',
  assignee_id: '{{ticket.assignee.id}}',
  group_id: '{{ticket.group.id}}',
  brand_id: '{{ticket.brand.id}}',
  channel: '{{ticket.via}}',
  solved_at: '{{ticket.updated_at_with_timestamp}}',
  satisfaction: '{{satisfaction.current_rating}}',
  tags: '{{ticket.tags}}',
  subject: '{{ticket.title}}',
});

describe('sandbox Zendesk: triggers', () => {
  const sandbox = sandboxForSuite({
    webhooks: { retryDelayMs: 5, timeoutMs: 200, sleep: async () => undefined },
  });
  const receiver = startedForSuite('the webhook receiver', startReceiver, (r) => r.close());
  let requesterId: number;
  let agentId: number;
  let groupId: number;

  beforeEach(async () => {
    await sandbox().reset();
    receiver().received.length = 0;
    receiver().statuses.length = 0;
    requesterId = sandbox().store.users.create({
      name: 'Noor de Vries',
      email: 'noor@example.com',
      locale: 'nl',
    }).id;
    agentId = sandbox().store.users.create({
      name: 'Alex Agent',
      email: 'alex@example.com',
      role: 'agent',
    }).id;
    groupId = sandbox().store.groups.create({ name: 'Tier 2' }).id;
  });

  async function createWebhook(): Promise<string> {
    const answer = await call<{ webhook: { id: string } }>(
      sandbox().url,
      'POST',
      '/api/v2/webhooks',
      {
        webhook: {
          name: 'CES',
          endpoint: receiver().url,
          http_method: 'POST',
          request_format: 'json',
          status: 'active',
          subscriptions: ['conditional_ticket_events'],
        },
      },
    );
    expect(answer.status).toBe(201);
    return answer.body.webhook.id;
  }
  async function createTrigger(trigger: Record<string, unknown>) {
    return call<{ trigger: { id: number; position: number } }>(
      sandbox().url,
      'POST',
      '/api/v2/triggers',
      { trigger },
    );
  }
  async function newTicket(extra: Record<string, unknown> = {}): Promise<number> {
    const answer = await call<{ ticket: { id: number } }>(
      sandbox().url,
      'POST',
      '/api/v2/tickets',
      {
        ticket: {
          comment: { body: 'Help "me"' },
          requester_id: requesterId,
          subject: 'Quote " and \\ slash',
          ...extra,
        },
      },
    );
    return answer.body.ticket.id;
  }
  const put = (id: number, ticket: Record<string, unknown>) =>
    call<{ ticket: { tags: string[]; status: string } }>(
      sandbox().url,
      'PUT',
      `/api/v2/tickets/${id}`,
      { ticket },
    );

  it('rejects unknown condition fields, operators and actions loudly with 422', async () => {
    const webhookId = await createWebhook();
    const base = {
      title: 'x',
      conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }] },
      actions: [{ field: 'notification_webhook', value: [webhookId, '{}'] }],
    };
    const unknownField = await createTrigger({
      ...base,
      conditions: { all: [{ field: 'ticket_mood', operator: 'is', value: 'happy' }] },
    });
    expect(unknownField.status).toBe(422);
    expect(JSON.stringify(unknownField.body)).toContain(
      'does not support the condition field \\"ticket_mood\\"',
    );

    const wrongOperator = await createTrigger({
      ...base,
      conditions: { all: [{ field: 'current_tags', operator: 'is', value: 'vip' }] },
    });
    expect(wrongOperator.status).toBe(422);
    expect(JSON.stringify(wrongOperator.body)).toContain(
      'operator \\"is\\" is not valid for \\"current_tags\\"',
    );

    const unknownAction = await createTrigger({
      ...base,
      actions: [{ field: 'send_pigeon', value: 'now' }],
    });
    expect(unknownAction.status).toBe(422);

    const missingWebhook = await createTrigger({
      ...base,
      actions: [{ field: 'notification_webhook', value: ['01NOPE', '{}'] }],
    });
    expect(missingWebhook.status).toBe(422);
    // Liquid the sandbox cannot render would reach customers as markup.
    const loop = await createTrigger({
      ...base,
      actions: [
        {
          field: 'notification_user',
          value: ['requester_id', 'Hi', '{% for c in ticket.comments %}{{c.value}}{% endfor %}'],
        },
      ],
    });
    expect(loop.status).toBe(422);
    expect(JSON.stringify(loop.body)).toContain('does not support the Liquid tag \\"for\\"');
    expect((await createTrigger({ ...base, conditions: { all: [], any: [] } })).status).toBe(422);
    expect(sandbox().store.triggers.list()).toEqual([]);
    expect((await createTrigger(base)).status).toBe(201);
  });

  it('fires on "status changed to solved" and delivers a signed webhook with placeholders rendered', async () => {
    const webhookId = await createWebhook();
    await createTrigger({
      title: 'CES: survey on solve',
      conditions: {
        all: [
          { field: 'status', operator: 'value', value: 'solved' },
          { field: 'current_tags', operator: 'not_includes', value: 'ces_skip' },
        ],
      },
      actions: [{ field: 'notification_webhook', value: [webhookId, SOLVE_BODY] }],
    });
    const id = await newTicket({ assignee_id: agentId, group_id: groupId, tags: ['vip'] });
    await put(id, { comment: { body: 'still open' } }); // not a solve: nothing sent
    await put(id, { status: 'solved' });
    await put(id, { tags: ['vip', 'after'] }); // still solved, but not "changed to"
    await sandbox().dispatcher.idle();

    expect(receiver().received).toHaveLength(1);
    const delivery = receiver().received[0]!;
    const secret = await call<{ signing_secret: { secret: string; algorithm: string } }>(
      sandbox().url,
      'GET',
      `/api/v2/webhooks/${webhookId}/signing_secret`,
    );
    expect(signatureValid(secret.body.signing_secret.secret, delivery)).toBe(true);
    expect(signatureValid('another-secret', delivery)).toBe(false);
    expect(delivery.headers['x-zendesk-webhook-id']).toBe(webhookId);
    expect(delivery.headers['x-zendesk-webhook-invocation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery.headers['content-type']).toBe('application/json');

    const ticket = sandbox().store.tickets.get(id);
    expect(JSON.parse(delivery.body)).toEqual({
      type: 'ticket_solved',
      ticket_id: String(id),
      requester_id: String(requesterId),
      requester_locale: 'nl',
      requester_language: 'Nederlands',
      assignee_id: String(agentId),
      group_id: String(groupId),
      brand_id: String(ticket.brand_id),
      channel: 'API',
      solved_at: ticket.solved_at,
      satisfaction: '',
      tags: 'vip',
      subject: 'Quote " and \\ slash',
    });
    expect(sandbox().store.deliveries.list({ ticketId: id })[0]).toMatchObject({
      status: 'delivered',
    });
  });

  it('skips the webhook when the skip tag is present, and when the webhook is inactive', async () => {
    const webhookId = await createWebhook();
    await createTrigger({
      title: 'solve',
      conditions: {
        all: [
          { field: 'status', operator: 'value', value: 'solved' },
          { field: 'current_tags', operator: 'not_includes', value: 'ces_skip' },
        ],
      },
      actions: [{ field: 'notification_webhook', value: [webhookId, '{}'] }],
    });
    await put(await newTicket({ tags: ['ces_skip'] }), { status: 'solved' });
    await call(sandbox().url, 'PATCH', `/api/v2/webhooks/${webhookId}`, {
      webhook: { status: 'inactive' },
    });
    await put(await newTicket(), { status: 'solved' });
    await sandbox().dispatcher.idle();
    expect(receiver().received).toEqual([]);
  });

  it('retries a delivery on 409 and on 503 with Retry-After, but not on 500', async () => {
    const webhookId = await createWebhook();
    await createTrigger({
      title: 'solve',
      conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }] },
      actions: [{ field: 'notification_webhook', value: [webhookId, '{"id":"{{ticket.id}}"}'] }],
    });
    receiver().statuses.push({ status: 409 }, { status: 503, headers: { 'Retry-After': '2' } });
    const first = await newTicket();
    await put(first, { status: 'solved' });
    await sandbox().dispatcher.idle();
    expect(receiver().received).toHaveLength(3);
    expect(
      sandbox()
        .store.deliveries.list({ ticketId: first })[0]
        ?.attempts.map((a) => a.status),
    ).toEqual([409, 503, 200]);
    // Each attempt is signed afresh; the invocation id stays the same.
    expect(
      new Set(receiver().received.map((r) => r.headers['x-zendesk-webhook-invocation-id'])).size,
    ).toBe(1);

    receiver().statuses.push({ status: 500 });
    const second = await newTicket();
    await put(second, { status: 'solved' });
    await sandbox().dispatcher.idle();
    expect(sandbox().store.deliveries.list({ ticketId: second })[0]).toMatchObject({
      status: 'failed',
    });
  });

  it("gives up on a receiver that keeps timing out after Zendesk's five retries", async () => {
    const webhookId = await createWebhook();
    await createTrigger({
      title: 'solve',
      conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }] },
      actions: [
        {
          field: 'notification_webhook',
          value: [webhookId, '{"csat":"{{satisfaction.current_rating}}"}'],
        },
      ],
    });
    for (let i = 0; i < 6; i += 1) receiver().statuses.push({ status: 200, delayMs: 400 });
    const id = await newTicket();
    // An agent's click through the control route: the customer's rating is on the ticket.
    await call(sandbox().url, 'POST', `/__sandbox/tickets/${id}`, {
      ticket: { status: 'solved', satisfaction_rating: { score: 'good', comment: null } },
      actor_id: agentId,
    });
    await sandbox().dispatcher.idle();
    const delivery = sandbox().store.deliveries.list({ ticketId: id })[0]!;
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.map((a) => a.error)).toEqual(Array(6).fill('timeout'));
    expect(JSON.parse(delivery.body)).toEqual({ csat: 'good' });
  });

  it('emails the requester in their language with dynamic content and ticket fields, then tags sent', async () => {
    const link = sandbox().store.ticketFields.create({ type: 'text', title: 'CES survey link' });
    const locales = (
      await call<{ locales: Array<{ id: number; locale: string }> }>(
        sandbox().url,
        'GET',
        '/api/v2/locales',
      )
    ).body.locales;
    const localeId = (code: string) => locales.find((l) => l.locale === code)!.id;
    const dc = await call(sandbox().url, 'POST', '/api/v2/dynamic_content/items', {
      item: {
        name: 'CES question',
        default_locale_id: localeId('en-US'),
        variants: [
          {
            locale_id: localeId('en-US'),
            default: true,
            content: 'How easy was it, {{ticket.requester.first_name}}?',
          },
          {
            locale_id: localeId('nl'),
            content: 'Hoe makkelijk was het, {{ticket.requester.first_name}}?',
          },
        ],
      },
    });
    expect(dc.status).toBe(201);
    expect(dc.body).toMatchObject({ item: { placeholder: '{{dc.ces_question}}' } });
    await createTrigger({
      title: 'CES: email survey link',
      conditions: {
        all: [
          { field: 'current_tags', operator: 'includes', value: 'ces_survey_ready' },
          { field: 'current_tags', operator: 'not_includes', value: 'ces_survey_sent' },
        ],
      },
      actions: [
        {
          field: 'notification_user',
          value: [
            'requester_id',
            '{{dc.ces_question}} [#{{ticket.id}}]',
            '{{dc.ces_question}}\n1: {{ticket.ticket_field_' +
              link.id +
              '}}?score=1\n7: {{ticket.ticket_field_' +
              link.id +
              '}}?score=7',
          ],
        },
        { field: 'current_tags', value: 'ces_survey_sent' },
      ],
    });
    const dutch = await newTicket({ status: 'solved' });
    const answer = await put(dutch, {
      custom_fields: [{ id: link.id, value: 'https://ces.example.com/s/tok' }],
      tags: ['ces_survey_ready'],
    });
    expect(answer.body.ticket.tags).toEqual(['ces_survey_ready', 'ces_survey_sent']);
    await put(dutch, { tags: ['ces_survey_ready', 'ces_survey_sent', 'again'] }); // already sent: no second email

    const portuguese = sandbox().store.users.create({
      name: 'Ana Souza',
      email: 'ana@example.com',
      locale: 'pt-BR',
    }).id;
    const other = await newTicket({ requester_id: portuguese });
    await put(other, { tags: ['ces_survey_ready'] });

    const emails = (
      await call<{
        emails: Array<{ ticket_id: number; subject: string; body: string; to: { email: string } }>;
      }>(sandbox().url, 'GET', '/__sandbox/emails')
    ).body.emails;
    expect(emails).toHaveLength(2);
    expect(emails[0]).toMatchObject({
      ticket_id: dutch,
      to: { email: 'noor@example.com' },
      subject: `Hoe makkelijk was het, Noor? [#${dutch}]`,
      // A plain-text body: the text part is the text template around it.
      body: expect.stringContaining(
        'Hoe makkelijk was het, Noor?\n1: https://ces.example.com/s/tok?score=1\n7: https://ces.example.com/s/tok?score=7',
      ),
    });
    // No Portuguese variant: the default (English) one, exactly as Zendesk falls back.
    expect(emails[1]).toMatchObject({
      ticket_id: other,
      subject: `How easy was it, Ana? [#${other}]`,
    });
  });

  it('puts an HTML body into the HTML template with every value escaped, and derives a text part', async () => {
    const fieldId = sandbox().store.ticketFields.create({ type: 'text', title: 'Link' }).id;
    await call(sandbox().url, 'POST', '/api/v2/dynamic_content/items', {
      item: {
        name: 'html label',
        default_locale_id: 1,
        variants: [{ locale_id: 1, default: true, content: 'Easy <b>& quick</b>' }],
      },
    });
    await createTrigger({
      title: 'HTML email',
      conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'go' }] },
      actions: [
        {
          field: 'notification_user',
          value: [
            'requester_id',
            'Hi',
            `<p>Hello {{ticket.requester.name}}</p><p>{{dc.html_label}}</p><a href="{{ticket.ticket_field_${fieldId}}}?scale=s&amp;score=1" style="color:#14568c">1</a>`,
          ],
        },
      ],
    });
    const requester = sandbox().store.users.create({
      name: 'Eve <img src=x onerror=alert(1)>',
      email: 'eve@example.com',
      locale: 'en-US',
    }).id;
    const ticket = await newTicket({ requester_id: requester });
    await put(ticket, {
      custom_fields: [{ id: fieldId, value: 'https://ces.example.com/s/tok' }],
      tags: ['go'],
    });
    const [email] = sandbox().store.emails.list({ ticketId: ticket });
    // The HTML part: the account's template (delimiter, content, footer) around the body.
    expect(email?.html_body).toMatch(/^<!DOCTYPE html>/);
    expect(email?.html_body).toContain('Please type your reply above this line');
    expect(email?.html_body).toContain('<p>Hello Eve &lt;img src=x onerror=alert(1)&gt;</p>');
    expect(email?.html_body).toContain('<p>Easy &lt;b&gt;&amp; quick&lt;/b&gt;</p>');
    expect(email?.html_body).toContain(
      '<a href="https://ces.example.com/s/tok?scale=s&amp;score=1" style="color:#14568c">1</a>',
    );
    expect(email?.html_body).toContain('This email is a service from Sandbox.');
    expect(email?.html_body).not.toContain('<img');
    // The text part: no tags, entities decoded, the link spelled out.
    expect(email?.body).toContain('Hello Eve <img src=x onerror=alert(1)>');
    expect(email?.body).toContain('Easy <b>& quick</b>');
    expect(email?.body).toContain('1: https://ces.example.com/s/tok?scale=s&score=1');
    expect(email?.body).not.toContain('<p>');
  });

  it('runs triggers in position order, each at most once, until none fires', async () => {
    // B (position 1) waits for a tag that A (position 2) adds: the cycle restarts so B still fires.
    await createTrigger({
      title: 'B',
      position: 1,
      conditions: { all: [{ field: 'current_tags', operator: 'includes', value: 'from_a' }] },
      actions: [{ field: 'current_tags', value: 'from_b' }],
    });
    await createTrigger({
      title: 'A',
      position: 2,
      conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Change' }] },
      actions: [
        { field: 'current_tags', value: 'from_a' },
        { field: 'remove_tags', value: 'from_b' },
      ],
    });
    const id = await newTicket();
    expect(sandbox().store.tickets.get(id).tags).toEqual([]); // "Change" does not hold on create
    const answer = await put(id, { comment: { body: 'poke' } });
    // A fired once (adding from_a, removing nothing), then B; A does not fire again to remove from_b.
    expect(answer.body.ticket.tags).toEqual(['from_a', 'from_b']);
  });

  it('leaves inactive triggers alone and applies status and field actions', async () => {
    await createTrigger({
      title: 'High effort follow-up',
      active: false,
      conditions: {
        all: [{ field: 'current_tags', operator: 'includes', value: 'ces_high_effort' }],
      },
      actions: [{ field: 'status', value: 'open' }],
    });
    const id = await newTicket({ status: 'solved' });
    await put(id, { tags: ['ces_high_effort'] });
    expect(sandbox().store.tickets.get(id).status).toBe('solved');
    const trigger = sandbox().store.triggers.list()[0]!;
    await call(sandbox().url, 'PUT', `/api/v2/triggers/${trigger.id}`, {
      trigger: { active: true },
    });
    await put(id, { comment: { body: 'again', public: false } });
    expect(sandbox().store.tickets.get(id).status).toBe('open');
  });

  it('lists, updates and deletes triggers and reports a deleted one as 404', async () => {
    const created = await createTrigger({
      title: 'T',
      conditions: { all: [{ field: 'status', operator: 'is', value: 'open' }] },
      actions: [{ field: 'current_tags', value: 'x' }],
    });
    const id = created.body.trigger.id;
    const listed = await call<{ triggers: Array<{ id: number }>; meta: { has_more: boolean } }>(
      sandbox().url,
      'GET',
      '/api/v2/triggers?page[size]=10',
    );
    expect(listed.body.triggers.map((t) => t.id)).toEqual([id]);
    expect(listed.body.meta.has_more).toBe(false);
    const renamed = await call<{ trigger: { title: string; actions: unknown[] } }>(
      sandbox().url,
      'PUT',
      `/api/v2/triggers/${id}`,
      { trigger: { title: 'Renamed' } },
    );
    expect(renamed.body.trigger).toMatchObject({
      title: 'Renamed',
      actions: [{ field: 'current_tags', value: 'x' }],
    });
    expect((await call(sandbox().url, 'DELETE', `/api/v2/triggers/${id}`)).status).toBe(204);
    expect((await call(sandbox().url, 'GET', `/api/v2/triggers/${id}`)).status).toBe(404);
  });
});
