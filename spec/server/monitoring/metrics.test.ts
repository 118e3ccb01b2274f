import type { FastifyInstance } from 'fastify';
import { listenSandbox, type RunningSandbox } from '../../../src/sandbox/zendesk/listen.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig, type Config } from '../../../src/server/config.js';
import { enqueueJob } from '../../../src/server/outbox/outbox-repository.js';
import { createOutboxService } from '../../../src/server/outbox/outbox-service.js';
import { zendeskSignature } from '../../../src/server/security/webhook-signature.js';
import { saveFieldIds } from '../../../src/server/setup/zendesk-state.js';
import { findSurveyLink } from '../../../src/server/surveys/survey-repository.js';
import { createZendeskClient } from '../../../src/server/zendesk/index.js';
import { describeEachDatabase } from '../../support/databases.js';

const SECRET = 'metrics-test-webhook-secret-0123';
const TOKEN = 'metrics-scrape-token-0123456789abcdef';

const config: Config = loadConfig({
  NODE_ENV: 'test',
  ZENDESK_WEBHOOK_SECRET: SECRET,
  CES_METRICS_TOKEN: TOKEN,
});

/** The value of one series in Prometheus' text format; 0 when the series is not there yet. */
function seriesValue(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{\s]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const found = new Map<string, string>();
    for (const pair of (match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      found.set(pair[1]!, pair[2]!);
    }
    if (wanted.every(([k, v]) => found.get(k) === v) && found.size === wanted.length) {
      return Number(match[2]);
    }
  }
  return 0;
}

async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describeEachDatabase('GET /metrics', (getDb) => {
  let app: FastifyInstance;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    app = await buildApp({ config, db: getDb() });
    sandbox = await listenSandbox();
  });
  afterAll(async () => {
    await app.close();
    await sandbox.close();
  });

  it('refuses a scraper without the token, and everyone when no token is configured', async () => {
    const none = await app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json()).toEqual({
      error: 'unauthorized',
      message: 'Metrics need "Authorization: Bearer <CES_METRICS_TOKEN>".',
    });
    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('ces_');

    const off = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: getDb() });
    try {
      const res = await off.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/^Metrics are off: set CES_METRICS_TOKEN/);
    } finally {
      await off.close();
    }

    const ok = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('reflects a webhook, an answer, a parked job and a 429 from Zendesk', async () => {
    const before = await scrape(app);
    const worker = createOutboxService(config, getDb(), {
      zendesk: createZendeskClient({
        baseUrl: sandbox.url,
        auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
        // The 429 goes straight to the worker, which waits out Retry-After for the account.
        maxRetries: 0,
      }),
    });

    // A job that can never succeed is parked at its first run.
    await enqueueJob(getDb(), {
      kind: 'publish_survey_link',
      dedupeKey: 'metrics:broken',
      payload: { surveyId: 'not-a-number' },
    });
    expect(await worker.runOnce()).toBe(1);

    /** A signed solve webhook for a new sandbox ticket: a survey and its publish job. */
    const solve = async (requester: { name: string; email: string; role?: 'agent' }) => {
      const ticket = sandbox.store.tickets.create({
        requester_id: sandbox.store.users.create(requester).id,
        comment: { body: 'Hi' },
      }).ticket;
      const body = JSON.stringify({
        type: 'ticket_solved',
        ticket_id: String(ticket.id),
        requester_id: '456',
        requester_locale: 'en',
        assignee_id: '789',
        group_id: '',
        brand_id: '',
        channel: 'email',
        solved_at: new Date().toISOString(),
        satisfaction: '',
      });
      const timestamp = new Date().toISOString();
      const delivered = await app.inject({
        method: 'POST',
        url: '/webhooks/zendesk',
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-signature': zendeskSignature(SECRET, timestamp, body),
          'x-zendesk-webhook-signature-timestamp': timestamp,
        },
        payload: body,
      });
      expect(delivered.statusCode).toBe(202);
      return (delivered.json() as { surveyId: number }).surveyId;
    };
    await saveFieldIds(getDb(), { link: 11, score: 12, driver: 13, comment: 14 });

    // Zendesk says the requester is an agent: the survey made at intake is skipped on confirm.
    await solve({ name: 'Agent Smith', email: 'smith@example.com', role: 'agent' });
    expect(await worker.runOnce()).toBe(1);

    const surveyId = await solve({ name: 'Rita', email: 'rita@example.com' });

    // The customer answers on the survey page.
    const link = await findSurveyLink(getDb(), config, surveyId);
    const path = new URL(link!).pathname;
    const answered = await app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'step=score&score=6',
    });
    expect(answered.statusCode).toBe(303);

    // Publishing the link meets a 429.
    sandbox.faults.add({ kind: 'rate_limit', retryAfterSeconds: 30, times: 1 });
    expect(await worker.runOnce()).toBe(1);
    await worker.stop();

    const after = await scrape(app);
    const delta = (name: string, labels: Record<string, string>) =>
      seriesValue(after, name, labels) - seriesValue(before, name, labels);

    expect(delta('ces_webhook_deliveries_total', { outcome: 'created' })).toBe(2);
    expect(delta('ces_surveys_total', { origin: 'solve', outcome: 'created', reason: '' })).toBe(2);
    expect(
      delta('ces_surveys_total', {
        origin: 'solve',
        outcome: 'skipped_on_confirm',
        reason: 'agent_requester',
      }),
    ).toBe(1);
    expect(delta('ces_answers_total', { change: 'new' })).toBe(1);
    expect(delta('ces_outbox_job_attempts_total', { kind: 'publish_survey_link' })).toBe(3);
    expect(
      delta('ces_outbox_job_failures_total', { kind: 'publish_survey_link', outcome: 'parked' }),
    ).toBe(1);
    expect(
      delta('ces_outbox_job_failures_total', {
        kind: 'publish_survey_link',
        outcome: 'rate_limited',
      }),
    ).toBe(1);
    expect(delta('ces_zendesk_requests_total', { method: 'GET', status: '429' })).toBe(1);
    expect(delta('ces_zendesk_requests_total', { method: 'GET', status: '200' })).toBeGreaterThan(
      0,
    );

    // Read from the database at scrape time: the parked job, and the two waiting ones.
    expect(
      seriesValue(after, 'ces_outbox_jobs', { kind: 'publish_survey_link', state: 'failed' }),
    ).toBe(1);
    expect(
      seriesValue(after, 'ces_outbox_jobs', { kind: 'publish_survey_link', state: 'queued' }),
    ).toBe(1);
    expect(
      seriesValue(after, 'ces_outbox_jobs', { kind: 'write_back_answer', state: 'queued' }),
    ).toBe(1);
    expect(
      seriesValue(after, 'ces_outbox_oldest_job_age_seconds', {
        kind: 'publish_survey_link',
        state: 'failed',
      }),
    ).toBeGreaterThanOrEqual(0);
    expect(after).toMatch(/^ces_outbox_overdue_seconds\{kind="publish_survey_link"\} /m);

    // Latency by route pattern: the survey's token never becomes a label.
    expect(
      delta('ces_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/webhooks/zendesk',
        status: '202',
      }),
    ).toBe(2);
    expect(
      delta('ces_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/s/:token',
        status: '303',
      }),
    ).toBe(1);
    expect(after).not.toContain(path.split('/s/')[1]!);
  });
});
