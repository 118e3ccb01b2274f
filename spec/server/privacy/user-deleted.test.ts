/**
 * Zendesk deletes a user → the user-deleted event reaches the service through the webhook setup
 * created → that requester's answers lose everything personal, and the team report does not move.
 */
import type { Database } from '../../../src/server/db/database.js';
import { rollupRows, withoutComments } from './report-snapshot.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import type { ReportAnswersResponse } from '../../../src/shared/api-types.js';
import type { AuditResponse } from '../../../src/shared/access.js';
import { appSessionHeaders } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { TEST_USERS } from '../../support/roles.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';
import { LoopWorld } from '../loop/loop-world.js';
import { waitFor } from '../loop/sandbox-harness.js';

/** A few weeks of answers by two requesters across two agents, groups, brands and channels. */
async function insertAnswers(db: Database, requesterId: number, otherId: number) {
  const day = (d: number) => `2026-11-${String(2 + d).padStart(2, '0')}T10:00:00Z`;
  for (let i = 0; i < 12; i++) {
    const mine = i % 3 !== 0;
    await insertSurvey(db, {
      requesterId: mine ? requesterId : otherId,
      requesterLocale: 'nl',
      assigneeId: 1 + (i % 2),
      groupId: 10 + (i % 2) * 10,
      brandId: 1 + (i % 2),
      channel: i % 4 === 0 ? 'web' : 'email',
      satisfaction: i % 5 === 0 ? 'bad' : 'good',
      createdAt: day(i),
      answer: {
        score: 1 + (i % 7),
        driver: i % 7 < 3 ? 'took_too_long' : null,
        comment: `comment ${i} by ${mine ? 'Klaas' : 'Other'}`,
        locale: 'nl',
      },
    });
  }
  // One sent and never answered, one not yet published: they count as sent / not at all.
  await insertSurvey(db, { requesterId, createdAt: day(3) });
  await insertSurvey(db, { requesterId, createdAt: day(4), publishedAt: null });
}

describeEachDatabase('Zendesk deletes a user', (getDb) => {
  let world: LoopWorld;
  const OTHER = 777_001;
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
  });
  afterAll(async () => {
    await world.close();
  });

  const api = async (url: string) =>
    world.app!.inject({
      url,
      headers: await appSessionHeaders(world.app!, { zendeskUserId: TEST_USERS.admin.userId }),
    });
  const PERIOD = 'from=2026-11-01&to=2026-11-20';

  it("erases the requester's personal data and leaves every report figure as it was", async () => {
    const db = getDb();
    await clearSurveys(db);
    await insertAnswers(db, world.requesterId, OTHER);
    const rollupsBefore = await rollupRows(db);
    const reportBefore = (await api(`/api/v1/report?${PERIOD}`)).json();
    const groupBefore = (await api(`/api/v1/report?${PERIOD}&groupId=10`)).json();
    const answersBefore = (
      await api(`/api/v1/report/answers?${PERIOD}&limit=20`)
    ).json<ReportAnswersResponse>();
    expect(answersBefore).toMatchObject({ nextCursor: null });
    expect(answersBefore.items.length).toBe(12);
    const history = (await api(`/api/v1/requesters/${world.requesterId}`)).json<{
      items: unknown[];
    }>();
    expect(history.items.length).toBe(5);

    // An admin deletes the user in Zendesk (the sandbox over its REST API).
    const auth = Buffer.from(`${SANDBOX_ADMIN_EMAIL}/token:${SANDBOX_API_TOKEN}`).toString(
      'base64',
    );
    const deleted = await fetch(`${world.zd.url}/api/v2/users/${world.requesterId}`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${auth}` },
    });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { user: { active: boolean } }).user.active).toBe(false);

    // Zendesk's event arrives signed at the webhook setup created, and the service erases.
    await waitFor('the requester erased', async () => {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM surveys WHERE requester_id = $1',
        [world.requesterId],
      );
      return rows[0]!.n === 0;
    });
    const delivery = world.zd.sandbox.store.deliveries
      .list()
      .find((d) => d.event_type === 'zen:event-type:user.deleted');
    await waitFor('the delivery acknowledged', () => delivery?.status === 'delivered');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([200]);

    // Nothing personal is left on the erased surveys and answers.
    const { rows: erased } = await db.query<Record<string, unknown>>(
      `SELECT s.requester_locale, s.unpublished_token, s.token_hash, s.erased_at, s.status,
              a.comment, a.locale, a.comment_erased_at, a.score
         FROM surveys s LEFT JOIN answers a ON a.survey_id = s.id
        WHERE s.erased_at IS NOT NULL ORDER BY s.id`,
    );
    expect(erased).toHaveLength(10);
    for (const row of erased) {
      expect(row).toMatchObject({ requester_locale: null, unpublished_token: null });
      expect(String(row.token_hash)).toMatch(/^erased:\d+$/);
      if (row.score !== null) {
        expect(row).toMatchObject({ comment: null, locale: null });
        expect(row.comment_erased_at).not.toBeNull();
      }
    }
    // The unpublished one is never sent now; the sent one keeps counting as sent.
    expect(erased.map((r) => r.status)).toEqual([
      ...Array(8).fill('answered'),
      'sent',
      'superseded',
    ]);
    // The other requester keeps everything.
    const { rows: kept } = await db.query<{ comment: string }>(
      `SELECT a.comment FROM answers a JOIN surveys s ON s.id = a.survey_id
        WHERE s.requester_id = $1 ORDER BY s.id`,
      [OTHER],
    );
    expect(kept.map((r) => r.comment)).toEqual([
      'comment 0 by Other',
      'comment 3 by Other',
      'comment 6 by Other',
      'comment 9 by Other',
    ]);

    // Figures: identical, down to every rollup row.
    expect(await rollupRows(db)).toEqual(rollupsBefore);
    // Every figure the same; the comments shown beside difficult answers are the only change.
    const reportAfter = (await api(`/api/v1/report?${PERIOD}`)).json();
    expect(withoutComments(reportAfter)).toEqual(withoutComments(reportBefore));
    expect(JSON.stringify(reportBefore)).toContain('by Klaas');
    expect(JSON.stringify(reportAfter)).not.toContain('by Klaas');
    const groupAfter = (await api(`/api/v1/report?${PERIOD}&groupId=10`)).json();
    expect(withoutComments(groupAfter)).toEqual(withoutComments(groupBefore));
    // The answers behind them: the same answers, only the erased comments gone.
    const answersAfter = (
      await api(`/api/v1/report/answers?${PERIOD}&limit=20`)
    ).json<ReportAnswersResponse>();
    expect(answersAfter.items.map((i) => ({ ...i, comment: null }))).toEqual(
      answersBefore.items.map((i) => ({ ...i, comment: null })),
    );
    expect(answersAfter.items.filter((i) => i.comment !== null)).toHaveLength(4);
    // The requester has no history any more.
    expect(
      (await api(`/api/v1/requesters/${world.requesterId}`)).json<{ items: unknown[] }>().items,
    ).toEqual([]);

    // Audited: who (Zendesk), which requester, how much; never a comment.
    const audit = (await api('/api/v1/audit')).json<AuditResponse>();
    const entry = audit.items.find((e) => e.action === 'privacy.zendesk_user_deleted');
    expect(entry?.user).toEqual({ id: 0, name: 'Zendesk (user deleted)' });
    expect(entry?.changes).toEqual(
      expect.arrayContaining([
        { path: 'requesterId', to: world.requesterId },
        { path: 'surveysErased', to: 10 },
        { path: 'answersErased', to: 8 },
        { path: 'commentsErased', to: 8 },
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain('Klaas');
  });
});
