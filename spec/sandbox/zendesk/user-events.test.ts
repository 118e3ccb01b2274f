import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import { startedForSuite } from '../../support/suite-resource.js';
import { sandboxForSuite } from './sandbox-suite.js';
import { call } from './http.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** Records each webhook request and answers 200. */
async function startReceiver() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zendesk/users`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const basic = (email: string) =>
  `Basic ${Buffer.from(`${email}/token:${SANDBOX_API_TOKEN}`).toString('base64')}`;

describe('sandbox Zendesk: Delete User fires the user-deleted event', () => {
  const sandbox = sandboxForSuite({
    webhooks: { retryDelayMs: 5, timeoutMs: 500, sleep: async () => undefined },
  });
  const receiver = startedForSuite('the webhook receiver', startReceiver, (r) => r.close());

  beforeEach(async () => {
    await sandbox().reset();
    receiver().received.length = 0;
  });

  async function webhook(subscriptions: string[], status = 'active'): Promise<string> {
    const answer = await call<{ webhook: { id: string } }>(
      sandbox().url,
      'POST',
      '/api/v2/webhooks',
      {
        webhook: {
          name: `hook ${subscriptions.join(',')} ${status}`,
          endpoint: receiver().url,
          http_method: 'POST',
          request_format: 'json',
          status,
          subscriptions,
        },
      },
    );
    expect(answer.status).toBe(201);
    return answer.body.webhook.id;
  }

  it('soft-deletes the user and sends the documented event, signed, to subscribed webhooks only', async () => {
    const subscribed = await webhook(['zen:event-type:user.deleted']);
    await webhook(['zen:event-type:user.created']);
    await webhook(['zen:event-type:user.deleted'], 'inactive');
    await webhook(['conditional_ticket_events']);
    const user = sandbox().store.users.create({
      name: 'Noor',
      email: 'noor@example.com',
      locale: 'nl',
    });

    const answer = await call<{ user: { id: number; active: boolean } }>(
      sandbox().url,
      'DELETE',
      `/api/v2/users/${user.id}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.user).toMatchObject({ id: user.id, active: false });
    await sandbox().dispatcher.idle();

    expect(receiver().received).toHaveLength(1);
    const [delivery] = receiver().received;
    expect(delivery!.headers['x-zendesk-webhook-id']).toBe(subscribed);
    const event = JSON.parse(delivery!.body) as Record<string, unknown>;
    expect(event).toMatchObject({
      type: 'zen:event-type:user.deleted',
      account_id: 10001,
      zendesk_event_version: '2022-06-20',
      subject: `zen:user:${user.id}`,
      detail: { id: String(user.id), email: 'noor@example.com', role: 'end-user' },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    // Signed like every Zendesk webhook: base64 HMAC-SHA256 of timestamp + body.
    const secret = await call<{ signing_secret: { secret: string } }>(
      sandbox().url,
      'GET',
      `/api/v2/webhooks/${subscribed}/signing_secret`,
    );
    const timestamp = String(delivery!.headers['x-zendesk-webhook-signature-timestamp']);
    const expected = createHmac('sha256', secret.body.signing_secret.secret)
      .update(timestamp + delivery!.body)
      .digest();
    const given = Buffer.from(String(delivery!.headers['x-zendesk-webhook-signature']), 'base64');
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);

    // Deleted already: nothing to delete again, and no second event.
    expect((await call(sandbox().url, 'DELETE', `/api/v2/users/${user.id}`)).status).toBe(404);
    await sandbox().dispatcher.idle();
    expect(receiver().received).toHaveLength(1);
  });

  it('lets only admins delete users, and never the account owner', async () => {
    await webhook(['zen:event-type:user.deleted']);
    const agent = sandbox().store.users.create({
      name: 'Alex',
      email: 'alex@example.com',
      role: 'agent',
    });
    const user = sandbox().store.users.create({ name: 'Noor', email: 'noor@example.com' });
    const asAgent = await call(
      sandbox().url,
      'DELETE',
      `/api/v2/users/${user.id}`,
      undefined,
      basic(agent.email!),
    );
    expect(asAgent.status).toBe(403);
    expect(sandbox().store.users.get(user.id).active).toBe(true);
    const owner = sandbox()
      .store.users.list()
      .find((u) => u.role === 'admin')!;
    expect((await call(sandbox().url, 'DELETE', `/api/v2/users/${owner.id}`)).status).toBe(400);
    expect((await call(sandbox().url, 'DELETE', '/api/v2/users/999999')).status).toBe(404);
    await sandbox().dispatcher.idle();
    expect(receiver().received).toEqual([]);
  });
});
