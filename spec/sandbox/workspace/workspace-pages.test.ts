import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildSandbox, type Sandbox } from '../../../src/sandbox/zendesk/sandbox';
import {
  CURRENT_USER_COOKIE,
  workspaceRoutes,
} from '../../../src/sandbox/workspace/workspace-routes';
import { installApp } from '../../../src/sandbox/workspace/zaf/app-installation';

const APP_DIR = path.join(__dirname, 'fixtures', 'zaf-test-app');

describe('sandbox workspace pages', () => {
  let sandbox: Sandbox;
  let app: FastifyInstance;
  let agentId: number;
  let otherAgentId: number;
  let groupId: number;
  let ticketId: number;

  beforeAll(async () => {
    sandbox = await buildSandbox({ stateFile: null });
    app = sandbox.app;
    await app.register(workspaceRoutes, {
      store: sandbox.store,
      subdomain: 'sandbox',
      app: installApp({
        manifestPath: path.join(APP_DIR, 'manifest.json'),
        assetsDir: path.join(APP_DIR, 'assets'),
        settings: { service_url: 'http://127.0.0.1:9', shared_secret: 'never-shown-to-pages' },
      }),
      zendesk: { apiUrl: 'http://127.0.0.1:9', authorization: 'Basic x' },
    });
    const { store } = sandbox;
    groupId = store.groups.create({ name: 'Billing' }).id;
    agentId = store.users.create({
      name: 'Maya Lindqvist',
      email: 'maya@acme.example',
      role: 'agent',
      default_group_id: groupId,
    }).id;
    otherAgentId = store.users.create({
      name: 'Daan Visser',
      email: 'daan@acme.example',
      role: 'agent',
      default_group_id: groupId,
    }).id;
    const requester = store.users.create({
      name: 'Anna <img src=x onerror=alert(1)>',
      email: 'anna@customer.example',
      locale: 'nl',
    });
    // A trigger like setup's: email the requester when the ticket is solved.
    store.triggers.create({
      title: 'Email on solve',
      conditions: { all: [{ field: 'status', operator: 'changed', value: 'solved' }], any: [] },
      actions: [
        {
          field: 'notification_user',
          value: [
            'requester_id',
            'Solved: {{ticket.id}}',
            'See https://example.com/s/abc?score=2.',
          ],
        },
      ],
    });
    ticketId = store.tickets.create({
      requester_id: requester.id,
      subject: 'Refund <script>alert(1)</script>',
      comment: { body: 'I was charged twice & want "my" money back.' },
      assignee_id: agentId,
      group_id: groupId,
    }).ticket.id;
    store.tickets.update(ticketId, { comment: { body: 'Checked the ledger.', public: false } });
    store.tickets.create({
      requester_id: requester.id,
      subject: 'Another question',
      comment: { body: 'Hello' },
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists tickets, filtered by status, with customer text escaped', async () => {
    const all = await app.inject({ method: 'GET', url: '/workspace/tickets' });
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(all.body).toContain('Refund &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all.body).not.toContain('<script>alert(1)');
    expect(all.body).toContain('Another question');

    const open = await app.inject({ method: 'GET', url: '/workspace/tickets?status=open' });
    expect(open.body).toContain(`/workspace/tickets/${ticketId}`);
    expect(open.body).not.toContain('Another question'); // status new
  });

  it('shows a ticket with its internal note and the sidebar app, never the secure setting', async () => {
    const page = await app.inject({ method: 'GET', url: `/workspace/tickets/${ticketId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Anna &lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toContain('charged twice &amp; want &quot;my&quot; money back.');
    expect(page.body).toMatch(
      /class="comment internal"[^>]*>[\s\S]*Internal note[\s\S]*Checked the ledger/,
    );
    expect(page.body).toContain('id="ticket-sidebar-app"');
    // The host config is data, not code, and cannot close its own script element.
    const config = /<script type="application\/json" id="zaf-host-config">(.*?)<\/script>/s.exec(
      page.body,
    )?.[1];
    expect(config).toBeDefined();
    expect(config).not.toMatch(/<\/?script|<img/i);
    const parsed = JSON.parse(config ?? '{}') as {
      apps: Array<{ data: { ticket: { id: number; requester: { name: string } } } }>;
    };
    expect(parsed.apps[0]?.data.ticket.id).toBe(ticketId);
    expect(parsed.apps[0]?.data.ticket.requester.name).toBe('Anna <img src=x onerror=alert(1)>');
    expect(page.body).not.toContain('never-shown-to-pages');
  });

  it('solves through the store so triggers fire, and the email shows in the outbox', async () => {
    const solved = await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/status`,
      payload: 'status=solved',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(solved.statusCode).toBe(303);
    expect(solved.headers.location).toBe(`/workspace/tickets/${ticketId}?done=solved`);
    expect(sandbox.store.tickets.get(ticketId).status).toBe('solved');

    const outbox = await app.inject({ method: 'GET', url: '/workspace/outbox' });
    expect(outbox.body).toContain(`Solved: ${ticketId}`);
    expect(outbox.body).toContain('<a href="https://example.com/s/abc?score=2">');
    const email = sandbox.store.emails.list({ ticketId })[0];
    const single = await app.inject({ method: 'GET', url: `/workspace/outbox/${email?.id}` });
    expect(single.statusCode).toBe(200);
    expect(single.body).toContain('anna@customer.example');
    // The HTML part is framed without script, and served alone under a CSP that runs nothing.
    expect(single.body).toMatch(
      new RegExp(`<iframe[^>]*src="/workspace/outbox/${email?.id}/html"[^>]*sandbox="[^"]*"`),
    );
    expect(/<iframe[^>]*sandbox="([^"]*)"/.exec(single.body)?.[1]).not.toContain('allow-scripts');
    const part = await app.inject({ method: 'GET', url: `/workspace/outbox/${email?.id}/html` });
    expect(part.statusCode).toBe(200);
    expect(part.headers['content-security-policy']).toContain("default-src 'none'");
    expect(part.headers['content-security-policy']).not.toContain('script-src');
    expect(part.body).toBe(email?.html_body);
    // A plain-text body: its address made a link, the sentence's full stop left out of it.
    expect(part.body).toContain('<a href="https://example.com/s/abc?score=2">');
    const missing = await app.inject({ method: 'GET', url: '/workspace/outbox/999999/html' });
    expect(missing.statusCode).toBe(404);
  });

  it('reassigns, reopens, closes, and reports Zendesk refusing a closed ticket', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/assignee`,
      payload: `assignee_id=${otherAgentId}`,
      headers: form,
    });
    expect(sandbox.store.tickets.get(ticketId).assignee_id).toBe(otherAgentId);
    await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/status`,
      payload: 'status=open',
      headers: form,
    });
    expect(sandbox.store.tickets.get(ticketId).status).toBe('open');
    await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/status`,
      payload: 'status=closed',
      headers: form,
    });
    expect(sandbox.store.tickets.get(ticketId).status).toBe('closed');
    const refused = await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/assignee`,
      payload: `assignee_id=${agentId}`,
      headers: form,
    });
    expect(refused.headers.location).toBe(`/workspace/tickets/${ticketId}?done=refused_closed`);
    const page = await app.inject({ method: 'GET', url: refused.headers.location as string });
    expect(page.body).toContain('the ticket is closed');
    expect(sandbox.store.tickets.get(ticketId).assignee_id).toBe(otherAgentId);
  });

  it('rejects unknown values and tickets with a readable page', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/status`,
      payload: 'status=deleted',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('not possible');
    const missing = await app.inject({ method: 'GET', url: '/workspace/tickets/999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('no such ticket');
  });

  it('records chat-webhook posts on the Chat receiver page, escaped', async () => {
    const empty = await app.inject({ method: 'GET', url: '/workspace/chat' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No messages yet.');
    const post = await app.inject({
      method: 'POST',
      url: '/workspace/chat-receiver',
      payload: { text: 'High effort answer on ticket #7 <script>alert(1)</script>' },
    });
    expect(post.statusCode).toBe(200);
    const page = await app.inject({ method: 'GET', url: '/workspace/chat' });
    expect(page.body).toContain('High effort answer on ticket #7 &lt;script&gt;');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    const json = await app.inject({ method: 'GET', url: '/workspace/chat-receiver' });
    expect(json.json<{ deliveries: Array<{ body: unknown }> }>().deliveries).toHaveLength(1);
  });

  it('refuses changes posted from another site', async () => {
    const before = sandbox.store.tickets.get(ticketId).status;
    const forged = await app.inject({
      method: 'POST',
      url: `/workspace/tickets/${ticketId}/status`,
      payload: 'status=solved',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(forged.statusCode).toBe(403);
    expect(sandbox.store.tickets.get(ticketId).status).toBe(before);
    const proxy = await app.inject({
      method: 'POST',
      url: '/workspace/zaf/request',
      payload: { installationId: 1, options: { url: '/api/v2/users/me' } },
      headers: { 'sec-fetch-site': 'same-site' },
    });
    expect(proxy.statusCode).toBe(403);
  });

  it("sends Zendesk's agent URLs (as in internal notes) to the workspace", async () => {
    const ticket = await app.inject({ method: 'GET', url: `/agent/tickets/${ticketId}` });
    expect(ticket.statusCode).toBe(302);
    expect(ticket.headers.location).toBe(`/workspace/tickets/${ticketId}`);
    const appPage = await app.inject({
      method: 'GET',
      url: '/agent/apps/customer-effort-score?survey=1',
    });
    expect(appPage.headers.location).toBe('/workspace/team');
    // Segments after the app's name are the app's route (a note's link to an agent's page).
    const deep = await app.inject({
      method: 'GET',
      url: '/agent/apps/customer-effort-score/agents/12/tickets/34',
    });
    expect(deep.headers.location).toBe('/workspace/team?app_route=agents%2F12%2Ftickets%2F34');
    const odd = await app.inject({
      method: 'GET',
      url: '/agent/apps/customer-effort-score/%3Cscript%3E',
    });
    expect(odd.headers.location).toBe('/workspace/team');
  });

  it('hands a nav bar route to the app it hosts, and only a plain one', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/workspace/team?app_route=agents%2F12%2Ftickets%2F34',
    });
    expect(page.body).toContain('"route":"agents/12/tickets/34"');
    const bad = await app.inject({ method: 'GET', url: '/workspace/team?app_route=%22%3E%3Cx' });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).not.toContain('"route"');
  });

  it('hosts the nav_bar app on the team page', async () => {
    const page = await app.inject({ method: 'GET', url: '/workspace/team' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="nav-bar-app"');
    expect(page.body).toContain('"location":"nav_bar"');
  });

  it('"View as" signs the workspace in as another agent with the cookie, and refuses end users', async () => {
    const viewAs = (userId: number) =>
      app.inject({
        method: 'POST',
        url: '/workspace/view-as',
        payload: `user_id=${userId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const switched = await viewAs(agentId);
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/workspace/team');
    const cookie = String(switched.headers['set-cookie']);
    expect(cookie).toContain(`${CURRENT_USER_COOKIE}=${agentId};`);
    expect(cookie).toContain('Path=/');

    // The reloaded page (and so its signed page load and ZAF's currentUser) is Maya's.
    const page = await app.inject({
      method: 'GET',
      url: '/workspace/team',
      headers: { cookie: `${CURRENT_USER_COOKIE}=${agentId}` },
    });
    expect(page.body).toMatch(new RegExp(`"currentUser":\\{"id":${agentId},`));
    expect(page.body).toMatch(new RegExp(`<option value="${agentId}"\\s+selected`));
    const admin = await app.inject({ method: 'GET', url: '/workspace/team' });
    expect(admin.body).not.toMatch(new RegExp(`"currentUser":\\{"id":${agentId},`));

    const requester = sandbox.store.users.list().find((u) => u.role === 'end-user')!;
    const refused = await viewAs(requester.id);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['set-cookie']).toBeUndefined();
  });
});
