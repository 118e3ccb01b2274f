import crypto from 'node:crypto';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import type { Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import { findSurveyRowByToken } from '../../../src/server/surveys/survey-repository.js';
import { openTestDatabaseBefore, testDrivers } from '../../support/databases.js';
import { insertSurvey } from '../../support/survey-fixtures.js';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** How a link token was made before migration 013: from CES_APP_SECRET and a per-survey salt. */
function derivedToken(appSecret: string, salt: string): string {
  const key = crypto.createHmac('sha256', appSecret).update('ces-survey-token').digest();
  return crypto.createHmac('sha256', key).update(salt).digest('base64url');
}

const OLD_SECRET = 'the-secret-before-013-0123456789';

/** Migration 013 on surveys made the old way: links out keep working with no key. */
describe.each(testDrivers())('migration 013: random survey link tokens [%s]', (driver) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabaseBefore(driver, 13);
  });
  afterAll(async () => {
    await db.close();
  });

  async function oldSurvey(
    ticketId: number,
    options: { status: 'pending' | 'sent' | 'superseded'; publishJob?: 'queued' | 'done' },
  ): Promise<{ id: number; token: string }> {
    const token = derivedToken(OLD_SECRET, crypto.randomBytes(16).toString('base64url'));
    const id = await insertSurvey(db, {
      ticketId,
      status: options.status,
      createdAt: new Date().toISOString(),
      publishedAt: options.status === 'sent' ? new Date().toISOString() : null,
      tokenHash: sha256(token),
    });
    if (options.publishJob) {
      await db.query(
        `INSERT INTO outbox_jobs (kind, dedupe_key, payload, status)
         VALUES ('publish_survey_link', $1, $2::jsonb, $3)`,
        [`publish:${id}`, JSON.stringify({ surveyId: id }), options.publishJob],
      );
    }
    return { id, token };
  }

  let publishedBefore = '';

  it('keeps published links, renews unpublished ones and drops the salt', async () => {
    const published = await oldSurvey(1, { status: 'sent', publishJob: 'done' });
    const waiting = await oldSurvey(2, { status: 'pending', publishJob: 'queued' });
    const waitingToo = await oldSurvey(3, { status: 'pending', publishJob: 'queued' });
    // Put on the ticket just before the service stopped, without being recorded as sent.
    const onTicket = await oldSurvey(4, { status: 'pending', publishJob: 'queued' });
    await db.query(
      `INSERT INTO zendesk_ticket_snapshots (ticket_id, ticket, seen_at) VALUES ($1, $2::jsonb, $3)`,
      [
        4,
        JSON.stringify({
          id: 4,
          tags: ['ces_survey_ready'],
          custom_fields: [
            { id: 90, value: null },
            { id: 91, value: `https://ces.example.com/s/${onTicket.token}` },
          ],
        }),
        '2026-11-20T10:00:03Z',
      ],
    );
    // Its ticket closed before it was published: it never will be.
    const unpublishable = await oldSurvey(5, { status: 'pending', publishJob: 'done' });
    const superseded = await oldSurvey(6, { status: 'superseded', publishJob: 'done' });

    await migrate(db);

    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM surveys ORDER BY id');
    expect(rows[0]).not.toHaveProperty('token_salt');
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const state = (id: number) => {
      const r = byId.get(id)!;
      return [r.status, r.published_at !== null, r.unpublished_token];
    };

    // Out in the world: found by its hash, as before, with no key.
    expect(state(published.id)).toEqual(['sent', true, null]);
    expect((await findSurveyRowByToken(db, published.token))?.id).toBe(published.id);
    expect(state(onTicket.id)).toEqual(['sent', true, null]);
    expect((await findSurveyRowByToken(db, onTicket.token))?.id).toBe(onTicket.id);
    expect(state(unpublishable.id)).toEqual(['pending', false, null]);
    expect(state(superseded.id)).toEqual(['superseded', false, null]);

    // Never seen by anyone: a fresh random token, the old one retired.
    const fresh = [waiting, waitingToo].map((s) => byId.get(s.id)!.unpublished_token as string);
    for (const [i, s] of [waiting, waitingToo].entries()) {
      expect(fresh[i]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(byId.get(s.id)!.token_hash).toBe(sha256(fresh[i]!));
      expect((await findSurveyRowByToken(db, fresh[i]!))?.id).toBe(s.id);
      expect(await findSurveyRowByToken(db, s.token)).toBeNull();
    }
    expect(fresh[0]).not.toBe(fresh[1]);
    // The tickets as the jobs last saw them held links in plain text: that cache is emptied.
    const snapshots = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM zendesk_ticket_snapshots',
    );
    expect(snapshots.rows[0]?.n).toBe(0);
    publishedBefore = published.token;
  });

  it('opens a link made before 013 on the survey page under a new CES_APP_SECRET', async () => {
    expect(publishedBefore).not.toBe('');
    const config = loadConfig({ NODE_ENV: 'test', CES_APP_SECRET: 'an-entirely-new-secret-42' });
    const app = await buildApp({ config, db });
    try {
      const page = await app.inject({ method: 'GET', url: `/s/${publishedBefore}?score=3` });
      expect(page.statusCode).toBe(200);
      const wrong = await app.inject({ method: 'GET', url: `/s/${'A'.repeat(43)}?score=3` });
      expect(wrong.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
