import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { redactUrl } from '../../../src/server/security/log-redaction.js';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import { surveyWithLink } from '../../support/survey-links.js';
import { appSessionToken } from '../../support/app-session.js';
import { fixedRoles } from '../../support/roles.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from '../loop/loop-world.js';
import { waitFor } from '../loop/sandbox-harness.js';
import { createOutboxService } from '../../../src/server/outbox/outbox-service.js';
import { readWebhookState } from '../../../src/server/setup/zendesk-state.js';
import { SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' });

describe('redactUrl', () => {
  it.each([
    ['/s/AbC_-12?score=3', '/s/[redacted]?score=3'],
    ['/s/AbC_-12', '/s/[redacted]'],
    ['/s/AbC_-12/', '/s/[redacted]/'],
    ['//s//AbC_-12#x', '//s//[redacted]#x'],
    ['/s/assets/confirm.js', '/s/assets/confirm.js'],
    ['/api/v1/tickets/7', '/api/v1/tickets/7'],
    // The same path in any case or encoding a router or a person might read as /s/<token>
    ['/S/AbC_-12', '/S/[redacted]'],
    ['/%73/AbC_-12', '/s/[redacted]'],
    ['/%2573/AbC_-12?x=1', '/s/[redacted]?x=1'],
    ['/s%2FAbC_-12', '/s/[redacted]'],
    ['/%53/%41bC_-12/', '/S/[redacted]/'],
    // A token-like run anywhere, decoded: in a query or under another path
    [`/?t=${'A'.repeat(43)}`, '/?t=[redacted]'],
    [`/x?t=${'%41'.repeat(43)}&score=3`, '/x?t=[redacted]&score=3'],
    [`/other/${'b'.repeat(43)}`, '/other/[redacted]'],
    [
      '/api/v1/report?from=2026-01-01&channel=email',
      '/api/v1/report?from=2026-01-01&channel=email',
    ],
    ['/s/%E0%A4%A', '/s/[redacted]'],
  ])('logs %s as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describeEachDatabase('what the service logs', (getDb) => {
  let app: FastifyInstance;
  let log = '';
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    app = await buildApp({ config, db: getDb(), roles: fixedRoles(), logStream: stream });
  });
  afterAll(async () => {
    await app.close();
  });

  it('never holds a survey token, a webhook signature or an app token', async () => {
    const { token } = await surveyWithLink(getDb(), config, {
      ticketId: 61_001,
      requesterId: 5,
      assigneeId: 6,
    });

    expect((await app.inject({ method: 'GET', url: `/s/${token}?score=3` })).statusCode).toBe(200);
    const posted = await app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'step=score&score=3',
    });
    expect(posted.statusCode).toBe(303);
    await app.inject({ method: 'GET', url: `/s/${token}/` });

    const body = JSON.stringify({ type: 'nothing we know' });
    const timestamp = new Date().toISOString();
    const signature = zendeskSignature(config.webhookSecret!, timestamp, body);
    const hook = await app.inject({
      method: 'POST',
      url: '/webhooks/zendesk',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signature,
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      payload: body,
    });
    expect(hook.statusCode).toBe(400);

    const jwt = await appSessionToken(app.config);
    const api = await app.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(api.statusCode).toBe(200);
    // Should anything log the headers, the credentials in them are redacted.
    app.log.info({ req: { url: `/s/${token}`, headers: { authorization: jwt } } }, 'request');
    app.log.info(
      { headers: { authorization: jwt, 'x-zendesk-webhook-signature': signature } },
      'h',
    );

    // The log was written, with the requests in it...
    expect(log).toContain('"url":"/s/[redacted]?score=3"');
    expect(log).toContain('"url":"/webhooks/zendesk"');
    expect(log).toContain('"authorization":"[redacted]"');
    // ...and none of the secrets.
    expect(log).not.toContain(token);
    expect(log).not.toContain(signature);
    expect(log).not.toContain(jwt);
    expect(log).not.toContain(config.sessionKey);
  });

  it('never holds a survey token that came by an odd path, in any case or encoding', async () => {
    const { token } = await surveyWithLink(getDb(), config, {
      ticketId: 61_002,
      requesterId: 5,
      assigneeId: 6,
    });
    const encoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    const oddPaths = [
      `/%73/${token}`,
      `/%53/${token}?score=3`,
      `/S/${token}`,
      `/s%2F${token}`,
      `/%2573/${token}`,
      `/s/${encoded}`,
      `/?t=${token}`,
      `/s?t=${token}`,
      `/api/v1/settings?t=${encoded}`,
      `/s/${token}%`,
    ];
    const before = log.length;
    for (const url of oddPaths) {
      const res = await app.inject({ method: 'GET', url });
      // A path the router reads as /s/<token> is the survey page; no error repeats the token.
      if (res.statusCode >= 400) expect(res.body).not.toContain(token);
    }
    const written = log.slice(before);
    // Every odd request was logged...
    expect(written.match(/"incoming request"/g)?.length).toBe(oddPaths.length);
    // ...and none of them with the token, plain or encoded.
    expect(written).not.toContain(token);
    expect(written.toLowerCase()).not.toContain(encoded.toLowerCase());
  });
});

/**
 * A whole run, solve → webhook → publish (through a failed attempt) → email → answer → write-back,
 * with every log line the service and its worker write at the most talkative level, and every
 * response the service gives: no survey token or its hash, and no key, anywhere in them (a survey
 * page names only its own token, in its form and redirects).
 */
describeEachDatabase('what the service logs and answers over a whole survey', (getDb) => {
  let world: LoopWorld;
  let log = '';
  const responses: Array<{ url: string; text: string }> = [];
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
    await world.stopApp();
    world.config = { ...world.config, logLevel: 'trace' };
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    const app = await buildApp({
      config: world.config,
      db: getDb(),
      zendesk: () => world.client,
      logStream: stream,
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const headers = JSON.stringify(reply.getHeaders());
      responses.push({ url: request.url, text: `${headers}\n${String(payload)}` });
      return payload;
    });
    await app.listen({ host: '127.0.0.1', port: world.config.port });
    world.app = app;
  });
  afterAll(async () => {
    await world.close();
  });

  it('holds no survey token, token hash or key in any log line or other response', async () => {
    const ticketId = await world.openTicket('nothing secret in the log');
    // The first publish attempt fails, so the worker logs a retry with Zendesk's error.
    await world.control('POST', '/__sandbox/faults', {
      kind: 'outage',
      status: 503,
      // More than the client's own retries: the worker's retry is logged.
      times: 3,
      method: 'PUT',
      pathPrefix: `/api/v2/tickets/${ticketId}`,
    });
    const worker = createOutboxService(world.config, getDb(), {
      zendesk: world.client,
      logger: world.app!.log,
      pollIntervalMs: 30,
      backoff: { baseMs: 50, maxMs: 200 },
    });
    worker.start();
    try {
      const links = await world.solveAndAwaitEmail(ticketId);
      const token = new URL(links[0]!).pathname.split('/s/')[1]!;
      expect((await fetch(links[1]!)).status).toBe(200);
      await world.answer(links[1]!, { driver: '', comment: 'fine' });
      await world.awaitWriteback(ticketId);
      await waitFor('the retry in the log', () => log.includes('will retry'));

      const secrets = {
        token,
        tokenHash: crypto.createHash('sha256').update(token).digest('hex'),
        sessionKey: world.config.sessionKey,
        webhookFallback: world.config.webhookSecret!,
        webhookSigning: (await readWebhookState(getDb()))!.signingSecret,
        zendeskApiToken: SANDBOX_API_TOKEN,
      };
      // The log was written at every step...
      for (const said of [
        'solve taken in',
        'will retry',
        '"url":"/s/[redacted]?scale=',
        '"url":"/s/[redacted]"',
      ]) {
        expect(log).toContain(said);
      }
      // ...and no secret is in it.
      for (const [name, secret] of Object.entries(secrets)) {
        expect([name, log.includes(secret)]).toEqual([name, false]);
      }
      // The service answered the webhook, the survey pages and the customer's posts...
      expect(responses.some((r) => r.url === '/webhooks/zendesk')).toBe(true);
      const pages = responses.filter((r) => r.url.startsWith(`/s/${token}`));
      expect(pages.length).toBeGreaterThanOrEqual(3);
      // ...with no key and no hash in any answer, and the token only on its own survey's pages.
      for (const r of responses) {
        for (const [name, secret] of Object.entries(secrets)) {
          if (name === 'token' && r.url.startsWith(`/s/${token}`)) continue;
          expect([r.url, name, r.text.includes(secret)]).toEqual([r.url, name, false]);
        }
      }
    } finally {
      await worker.stop();
    }
  });
});
