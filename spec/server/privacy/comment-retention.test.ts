/**
 * The comment retention period: a sweep in the outbox erases comments last written more than N
 * days ago (a fake clock here), keeps scores, reasons and every rollup, audits what it erased and
 * schedules itself again; the schedule lives in the database, so a restarted worker carries on.
 */
import { loadConfig } from '../../../src/server/config.js';
import {
  COMMENT_SWEEP_INTERVAL_MS,
  ERASE_OLD_COMMENTS_KEY,
  eraseOldCommentsJob,
  scheduleCommentSweep,
} from '../../../src/server/outbox/jobs/erase-old-comments.js';
import { createOutboxService } from '../../../src/server/outbox/outbox-service.js';
import type { ClaimedJob } from '../../../src/server/outbox/outbox-repository.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { listAudit } from '../../../src/server/access/access-repository.js';
import type { ZendeskClient } from '../../../src/server/zendesk/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';
import { waitFor } from '../../support/outbox.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';
import { openApi } from '../routes/api/api-harness.js';
import { rollupRows } from './report-snapshot.js';

const DAY = 86_400_000;
const config = loadConfig({ NODE_ENV: 'test' });
/** The sweep never calls Zendesk: any call is a defect. */
const noZendesk = new Proxy({} as ZendeskClient, {
  get: () => () => Promise.reject(new Error('the comment sweep must not call Zendesk')),
});
const deps = (db: Parameters<typeof eraseOldCommentsJob>[0]['db']) => ({
  db,
  config,
  zendesk: noZendesk,
  catalogs: {},
});
const CLAIM = {} as ClaimedJob;

describeEachDatabase('comment retention', (getDb) => {
  const NOW = new Date('2027-03-01T12:00:00Z');
  const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

  beforeEach(async () => {
    const db = getDb();
    await clearSurveys(db);
    await db.query('DELETE FROM outbox_jobs');
    await saveSettings(db, DEFAULT_SETTINGS);
    // Comments written 10, 29, 31 and 90 days before "now"; one answer without a comment.
    for (const [days, comment] of [
      [10, 'ten'],
      [29, 'twenty-nine'],
      [31, 'thirty-one'],
      [90, 'ninety'],
      [95, null],
    ] as const) {
      await insertSurvey(db, {
        createdAt: ago(days + 1),
        answer: {
          score: 2,
          driver: 'transferred',
          comment,
          answeredAt: ago(days + 1),
          updatedAt: ago(days),
        },
      });
    }
  });

  const comments = async () =>
    (
      await getDb().query<{
        comment: string | null;
        erased: boolean;
        score: number;
        driver: string;
      }>(
        `SELECT comment, comment_erased_at IS NOT NULL AS erased, score, driver
           FROM answers ORDER BY survey_id`,
      )
    ).rows;
  const queuedSweep = async () =>
    (
      await getDb().query<{ run_at: Date }>(
        `SELECT run_at FROM outbox_jobs WHERE dedupe_key = $1 AND status = 'queued'`,
        [ERASE_OLD_COMMENTS_KEY],
      )
    ).rows;

  it('is off by default: the sweep erases nothing and comes back in an hour', async () => {
    expect((await getSettings(getDb())).commentRetentionDays).toBeNull();
    await eraseOldCommentsJob(deps(getDb()), { now: () => NOW })({}, CLAIM);
    expect((await comments()).map((c) => c.comment)).toEqual([
      'ten',
      'twenty-nine',
      'thirty-one',
      'ninety',
      null,
    ]);
    const next = await queuedSweep();
    expect(next.map((j) => new Date(j.run_at).getTime())).toEqual([
      NOW.getTime() + COMMENT_SWEEP_INTERVAL_MS,
    ]);
  });

  it('erases only comments older than N days, keeps scores, reasons and every figure, and audits', async () => {
    const db = getDb();
    await saveSettings(db, { ...DEFAULT_SETTINGS, commentRetentionDays: 30 });
    // The service's cached tickets carry the comment in a field (the write-back put it there).
    await db.query(
      `INSERT INTO zendesk_ticket_snapshots (ticket_id, ticket)
       SELECT s.ticket_id, jsonb_build_object('id', s.ticket_id, 'custom_fields',
                jsonb_build_array(jsonb_build_object('id', 1, 'value', a.comment)))
         FROM surveys s JOIN answers a ON a.survey_id = s.id`,
    );
    const cached = async () =>
      (
        await db.query<{ comment: string | null }>(
          `SELECT ticket->'custom_fields'->0->>'value' AS comment
             FROM zendesk_ticket_snapshots ORDER BY ticket_id`,
        )
      ).rows.map((r) => r.comment);
    const before = await rollupRows(db);
    await eraseOldCommentsJob(deps(db), { now: () => NOW })({}, CLAIM);
    // The erased comments' tickets are no longer cached; the others are.
    expect((await cached()).sort()).toEqual(['ten', 'twenty-nine', null].sort());
    expect(await comments()).toEqual([
      { comment: 'ten', erased: false, score: 2, driver: 'transferred' },
      { comment: 'twenty-nine', erased: false, score: 2, driver: 'transferred' },
      { comment: null, erased: true, score: 2, driver: 'transferred' },
      { comment: null, erased: true, score: 2, driver: 'transferred' },
      { comment: null, erased: false, score: 2, driver: 'transferred' },
    ]);
    expect(await rollupRows(db)).toEqual(before);
    const audit = await listAudit(db, { limit: 5 });
    expect(audit.items[0]).toMatchObject({
      action: 'privacy.comment_retention',
      user: { id: 0, name: 'CES service' },
      changes: [
        { path: 'retentionDays', to: 30 },
        { path: 'commentsErased', to: 2 },
      ],
    });
    // Two days later "twenty-nine" is past 30 days too; "ten" (12 days) stays.
    await eraseOldCommentsJob(deps(db), { now: () => new Date(NOW.getTime() + 2 * DAY) })(
      {},
      CLAIM,
    );
    expect((await comments()).map((c) => c.comment)).toEqual(['ten', null, null, null, null]);
  });

  it('runs in the outbox: scheduled at start, picked up again by a restarted worker', async () => {
    const db = getDb();
    // Real time now: comments 31 and 90 days before today.
    await db.query(
      `UPDATE answers SET updated_at = updated_at + ($1::bigint * interval '1 millisecond')`,
      [Date.now() - NOW.getTime()],
    );
    await saveSettings(db, { ...DEFAULT_SETTINGS, commentRetentionDays: 30 });
    await scheduleCommentSweep(db);
    await scheduleCommentSweep(db); // a second start adds no second sweep
    expect(await queuedSweep()).toHaveLength(1);
    const first = createOutboxService(config, db, { zendesk: noZendesk, pollIntervalMs: 20 });
    first.start();
    try {
      await waitFor('the sweep to erase', async () =>
        (await comments()).filter((c) => c.erased).length === 2 ? true : null,
      );
    } finally {
      await first.stop();
    }
    // The worker stopped (a restart); the next sweep waits in the database, an hour out.
    const [next] = await queuedSweep();
    expect(new Date(next!.run_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // An hour passes; a comment ages past the period meanwhile.
    await db.query(
      `UPDATE answers SET updated_at = now() - interval '40 days' WHERE comment = 'twenty-nine'`,
    );
    await db.query(
      `UPDATE outbox_jobs SET run_at = now() WHERE dedupe_key = $1 AND status = 'queued'`,
      [ERASE_OLD_COMMENTS_KEY],
    );
    const second = createOutboxService(config, db, { zendesk: noZendesk, pollIntervalMs: 20 });
    second.start();
    try {
      await waitFor('the restarted worker to sweep', async () =>
        (await comments()).filter((c) => c.erased).length === 3 ? true : null,
      );
    } finally {
      await second.stop();
    }
    expect((await comments()).map((c) => c.comment)).toEqual(['ten', null, null, null, null]);
  });

  it('starts a sweep at once when an admin sets a period, and validates it', async () => {
    const api = await openApi(getDb(), { ZENDESK_API_URL: 'http://127.0.0.1:9' });
    try {
      const bad = await api.call({
        method: 'PUT',
        url: '/api/v1/settings',
        payload: { commentRetentionDays: 0 },
      });
      expect(bad.statusCode).toBe(422);
      expect(await queuedSweep()).toEqual([]);
      const res = await api.call({
        method: 'PUT',
        url: '/api/v1/settings',
        payload: { commentRetentionDays: 30 },
      });
      expect(res.statusCode).toBe(200);
      const [sweep] = await queuedSweep();
      expect(new Date(sweep!.run_at).getTime()).toBeLessThanOrEqual(Date.now());
      const audit = await listAudit(getDb(), { limit: 1 });
      expect(audit.items[0]?.changes).toContainEqual({
        path: 'commentRetentionDays',
        from: null,
        to: 30,
      });
    } finally {
      await api.close();
    }
  });
});
