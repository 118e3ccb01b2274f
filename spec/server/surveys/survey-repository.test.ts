import crypto from 'node:crypto';
import { loadConfig } from '../../../src/server/config.js';
import { intakeSolve, type SolveEvent } from '../../../src/server/surveys/intake.js';
import {
  findLatestSkipForTicket,
  findLatestSurveyForTicket,
  findSurveyById,
  findSurveyLink,
  findSurveyRowByToken,
  InvalidCursorError,
  listRequesterAnswers,
} from '../../../src/server/surveys/survey-repository.js';
import type { Database } from '../../../src/server/db/database.js';
import { describeEachDatabase } from '../../support/databases.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.com' });
let nextTicket = 5000;

function solve(overrides: Partial<SolveEvent> = {}): SolveEvent {
  return {
    ticketId: nextTicket++,
    requesterId: 42,
    requesterLocale: 'de',
    requesterRole: null,
    assigneeId: 7,
    groupId: 3,
    brandId: 2,
    channel: 'web',
    solvedAt: new Date('2026-11-20T08:00:00Z'),
    satisfaction: null,
    tags: null,
    ...overrides,
  };
}

async function create(db: Database, event: SolveEvent, now?: Date): Promise<number> {
  const r = await intakeSolve(db, event, { origin: 'solve', now });
  if (r.outcome !== 'created') throw new Error(`expected a survey, got ${r.outcome}`);
  return r.surveyId;
}

async function answer(db: Database, surveyId: number, score: number, version = 1) {
  // A version past 1 here stands for a changed score (score_changed_at set at the last change).
  await db.query(
    `INSERT INTO answers (survey_id, score, scale_id, driver, comment, locale, answered_at, updated_at, version, score_changed_at)
     VALUES ($1, $2, 'ces2_7', 'transferred', 'Twice <b>transferred</b>', 'de',
             '2026-11-21T09:00:00Z', '2026-11-21T09:05:00Z', $3,
             CASE WHEN $3::int > 1 THEN '2026-11-21T09:05:00Z'::timestamptz END)`,
    [surveyId, score, version],
  );
  await db.query(`UPDATE surveys SET status = 'answered' WHERE id = $1`, [surveyId]);
}

describeEachDatabase('survey repository', (getDb) => {
  it('returns the ticket’s latest survey with its answer as the API shows it', async () => {
    const db = getDb();
    const event = solve();
    await create(db, event, new Date('2026-11-20T08:00:01Z'));
    const id = await create(
      db,
      { ...event, solvedAt: new Date('2026-11-20T09:00:00Z') },
      new Date('2026-11-20T09:00:01Z'),
    );
    await answer(db, id, 2, 3);
    const view = await findLatestSurveyForTicket(db, event.ticketId);
    expect(view).toEqual({
      id,
      ticketId: event.ticketId,
      origin: 'solve',
      status: 'answered',
      scaleId: 'ces2_7',
      requesterId: 42,
      requesterLocale: 'de',
      assigneeId: 7,
      groupId: 3,
      brandId: 2,
      channel: 'web',
      satisfaction: null,
      createdAt: '2026-11-20T09:00:01.000Z',
      publishedAt: null,
      closesAt: '2026-11-27T09:00:01.000Z',
      writeback: { status: 'none', at: null },
      answer: {
        score: 2,
        scaleId: 'ces2_7',
        band: 'difficult',
        driver: 'transferred',
        comment: 'Twice <b>transferred</b>',
        locale: 'de',
        answeredAt: '2026-11-21T09:00:00.000Z',
        updatedAt: '2026-11-21T09:05:00.000Z',
        edited: true,
      },
    });
    expect(await findSurveyById(db, id)).toEqual(view);
    expect(JSON.stringify(view)).not.toMatch(/salt|token/i);
  });

  it('returns null for tickets and surveys it does not know', async () => {
    const db = getDb();
    expect(await findLatestSurveyForTicket(db, 999_999)).toBeNull();
    expect(await findLatestSkipForTicket(db, 999_999)).toBeNull();
    expect(await findSurveyById(db, 999_999)).toBeNull();
    expect(await findSurveyLink(db, config, 999_999)).toBeNull();
  });

  it('returns the ticket’s latest skip', async () => {
    const db = getDb();
    const event = solve({ assigneeId: null });
    // A manual send's event comes from Zendesk's API: a missing assignee is known to be missing.
    await intakeSolve(db, event, { origin: 'manual' });
    expect(await findLatestSkipForTicket(db, event.ticketId)).toEqual({
      ticketId: event.ticketId,
      reason: 'no_assignee',
      detail: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('finds a survey by its link and by nothing else', async () => {
    const db = getDb();
    const id = await create(db, solve());
    const link = await findSurveyLink(db, config, id);
    expect(link).toMatch(/^https:\/\/ces\.example\.com\/s\/[A-Za-z0-9_-]{43}$/);
    const token = link!.split('/s/')[1]!;
    expect((await findSurveyRowByToken(db, token))?.id).toBe(id);
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(await findSurveyRowByToken(db, tampered)).toBeNull();
    expect(await findSurveyRowByToken(db, 'short')).toBeNull();
    // Only the hash of the token is looked up; the hash itself opens nothing.
    const { rows } = await db.query<{ token_hash: string }>(
      'SELECT token_hash FROM surveys WHERE id = $1',
      [id],
    );
    expect(rows[0]!.token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(await findSurveyRowByToken(db, rows[0]!.token_hash)).toBeNull();
  });

  it('gives each survey its own random token', async () => {
    const db = getDb();
    const ids = [await create(db, solve()), await create(db, solve())];
    const links = await Promise.all(ids.map((id) => findSurveyLink(db, config, id)));
    expect(new Set(links).size).toBe(2);
  });

  it('pages through a requester’s answers, newest first', async () => {
    const db = getDb();
    const requesterId = 4242;
    const ids: number[] = [];
    for (let day = 1; day <= 5; day++) {
      const at = new Date(`2026-10-0${day}T12:00:00Z`);
      const id = await create(db, solve({ requesterId, solvedAt: at }), at);
      ids.push(id);
      if (day !== 3) await answer(db, id, day + 2);
    }
    await create(db, solve({ requesterId: 4343 }));

    const first = await listRequesterAnswers(db, requesterId, { limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([ids[4], ids[3]]);
    expect(first.items[0]).toMatchObject({ scaleId: 'ces2_7', answer: { score: 7, band: 'easy' } });
    expect(first.nextCursor).not.toBeNull();
    const second = await listRequesterAnswers(db, requesterId, {
      limit: 2,
      before: first.nextCursor!,
    });
    expect(second.items.map((i) => i.id)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeNull();
    await expect(
      listRequesterAnswers(db, requesterId, { limit: 2, before: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
