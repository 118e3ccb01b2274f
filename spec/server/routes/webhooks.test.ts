import { webcrypto } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig, type Config } from '../../../src/server/config.js';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { appForSuite } from '../../support/app-for-suite.js';
import { describeEachDatabase } from '../../support/databases.js';
import { SOLVE_BODY } from '../../support/solve-events.js';

/** The example signing secret in Zendesk's "Verifying webhook authenticity" page. */
const ZENDESK_DOCS_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const config: Config = loadConfig({
  NODE_ENV: 'test',
  ZENDESK_WEBHOOK_SECRET: ZENDESK_DOCS_SECRET,
});

/** Signs as Zendesk documents it, with WebCrypto rather than the service's own code. */
async function independentSignature(secret: string, timestamp: string, body: string) {
  const utf8 = new TextEncoder();
  const key = await webcrypto.subtle.importKey(
    'raw',
    utf8.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await webcrypto.subtle.sign('HMAC', key, utf8.encode(timestamp + body));
  return Buffer.from(mac).toString('base64');
}

let nextTicket = 20_000;
function solveBody(overrides: Record<string, unknown> = {}) {
  const ticket = nextTicket++;
  return {
    ...SOLVE_BODY,
    ticket_id: String(ticket),
    requester_id: String(90_000 + ticket),
    ...overrides,
  };
}

async function deliver(
  app: FastifyInstance,
  body: unknown,
  options: {
    secret?: string;
    timestamp?: string;
    headers?: Record<string, string>;
    raw?: string;
    /** The body the signature was made for, when it is not the one sent (a changed body). */
    signed?: unknown;
  } = {},
) {
  const raw = options.raw ?? JSON.stringify(body);
  const timestamp = options.timestamp ?? new Date().toISOString();
  const signature = await independentSignature(
    options.secret ?? ZENDESK_DOCS_SECRET,
    timestamp,
    options.signed === undefined ? raw : JSON.stringify(options.signed),
  );
  return app.inject({
    method: 'POST',
    url: '/webhooks/zendesk',
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': timestamp,
      ...options.headers,
    },
    payload: raw,
  });
}

describe('zendeskSignature', () => {
  it('matches an independent HMAC of timestamp + body with the documented example secret', async () => {
    const timestamp = '2021-07-25T10:00:00Z';
    const body = '{"say": "hello"}';
    const expected = await independentSignature(ZENDESK_DOCS_SECRET, timestamp, body);
    expect(zendeskSignature(ZENDESK_DOCS_SECRET, timestamp, body)).toBe(expected);
    // The secret is used as given (text), not base64-decoded; the order is timestamp, then body.
    expect(zendeskSignature(ZENDESK_DOCS_SECRET, timestamp, body)).not.toBe(
      await independentSignature(ZENDESK_DOCS_SECRET, body, timestamp),
    );
  });
});

describeEachDatabase('POST /webhooks/zendesk', (getDb) => {
  const app = appForSuite(config, getDb);
  beforeEach(async () => {
    await saveSettings(getDb(), DEFAULT_SETTINGS);
    await getDb().query(`DELETE FROM zendesk_state WHERE key = 'webhook'`);
  });

  async function surveysOf(ticketId: string) {
    const { rows } = await getDb().query<{
      id: number;
      assignee_id: number;
      requester_locale: string;
    }>('SELECT id, assignee_id, requester_locale FROM surveys WHERE ticket_id = $1', [
      Number(ticketId),
    ]);
    return rows;
  }

  it('turns a Zendesk-signed solve into a survey and its publish job', async () => {
    const body = solveBody();
    const res = await deliver(app(), body);
    expect(res.statusCode).toBe(202);
    const surveys = await surveysOf(body.ticket_id);
    expect(surveys).toEqual([{ id: expect.any(Number), assignee_id: 789, requester_locale: 'nl' }]);
    expect(res.json()).toEqual({ outcome: 'created', surveyId: surveys[0]!.id });
    const jobs = await getDb().query(
      'SELECT kind, payload FROM outbox_jobs WHERE dedupe_key = $1',
      [`publish:${surveys[0]!.id}`],
    );
    expect(jobs.rows).toEqual([
      { kind: 'publish_survey_link', payload: { surveyId: surveys[0]!.id } },
    ]);
  });

  it('verifies against the raw bytes, whitespace and key order included', async () => {
    const body = solveBody();
    const raw = `{ "type":"ticket_solved",\n  "ticket_id": ${body.ticket_id}, "requester_id":"${body.requester_id}", "assignee_id": "5", "solved_at": "2026-11-23T10:00:00Z" }`;
    const res = await deliver(app(), null, { raw });
    expect(res.statusCode).toBe(202);
  });

  it('takes the same solve delivered twice once', async () => {
    const body = solveBody();
    const first = await deliver(app(), body);
    const second = await deliver(app(), body);
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ outcome: 'duplicate', surveyId: first.json().surveyId });
    expect(await surveysOf(body.ticket_id)).toHaveLength(1);
  });

  it("takes Zendesk's retries of one invocation once, by x-zendesk-webhook-invocation-id", async () => {
    const body = solveBody();
    const headers = { 'x-zendesk-webhook-invocation-id': '8350205582' };
    const first = await deliver(app(), body, { headers });
    expect(first.statusCode).toBe(202);
    // The same invocation again, its solve time rendered a minute later: still the same delivery.
    const retry = await deliver(app(), { ...body, solved_at: '2026-11-23T10:01:00Z' }, { headers });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ outcome: 'duplicate', surveyId: first.json().surveyId });
    // Without the header, that body is a solve of its own (the fallback key differs).
    const replay = await deliver(app(), { ...body, solved_at: '2026-11-23T10:01:00Z' });
    expect(replay.json()).toMatchObject({ outcome: 'created' });
  });

  it('takes a new invocation of a solve it has seen as that solve (one survey)', async () => {
    const body = solveBody();
    const first = await deliver(app(), body, {
      headers: { 'x-zendesk-webhook-invocation-id': 'inv-1' },
    });
    const again = await deliver(app(), body, {
      headers: { 'x-zendesk-webhook-invocation-id': 'inv-2' },
    });
    expect(again.json()).toEqual({ outcome: 'duplicate', surveyId: first.json().surveyId });
    expect(await surveysOf(body.ticket_id)).toHaveLength(1);
  });

  it('takes a body of documented placeholders only; who the ticket is waits for Zendesk', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      rules: { ...DEFAULT_SETTINGS.rules, skipWithoutAssignee: true, excludedGroupIds: [12] },
    });
    const ticket = String(nextTicket++);
    // What the installed trigger sends when Zendesk knows only its documented placeholders.
    const body = {
      type: 'ticket_solved',
      ticket_id: ticket,
      channel: 'Mail',
      solved_at: '2026-11-23T10:00Z',
      satisfaction: '',
      tags: 'vip',
    };
    const res = await deliver(app(), body);
    expect(res.statusCode).toBe(202);
    const { rows } = await getDb().query(
      'SELECT requester_id, assignee_id, group_id, brand_id, channel FROM surveys WHERE ticket_id = $1',
      [Number(ticket)],
    );
    expect(rows).toEqual([
      { requester_id: null, assignee_id: null, group_id: null, brand_id: null, channel: 'email' },
    ]);
  });

  it.each([
    [
      'a wrong signature',
      { headers: { 'x-zendesk-webhook-signature': 'AAAA' } },
      'invalid_signature',
    ],
    ['another secret', { secret: 'not-the-signing-secret' }, 'invalid_signature'],
    [
      'a missing signature',
      { headers: { 'x-zendesk-webhook-signature': '' } },
      'missing_signature',
    ],
    [
      'a missing timestamp',
      { headers: { 'x-zendesk-webhook-signature-timestamp': '' } },
      'missing_signature',
    ],
    [
      'a stale timestamp',
      { timestamp: new Date(Date.now() - 6 * 60_000).toISOString() },
      'stale_timestamp',
    ],
    [
      'a timestamp far ahead',
      { timestamp: new Date(Date.now() + 6 * 60_000).toISOString() },
      'stale_timestamp',
    ],
    ['a timestamp that is no time', { timestamp: 'yesterday' }, 'invalid_timestamp'],
  ])('refuses %s with 401 and records nothing', async (_name, options, error) => {
    const body = solveBody();
    const res = await deliver(app(), body, options);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error });
    expect(res.json().message).toMatch(/X-Zendesk-Webhook-Signature/);
    expect(await surveysOf(body.ticket_id)).toHaveLength(0);
  });

  it('refuses a body changed after signing', async () => {
    const body = solveBody();
    const res = await deliver(app(), { ...body, assignee_id: '666' }, { signed: body });
    expect(res.statusCode).toBe(401);
    expect(await surveysOf(body.ticket_id)).toHaveLength(0);
  });

  it('answers 400 naming the field for a signed but malformed body', async () => {
    const notJson = await deliver(app(), null, { raw: '{"type": "ticket_solved",' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: 'invalid_json' });

    const badId = await deliver(app(), solveBody({ ticket_id: 'twelve' }));
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toEqual({
      error: 'invalid_body',
      message: '"ticket_id" must be a positive whole number, got "twelve".',
    });

    const noTime = await deliver(app(), solveBody({ solved_at: '' }));
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json().message).toMatch(/^"solved_at" is missing/);
  });

  it.each([
    ['an agent requester', { requester_role: 'agent' }, {}, 'agent_requester'],
    ['an excluded tag', { tags: 'vip ces_skip' }, {}, 'excluded_tag'],
    ['an excluded group', {}, { excludedGroupIds: [12] }, 'excluded_group'],
    ['an excluded brand', {}, { excludedBrandIds: [1] }, 'excluded_brand'],
    ['an excluded channel', {}, { excludedChannels: ['email'] }, 'excluded_channel'],
    ['sampling', {}, { samplingRate: 0 }, 'sampled_out'],
  ])('records a skip for %s', async (_name, fields, rules, reason) => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      rules: { ...DEFAULT_SETTINGS.rules, ...rules },
    });
    const body = solveBody(fields);
    const res = await deliver(app(), body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'skipped', reason });
    const skips = await getDb().query('SELECT reason FROM skips WHERE ticket_id = $1', [
      Number(body.ticket_id),
    ]);
    expect(skips.rows).toEqual([{ reason }]);
    expect(await surveysOf(body.ticket_id)).toHaveLength(0);
  });

  it('records a throttle skip for a requester surveyed recently', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      rules: { ...DEFAULT_SETTINGS.rules, throttleDays: 30 },
    });
    const first = solveBody({ requester_id: '31337' });
    const second = solveBody({ requester_id: '31337' });
    expect((await deliver(app(), first)).statusCode).toBe(202);
    const res = await deliver(app(), second);
    expect(res.json()).toMatchObject({ outcome: 'skipped', reason: 'throttled' });
  });

  it('verifies with the secret setup stored for its webhook before the configured one', async () => {
    await getDb().query(`INSERT INTO zendesk_state (key, value) VALUES ('webhook', $1::jsonb)`, [
      JSON.stringify({ id: '01HZ', signingSecret: 'secret-from-setup-0123456789' }),
    ]);
    const body = solveBody();
    expect((await deliver(app(), body)).statusCode).toBe(401);
    expect(
      (await deliver(app(), body, { secret: 'secret-from-setup-0123456789' })).statusCode,
    ).toBe(202);
  });

  it('answers 503 while no signing secret is known at all', async () => {
    const bare = await buildApp({ config: { ...config, webhookSecret: null }, db: getDb() });
    try {
      const res = await deliver(bare, solveBody());
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: 'webhook_not_configured' });
    } finally {
      await bare.close();
    }
  });
});
