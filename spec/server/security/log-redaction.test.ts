import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { redactUrl } from '../../../src/server/security/log-redaction.js';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import { surveyWithLink } from '../../support/survey-links.js';
import { signAppToken } from '../../support/app-token.js';
import { fixedRoles } from '../../support/roles.js';
import { describeEachDatabase } from '../../support/databases.js';

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

    const jwt = await signAppToken();
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
    expect(log).not.toContain(config.appSecret);
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
