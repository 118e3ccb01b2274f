import crypto from 'node:crypto';
import type { Database } from '../../../src/server/db/database.js';
import { saveAnswer } from '../../../src/server/surveys/answer-repository.js';
import { intakeSolve, type SolveEvent } from '../../../src/server/surveys/intake.js';
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';
import { SOLVE_EVENT } from '../../support/solve-events.js';

let nextTicket = 1000;

function solve(overrides: Partial<SolveEvent> = {}): SolveEvent {
  const ticketId = nextTicket++;
  return {
    ...SOLVE_EVENT,
    ticketId,
    requesterId: 50_000 + ticketId,
    requesterRole: 'end-user',
    tags: ['vip'],
    ...overrides,
  };
}

async function withRules(
  db: Parameters<typeof saveSettings>[0],
  rules: Partial<Settings['rules']>,
) {
  await saveSettings(db, { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, ...rules } });
}

/** The ticket's surveys, oldest first: status, credit, and whether a newer one closed the link. */
async function surveysOf(db: Database, ticketId: number) {
  const { rows } = await db.query<{
    id: number;
    status: string;
    assignee_id: number;
    closed: boolean;
  }>(
    `SELECT id, status, assignee_id, superseded_at IS NOT NULL AS closed
       FROM surveys WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return rows.map((r) => ({ ...r, assignee_id: Number(r.assignee_id) }));
}

describeEachDatabase('intakeSolve', (getDb) => {
  beforeEach(async () => {
    await saveSettings(getDb(), DEFAULT_SETTINGS);
  });

  it('creates a survey with its publish job, credit snapshot, scale and closing time', async () => {
    const db = getDb();
    await saveSettings(db, { ...DEFAULT_SETTINGS, scaleId: 'ces1_5', answerWindowDays: 3 });
    const now = new Date('2026-11-23T10:00:05.000Z');
    const event = solve();
    const result = await intakeSolve(db, event, { origin: 'solve', now });
    if (result.outcome !== 'created') throw new Error(`expected created, got ${result.outcome}`);

    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT * FROM surveys WHERE id = $1',
      [result.surveyId],
    );
    const row = rows[0]!;
    expect(row).toMatchObject({
      ticket_id: event.ticketId,
      solve_key: `${event.ticketId}:2026-11-23T10:00:00.000Z`,
      origin: 'solve',
      requester_id: event.requesterId,
      requester_locale: 'nl',
      assignee_id: 789,
      group_id: 12,
      brand_id: 1,
      channel: 'email',
      satisfaction: 'good',
      scale_id: 'ces1_5',
      status: 'pending',
    });
    expect(new Date(row.closes_at as string).toISOString()).toBe('2026-11-26T10:00:05.000Z');
    // A random token (256 bits, URL-safe), held in plain text only until its publish job runs;
    // the hash is what opens the link, and no key rebuilds the token.
    const token = row.unpublished_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(row.token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(row).not.toHaveProperty('token_salt');

    const jobs = await db.query<{ kind: string; payload: unknown; status: string }>(
      'SELECT kind, payload, status FROM outbox_jobs WHERE dedupe_key = $1',
      [`publish:${result.surveyId}`],
    );
    expect(jobs.rows).toEqual([
      { kind: 'publish_survey_link', payload: { surveyId: result.surveyId }, status: 'queued' },
    ]);
  });

  it('makes one survey from a solve delivered twice, even at the same moment', async () => {
    const db = getDb();
    const event = solve();
    const first = await intakeSolve(db, event, { origin: 'solve' });
    const again = await intakeSolve(db, { ...event }, { origin: 'solve' });
    expect(first.outcome).toBe('created');
    expect(again).toEqual({
      outcome: 'duplicate',
      surveyId: first.outcome === 'created' ? first.surveyId : -1,
    });

    const racing = solve();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => intakeSolve(db, racing, { origin: 'solve' })),
    );
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(4);
    const count = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM surveys WHERE ticket_id = $1',
      [racing.ticketId],
    );
    expect(count.rows[0]!.n).toBe(1);
  });

  it('makes a new survey when the ticket is solved again later, superseding the unanswered one', async () => {
    const db = getDb();
    await withRules(db, { throttleDays: 30 });
    const event = solve();
    const first = await intakeSolve(db, event, { origin: 'solve' });
    const later = await intakeSolve(
      db,
      // Reassigned before the second solve: the new survey credits whoever solved it this time.
      { ...event, assigneeId: 790, solvedAt: new Date('2026-11-25T09:00:00Z') },
      { origin: 'solve' },
    );
    if (first.outcome !== 'created' || later.outcome !== 'created') {
      throw new Error(`expected two surveys, got ${first.outcome} and ${later.outcome}`);
    }
    expect(await surveysOf(db, event.ticketId)).toEqual([
      { id: first.surveyId, status: 'superseded', assignee_id: 789, closed: true },
      { id: later.surveyId, status: 'pending', assignee_id: 790, closed: false },
    ]);
  });

  it('skips a solve while a survey sent by hand is open: one email, one live link', async () => {
    const db = getDb();
    const event = solve();
    const t0 = new Date('2026-11-23T09:00:00Z');
    const manual = await intakeSolve(
      db,
      { ...event, solvedAt: null },
      { origin: 'manual', now: t0 },
    );
    if (manual.outcome !== 'created') throw new Error('manual send failed');
    const solved = await intakeSolve(db, event, {
      origin: 'solve',
      now: new Date('2026-11-23T10:00:01Z'),
    });
    expect(solved).toEqual({ outcome: 'skipped', reason: 'survey_open', detail: null });
    expect(await surveysOf(db, event.ticketId)).toEqual([
      { id: manual.surveyId, status: 'pending', assignee_id: 789, closed: false },
    ]);
    // Once that survey's window has passed, a new solve gets its own survey.
    const afterWindow = await intakeSolve(
      db,
      { ...event, solvedAt: new Date('2026-12-20T10:00:00Z') },
      { origin: 'solve', now: new Date('2026-12-20T10:00:01Z') },
    );
    expect(afterWindow.outcome).toBe('created');
  });

  it('skips a ticket solved again after an answer, unless the settings say always', async () => {
    const db = getDb();
    const event = solve();
    const first = await intakeSolve(db, event, { origin: 'solve' });
    if (first.outcome !== 'created') throw new Error('first solve failed');
    await saveAnswer(db, first.surveyId, { score: 6, locale: 'nl' }, { quietPeriodSeconds: 0 });

    const again = { ...event, solvedAt: new Date('2026-11-24T10:00:00Z') };
    expect(await intakeSolve(db, again, { origin: 'solve' })).toEqual({
      outcome: 'skipped',
      reason: 'already_answered',
      detail: null,
    });

    await withRules(db, { resurveyAnswered: 'always' });
    const third = await intakeSolve(
      db,
      { ...event, solvedAt: new Date('2026-11-25T10:00:00Z') },
      { origin: 'solve' },
    );
    if (third.outcome !== 'created') throw new Error(`expected a survey, got ${third.outcome}`);
    // The answered survey keeps its answer and status, but its link takes no more answers.
    expect(await surveysOf(db, event.ticketId)).toEqual([
      { id: first.surveyId, status: 'answered', assignee_id: 789, closed: true },
      { id: third.surveyId, status: 'pending', assignee_id: 789, closed: false },
    ]);
    expect(
      await saveAnswer(db, first.surveyId, { score: 1, locale: 'nl' }, { quietPeriodSeconds: 0 }),
    ).toEqual({ outcome: 'closed', reason: 'superseded' });

    // The new survey's first answer replaces the old one.
    await saveAnswer(db, third.surveyId, { score: 3, locale: 'nl' }, { quietPeriodSeconds: 0 });
    expect((await surveysOf(db, event.ticketId)).map((r) => r.status)).toEqual([
      'replaced',
      'answered',
    ]);
  });

  it('lets a resend on an answered ticket through the throttle and the resurvey setting', async () => {
    const db = getDb();
    await withRules(db, { throttleDays: 30 });
    const event = solve();
    const first = await intakeSolve(db, event, { origin: 'solve' });
    if (first.outcome !== 'created') throw new Error('first solve failed');
    await saveAnswer(db, first.surveyId, { score: 2, locale: 'nl' }, { quietPeriodSeconds: 0 });
    const resend = await intakeSolve(db, { ...event, solvedAt: null }, { origin: 'manual' });
    expect(resend.outcome).toBe('created');
  });

  const ruleCases: Array<{
    name: string;
    rules: Partial<Settings['rules']>;
    event: Partial<SolveEvent>;
    reason: string;
    detail: string | null;
  }> = [
    {
      name: 'agent requester',
      rules: {},
      event: { requesterRole: 'agent' },
      reason: 'agent_requester',
      detail: 'agent',
    },
    {
      name: 'admin requester',
      rules: {},
      event: { requesterRole: 'admin' },
      reason: 'agent_requester',
      detail: 'admin',
    },
    {
      name: 'excluded group',
      rules: { excludedGroupIds: [5, 12] },
      event: {},
      reason: 'excluded_group',
      detail: '12',
    },
    {
      name: 'excluded brand',
      rules: { excludedBrandIds: [1] },
      event: {},
      reason: 'excluded_brand',
      detail: '1',
    },
    {
      name: 'excluded channel',
      rules: { excludedChannels: ['Email'] },
      event: {},
      reason: 'excluded_channel',
      detail: 'email',
    },
    {
      name: 'excluded tag',
      rules: { excludedTags: ['ces_skip', 'VIP'] },
      event: {},
      reason: 'excluded_tag',
      detail: 'vip',
    },
    {
      name: 'sampled out',
      rules: { samplingRate: 0.25 },
      event: {},
      reason: 'sampled_out',
      detail: 'sampling rate 0.25',
    },
  ];

  it.each(ruleCases)('records a skip for: $name', async ({ rules, event, reason, detail }) => {
    const db = getDb();
    await withRules(db, rules);
    const e = solve(event);
    const result = await intakeSolve(db, e, { origin: 'solve', random: () => 0.5 });
    expect(result).toEqual({ outcome: 'skipped', reason, detail });
    const { rows } = await db.query(
      'SELECT ticket_id, reason, detail FROM skips WHERE ticket_id = $1',
      [e.ticketId],
    );
    expect(rows).toEqual([{ ticket_id: e.ticketId, reason, detail }]);
    const surveys = await db.query('SELECT 1 FROM surveys WHERE ticket_id = $1', [e.ticketId]);
    expect(surveys.rows).toHaveLength(0);
    // The same skipped solve delivered again is recognised, not recorded twice.
    expect(await intakeSolve(db, e, { origin: 'solve', random: () => 0.5 })).toEqual({
      outcome: 'duplicate',
      surveyId: null,
    });
  });

  it('lets rules be switched off and cannot apply rules to data that was not sent', async () => {
    const db = getDb();
    await withRules(db, { skipWithoutAssignee: false, excludedTags: ['vip'] });
    expect((await intakeSolve(db, solve({ assigneeId: null }), { origin: 'solve' })).outcome).toBe(
      'skipped',
    ); // excluded tag 'vip' still applies
    expect(
      (
        await intakeSolve(db, solve({ assigneeId: null, tags: null, requesterRole: null }), {
          origin: 'solve',
        })
      ).outcome,
    ).toBe('created');
  });

  it('leaves a missing requester or assignee to Zendesk on solve, and skips on a manual send', async () => {
    const db = getDb();
    // The webhook's documented placeholders do not carry them: publishing confirms from the API.
    for (const missing of [{ requesterId: null }, { assigneeId: null }]) {
      expect((await intakeSolve(db, solve(missing), { origin: 'solve' })).outcome).toBe('created');
    }
    expect(
      await intakeSolve(db, solve({ requesterId: null, solvedAt: null }), {
        origin: 'manual',
      }),
    ).toEqual({ outcome: 'skipped', reason: 'no_requester', detail: null });
    expect(
      await intakeSolve(db, solve({ assigneeId: null, solvedAt: null }), {
        origin: 'manual',
      }),
    ).toEqual({ outcome: 'skipped', reason: 'no_assignee', detail: null });
  });

  it('takes one invocation once, and one solve once whatever its invocations', async () => {
    const db = getDb();
    const event = solve();
    const first = await intakeSolve(db, event, { origin: 'solve', invocationId: 'A1' });
    expect(first.outcome).toBe('created');
    const surveyId = first.outcome === 'created' ? first.surveyId : null;
    // Zendesk's retry of that invocation, even with a body that renders differently now.
    expect(
      await intakeSolve(
        db,
        { ...event, solvedAt: new Date('2026-11-23T10:07:00Z') },
        { origin: 'solve', invocationId: 'A1' },
      ),
    ).toEqual({ outcome: 'duplicate', surveyId });
    // A new invocation for the same solve, and a replay without the header.
    for (const invocationId of ['B2', null]) {
      expect(await intakeSolve(db, event, { origin: 'solve', invocationId })).toEqual({
        outcome: 'duplicate',
        surveyId,
      });
    }
    expect(await surveysOf(db, event.ticketId)).toHaveLength(1);
    const { rows } = await db.query<{ invocation_id: string }>(
      'SELECT invocation_id FROM webhook_invocations WHERE invocation_id IN ($1, $2) ORDER BY 1',
      ['A1', 'B2'],
    );
    expect(rows.map((r) => r.invocation_id)).toEqual(['A1', 'B2']);
  });

  it('keeps a sampled solve when the draw falls under the rate', async () => {
    const db = getDb();
    await withRules(db, { samplingRate: 0.25 });
    const kept = await intakeSolve(db, solve(), { origin: 'solve', random: () => 0.2 });
    expect(kept.outcome).toBe('created');
    await withRules(db, { samplingRate: 0 });
    const manual = await intakeSolve(db, solve({ solvedAt: null }), {
      origin: 'manual',
      random: () => 0.99,
    });
    expect(manual.outcome).toBe('created');
  });

  it('throttles a requester surveyed within the configured days', async () => {
    const db = getDb();
    await withRules(db, { throttleDays: 7 });
    const requesterId = 777_001;
    const t0 = new Date('2026-11-01T10:00:00Z');
    const first = solve({ requesterId });
    expect((await intakeSolve(db, first, { origin: 'solve', now: t0 })).outcome).toBe('created');
    const within = await intakeSolve(db, solve({ requesterId }), {
      origin: 'solve',
      now: new Date('2026-11-05T10:00:00Z'),
    });
    expect(within).toEqual({
      outcome: 'skipped',
      reason: 'throttled',
      detail: `surveyed on ticket ${first.ticketId} on 2026-11-01 (throttle 7 days)`,
    });
    // A resend from the sidebar on the same ticket is not held back by that ticket's own survey.
    const resend = await intakeSolve(
      db,
      { ...first, solvedAt: null },
      { origin: 'manual', now: new Date('2026-11-05T11:00:00Z') },
    );
    expect(resend.outcome).toBe('created');
    const after = await intakeSolve(db, solve({ requesterId }), {
      origin: 'solve',
      now: new Date('2026-11-13T10:00:00Z'),
    });
    expect(after.outcome).toBe('created');
  });

  it('lets a manual send supersede the ticket’s unanswered surveys but not answered ones', async () => {
    const db = getDb();
    const event = solve();
    const a = await intakeSolve(db, event, { origin: 'solve' });
    const b = await intakeSolve(
      db,
      { ...event, solvedAt: new Date('2026-11-24T10:00:00Z') },
      { origin: 'solve' },
    );
    if (a.outcome !== 'created' || b.outcome !== 'created') throw new Error('setup failed');
    await db.query(`UPDATE surveys SET status = 'answered' WHERE id = $1`, [a.surveyId]);
    const m = await intakeSolve(db, { ...event, solvedAt: null }, { origin: 'manual' });
    if (m.outcome !== 'created') throw new Error('manual send failed');
    const { rows } = await db.query<{
      id: number;
      status: string;
      origin: string;
      solve_key: string;
    }>('SELECT id, status, origin, solve_key FROM surveys WHERE ticket_id = $1 ORDER BY id', [
      event.ticketId,
    ]);
    expect(rows.map((r) => [r.id, r.status, r.origin])).toEqual([
      [a.surveyId, 'answered', 'solve'],
      [b.surveyId, 'superseded', 'solve'],
      [m.surveyId, 'pending', 'manual'],
    ]);
    expect(rows[2]!.solve_key).toMatch(new RegExp(`^manual:${event.ticketId}:\\d{4}-`));
  });

  it('obeys the other rules on a manual send', async () => {
    const db = getDb();
    await withRules(db, { excludedGroupIds: [12] });
    const result = await intakeSolve(db, solve({ solvedAt: null }), {
      origin: 'manual',
    });
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'excluded_group' });
  });

  it('writes neither the survey nor its job when the job cannot be written', async () => {
    const db = getDb();
    const before = await getSettings(db);
    await db.exec(`
      CREATE FUNCTION refuse_jobs() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$;
      CREATE TRIGGER refuse_jobs BEFORE INSERT ON outbox_jobs
        FOR EACH ROW EXECUTE FUNCTION refuse_jobs();`);
    const event = solve();
    try {
      await expect(intakeSolve(db, event, { origin: 'solve' })).rejects.toThrow(
        'outbox unavailable',
      );
    } finally {
      await db.exec('DROP TRIGGER refuse_jobs ON outbox_jobs; DROP FUNCTION refuse_jobs();');
    }
    const { rows } = await db.query('SELECT 1 FROM surveys WHERE ticket_id = $1', [event.ticketId]);
    expect(rows).toHaveLength(0);
    expect(await getSettings(db)).toEqual(before);
    // Delivered again once the outbox is back, the solve is taken.
    expect((await intakeSolve(db, event, { origin: 'solve' })).outcome).toBe('created');
  });
});
