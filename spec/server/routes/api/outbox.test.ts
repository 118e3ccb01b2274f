import { enqueueJob, getJob } from '../../../../src/server/outbox/outbox-repository.js';
import { getSettings, saveSettings } from '../../../../src/server/settings/settings-repository.js';
import type { OutboxStatusResponse } from '../../../../src/shared/api-types.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { apiForSuite } from './api-harness.js';

describeEachDatabase('GET /api/v1/outbox and POST /api/v1/outbox/:id/retry', (getDb) => {
  const api = apiForSuite(getDb);
  beforeEach(async () => {
    await getDb().query('DELETE FROM outbox_jobs');
  });

  /** A write-back the worker gave up on, as it leaves one. */
  async function parkedJob(surveyId: number): Promise<number> {
    const id = await enqueueJob(getDb(), {
      kind: 'write_back_answer',
      dedupeKey: `writeback:${surveyId}`,
      payload: { surveyId },
    });
    await getDb().query(
      `UPDATE outbox_jobs SET status = 'failed', attempts = 8,
              last_error = 'Gave up after 8 attempts. Last error: Zendesk answered 503.'
        WHERE id = $1`,
      [id],
    );
    return id;
  }

  it('shows the Zendesk budget in force and how long the jobs due now take at it', async () => {
    for (let n = 1; n <= 30; n++) {
      await enqueueJob(getDb(), {
        kind: 'publish_survey_link',
        dedupeKey: `publish:${n}`,
        payload: { surveyId: n },
      });
    }
    // Not due yet: not part of the backlog.
    await enqueueJob(getDb(), {
      kind: 'write_back_answer',
      dedupeKey: 'writeback:99',
      payload: { surveyId: 99 },
      runAt: new Date(Date.now() + 3_600_000),
    });
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), { ...settings, zendeskRequestsPerMinute: 20 });
    try {
      const body = (await api().get('/api/v1/outbox')).json<OutboxStatusResponse>();
      // 30 publishes of 2 calls each at 20 a minute: 3 minutes.
      expect(body.budget).toEqual({
        requestsPerMinute: 20,
        usedLastMinute: expect.any(Number),
        usedThisMinute: expect.any(Number),
        backlogJobs: 30,
        backlogRequests: 60,
        drainSeconds: 180,
      });
    } finally {
      await saveSettings(getDb(), settings);
    }
    // Without a budget in settings, the service's default (ZENDESK_REQUESTS_PER_MINUTE) holds.
    const body = (await api().get('/api/v1/outbox')).json<OutboxStatusResponse>();
    expect(body.budget.requestsPerMinute).toBe(6000);
  });

  it('shows the failed jobs with their last error, and sends one round again on request', async () => {
    const failed = await parkedJob(41);
    await enqueueJob(getDb(), {
      kind: 'publish_survey_link',
      dedupeKey: 'publish:42',
      payload: { surveyId: 42 },
    });

    const status = await api().get('/api/v1/outbox');
    expect(status.statusCode).toBe(200);
    const body = status.json<OutboxStatusResponse>();
    expect(body.counts).toEqual({ queued: 1, running: 0, done: 0, failed: 1 });
    expect(body.failed).toEqual([
      {
        id: failed,
        kind: 'write_back_answer',
        surveyId: 41,
        attempts: 8,
        lastError: 'Gave up after 8 attempts. Last error: Zendesk answered 503.',
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);

    const retried = await api().call({ method: 'POST', url: `/api/v1/outbox/${failed}/retry` });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual({ jobId: failed });
    expect(await getJob(getDb(), failed)).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await api().get('/api/v1/outbox')).json<OutboxStatusResponse>()).toMatchObject({
      counts: { queued: 2, failed: 0 },
      failed: [],
    });
  });

  it('answers 404 for a job that is not failed, and 400 for an id that is no id', async () => {
    const queued = await enqueueJob(getDb(), {
      kind: 'publish_survey_link',
      dedupeKey: 'publish:43',
      payload: { surveyId: 43 },
    });
    for (const id of [queued, 999_999]) {
      const res = await api().call({ method: 'POST', url: `/api/v1/outbox/${id}/retry` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found' });
      expect(res.json().message).toContain('GET /api/v1/outbox');
    }
    expect(await getJob(getDb(), queued)).toMatchObject({ status: 'queued' });
    const bad = await api().call({ method: 'POST', url: '/api/v1/outbox/abc/retry' });
    expect(bad.statusCode).toBe(400);
  });
});
