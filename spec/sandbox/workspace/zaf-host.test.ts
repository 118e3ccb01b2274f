import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';
import {
  installApp,
  type AppInstallation,
} from '../../../src/sandbox/workspace/zaf/app-installation';
import { hostConfig, hostedApp } from '../../../src/sandbox/workspace/zaf/hosted-app';
import { zafRoutes } from '../../../src/sandbox/workspace/zaf/zaf-routes';
import { html } from '../../../src/shared/html';
import { renderPage, sendPage } from '../../../src/sandbox/workspace/pages/layout';

const SECRET = 'test-shared-secret-that-must-stay-server-side';
const APP_DIR = path.join(__dirname, 'fixtures', 'zaf-test-app');

interface Results {
  registered: { metadata: Record<string, unknown>; context: Record<string, unknown> };
  get: Record<string, unknown> & { errors: Record<string, { message: string }> };
  singleGet: string;
  resize: unknown;
  signed: { resolved?: { claims: Record<string, unknown>; body: unknown; auth: string } };
  complete: {
    resolved?: { status: number; responseText: string; headers: Record<string, string> };
  };
  insecure: { rejected?: { status: number; responseJSON: { message: string } } };
  failure: { rejected?: { status: number; responseJSON: unknown } };
  elsewhere: { rejected?: { status: number } };
}

describe('sandbox ZAF host (real SDK in Chromium)', () => {
  let service: FastifyInstance;
  let sandbox: FastifyInstance;
  let browser: Browser;
  let installation: AppInstallation;
  let sandboxPort: number;
  const browserResponses: string[] = [];

  beforeAll(async () => {
    // A stand-in for the CES service: it checks the JWT the proxy signed and echoes what it saw.
    service = Fastify();
    service.post('/echo', async (request, reply) => {
      const auth = request.headers.authorization ?? '';
      try {
        const { payload } = await jwtVerify(
          auth.replace(/^Bearer /, ''),
          new TextEncoder().encode(SECRET),
        );
        return { claims: payload, body: request.body, auth: auth.slice(0, 7) };
      } catch {
        return reply.status(401).send({ error: 'bad token' });
      }
    });
    service.get('/echo', async (request) => ({ leaked: request.headers['x-leak'] ?? null }));
    service.get('/plain', async (_request, reply) => reply.type('text/plain').send('plain text'));
    service.get('/fail', async (_request, reply) =>
      reply.status(422).send({ error: 'nope', message: 'Cannot do that' }),
    );
    await service.listen({ host: '127.0.0.1', port: 0 });
    const servicePort = (service.server.address() as { port: number }).port;

    installation = installApp({
      manifestPath: path.join(APP_DIR, 'manifest.json'),
      assetsDir: path.join(APP_DIR, 'assets'),
      settings: { service_url: `http://127.0.0.1:${servicePort}`, shared_secret: SECRET },
    });
    sandbox = Fastify();
    await sandbox.register(zafRoutes, {
      installations: [installation],
      zendesk: { apiUrl: 'http://127.0.0.1:9', authorization: 'Basic none' },
    });
    sandbox.get('/workspace/tickets/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const app = hostedApp(installation, {
        location: 'ticket_sidebar',
        frameId: 'sidebar-app',
        subdomain: 'sandbox',
        context: { ticketId: Number(id) },
        data: {
          ticket: {
            id: Number(id),
            requester: { id: 7, name: 'Anna <b>de</b> Vries', locale: 'nl', email: 'a@x.nl' },
            customFields: { '77': 'link' },
          },
          currentUser: { id: 1, name: 'Agent', locale: 'en-US', role: 'admin' },
        },
      });
      return sendPage(
        reply,
        renderPage({
          title: `Ticket ${id}`,
          section: 'tickets',
          body: html`<h1 id="title">Ticket ${id}</h1>
            <iframe id="sidebar-app" class="app-frame" title="CES"></iframe>`,
          host: hostConfig([app], { ticket: '/workspace/tickets/{id}' }),
        }),
      );
    });
    await sandbox.listen({ host: '127.0.0.1', port: 0 });
    sandboxPort = (sandbox.server.address() as { port: number }).port;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await service?.close();
  });

  async function openTicket(id: number): Promise<{ page: Page; results: Results }> {
    const page = await browser.newPage();
    page.on('response', (response) => {
      void response.text().then(
        (text) => browserResponses.push(text),
        () => undefined,
      );
    });
    await page.goto(`http://localhost:${sandboxPort}/workspace/tickets/${id}`);
    const frame = page.frameLocator('#sidebar-app');
    await frame.locator('#out[data-done="true"]').waitFor({ timeout: 15_000 });
    const results = JSON.parse((await frame.locator('#out').textContent()) ?? '{}') as Results;
    return { page, results };
  }

  it('registers the app with metadata and context, answers get, invoke and request', async () => {
    const { page, results } = await openTicket(12);

    expect(results.registered.context).toMatchObject({
      product: 'support',
      location: 'ticket_sidebar',
      ticketId: 12,
      account: { subdomain: 'sandbox' },
    });
    expect(results.registered.metadata).toMatchObject({
      appId: installation.appId,
      installationId: installation.installationId,
      settings: { title: 'ZAF host test app', colour: 'teal', service_url: expect.any(String) },
    });
    expect(results.registered.metadata.settings).not.toHaveProperty('shared_secret');

    expect(results.get['ticket.id']).toBe(12);
    expect(results.get['ticket.requester']).toMatchObject({ name: 'Anna <b>de</b> Vries' });
    expect(results.get['currentUser.locale']).toBe('en-US');
    expect(results.get['ticket.customField:custom_field_77']).toBe('link');
    expect(results.get.errors['no.such.path']?.message).toMatch(/not available/);
    expect(results.singleGet).toMatch(/"no.such.path" is not available/);

    // resize really resizes the iframe on the host page
    await page.waitForFunction(
      () => document.getElementById('sidebar-app')?.style.height === '123px',
    );

    // the JWT was signed on the server with the secure setting, with expiry and caller claims
    const signed = results.signed.resolved;
    expect(signed?.auth).toBe('Bearer ');
    expect(signed?.body).toEqual({ hello: 'world' });
    expect(signed?.claims.sub).toBe('agent-1');
    expect(Number(signed?.claims.exp) - Number(signed?.claims.iat)).toBe(60);

    expect(results.complete.resolved).toMatchObject({ status: 200, responseText: 'plain text' });
    expect(results.complete.resolved?.headers['content-type']).toMatch(/text\/plain/);

    expect(results.insecure.rejected?.status).toBe(403);
    expect(results.insecure.rejected?.responseJSON.message).toMatch(/secure setting/);
    expect(results.failure.rejected).toMatchObject({
      status: 422,
      responseJSON: { error: 'nope', message: 'Cannot do that' },
    });
    expect(results.elsewhere.rejected?.status).toBe(403);

    // the secret never reached the browser, in any response it loaded
    expect(browserResponses.length).toBeGreaterThan(4);
    expect(browserResponses.some((text) => text.includes(SECRET))).toBe(false);

    // the app runs on another origin than the workspace, as in Zendesk
    const frameUrl =
      page
        .frames()
        .find((f) => f !== page.mainFrame())
        ?.url() ?? '';
    expect(new URL(frameUrl).hostname).toBe('127.0.0.1');
    await page.close();
  });

  it('routeTo ticket navigates the workspace', async () => {
    const { page } = await openTicket(5);
    await page.frameLocator('#sidebar-app').locator('#route').click();
    await page.waitForURL(/\/workspace\/tickets\/42$/);
    await page.locator('#title', { hasText: 'Ticket 42' }).waitFor();
    await page.close();
  });
});
