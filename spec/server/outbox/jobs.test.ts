import { InvalidJobPayloadError } from '../../../src/server/outbox/job-errors.js';
import type { JobDeps } from '../../../src/server/outbox/jobs/index.js';
import { publishSurveyLink } from '../../../src/server/outbox/jobs/publish-survey-link.js';
import { writeBackAnswer } from '../../../src/server/outbox/jobs/write-back-answer.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { saveAnswer } from '../../../src/server/surveys/answer-repository.js';
import { findSurveyLink } from '../../../src/server/surveys/survey-repository.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';
import { solvedSurvey } from '../../support/survey-links.js';
import { OutboxWorld } from './outbox-world.js';

describeEachDatabase('outbox jobs against the sandbox Zendesk', (getDb) => {
  const world = OutboxWorld.forSuite(getDb);
  let solves = 0;

  async function newSurvey(
    tags: string[] = [],
    requester = world.requesterId,
  ): Promise<{ surveyId: number; ticketId: number }> {
    const ticket = await world.deps.zendesk.createTicket({
      subject: 'Help',
      comment: { body: 'Help' },
      requester_id: requester,
      assignee_id: world.agentId,
      tags,
    });
    solves += 1;
    const surveyId = await solvedSurvey(getDb(), {
      ticketId: ticket.id,
      requesterId: requester,
      requesterLocale: 'es',
      assigneeId: world.agentId,
      channel: 'mail',
      solvedAt: new Date(Date.UTC(2026, 10, 1, 10, solves)),
      tags,
    });
    return { surveyId, ticketId: ticket.id };
  }

  const puts = () => world.zd.writes().filter((w) => w.method === 'PUT');

  it('publishes the link with its tag once, and a repeat changes nothing', async () => {
    const { surveyId, ticketId } = await newSurvey();
    const expected = await findSurveyLink(getDb(), world.deps.config, surveyId);
    expect(expected).toMatch(/^https:\/\/ces\.example\.test\/s\/[A-Za-z0-9_-]{43}$/);
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('published');
    const ticket = await world.deps.zendesk.getTicket(ticketId);
    const { rows } = await getDb().query<{ unpublished_token: string | null; status: string }>(
      'SELECT unpublished_token, status FROM surveys WHERE id = $1',
      [surveyId],
    );
    expect(ticket.custom_fields.find((f) => f.id === world.fields.link)?.value).toBe(expected);
    // Published: the plain token is erased, the hash alone opens the link.
    expect(rows[0]!.unpublished_token).toBeNull();
    expect(ticket.tags).toContain('ces_survey_ready');
    expect(rows[0]!.status).toBe('sent');

    const before = puts().length;
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('already_published');
    expect(puts()).toHaveLength(before);
  });

  it('turns the survey of an agent requester into a skip instead of sending it', async () => {
    const { surveyId, ticketId } = await newSurvey([], world.agentId);
    const before = puts().length;
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('skipped');
    expect(puts()).toHaveLength(before);
    expect((await world.deps.zendesk.getTicket(ticketId)).tags).not.toContain('ces_survey_ready');
    const surveys = await getDb().query('SELECT 1 FROM surveys WHERE id = $1', [surveyId]);
    expect(surveys.rows).toHaveLength(0);
    const skips = await getDb().query<{ reason: string }>(
      'SELECT reason FROM skips WHERE ticket_id = $1',
      [ticketId],
    );
    expect(skips.rows).toEqual([{ reason: 'agent_requester' }]);
  });

  it('re-arms the email for a new survey on a ticket that was emailed before', async () => {
    const { surveyId, ticketId } = await newSurvey(['ces_survey_sent', 'vip']);
    await publishSurveyLink(world.deps, { surveyId });
    const ticket = await world.deps.zendesk.getTicket(ticketId);
    expect(ticket.tags).toContain('ces_survey_ready');
    expect(ticket.tags).toContain('vip');
    // The email trigger fired on the publish and tagged the ticket again.
    const emails = await (
      await fetch(`${world.zd.url}/__sandbox/emails?ticket_id=${ticketId}`)
    ).json();
    expect((emails as { emails: unknown[] }).emails).toHaveLength(1);
  });

  it('rejects payloads that cannot name a survey, without calling Zendesk', async () => {
    const before = world.zd.sandbox.requests.length;
    for (const payload of [null, [], {}, { surveyId: '7' }, { surveyId: -1 }, { surveyId: 1.5 }]) {
      await expect(publishSurveyLink(world.deps, payload)).rejects.toBeInstanceOf(
        InvalidJobPayloadError,
      );
      await expect(writeBackAnswer(world.deps, payload)).rejects.toBeInstanceOf(
        InvalidJobPayloadError,
      );
    }
    await expect(writeBackAnswer(world.deps, { surveyId: 987654 })).rejects.toThrow(
      'survey 987654 does not exist',
    );
    expect(world.zd.sandbox.requests.length).toBe(before);
  });

  it('writes nothing for an unanswered survey', async () => {
    const { surveyId } = await newSurvey();
    const before = world.zd.sandbox.requests.length;
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('not_answered');
    expect(world.zd.sandbox.requests.length).toBe(before);
  });

  it('asks for setup, in words, when the ticket fields are unknown', async () => {
    const { surveyId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 4, locale: 'es' }, { quietPeriodSeconds: 0 });
    const stored = await getDb().query<{ value: unknown }>(
      `SELECT value FROM zendesk_state WHERE key = 'fields'`,
    );
    await getDb().query(`DELETE FROM zendesk_state WHERE key = 'fields'`);
    try {
      await expect(writeBackAnswer(world.deps, { surveyId })).rejects.toThrow(
        /run `npm run setup`/,
      );
    } finally {
      await getDb().query(`INSERT INTO zendesk_state (key, value) VALUES ('fields', $1::jsonb)`, [
        JSON.stringify(stored.rows[0]!.value),
      ]);
    }
  });

  it('writes the note in the account language, and a driver the drop-down lacks only in the note', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      quietPeriodSeconds: 0,
      defaultLocale: 'de',
      drivers: [...DEFAULT_SETTINGS.drivers, 'billing'],
      customDriverLabels: { billing: { en: 'Billing', de: 'Rechnung unklar' } },
    });
    try {
      const { surveyId, ticketId } = await newSurvey();
      await saveAnswer(
        getDb(),
        surveyId,
        { score: 3, driver: 'billing', comment: 'Zu kompliziert', locale: 'es' },
        { quietPeriodSeconds: 0 },
      );
      expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
      const ticket = await world.deps.zendesk.getTicket(ticketId);
      expect(
        ticket.custom_fields.find((f) => f.id === world.fields.driver)?.value ?? null,
      ).toBeNull();
      expect(String(ticket.custom_fields.find((f) => f.id === world.fields.score)?.value)).toBe(
        '3',
      );
      const notes = (await world.deps.zendesk.listTicketComments(ticketId)).filter(
        (c) => !c.public,
      );
      expect(notes).toHaveLength(1);
      expect(notes[0]!.body).toContain('Bewertung: 3');
      expect(notes[0]!.body).toContain('Hauptgrund: Rechnung unklar');
      expect(notes[0]!.body).toContain('Kommentar des Kunden:\nZu kompliziert');
    } finally {
      await saveSettings(getDb(), { ...DEFAULT_SETTINGS, quietPeriodSeconds: 0 });
    }
  });

  it('writes back beside the ticket’s other tags, and swaps its own tags when the answer changes', async () => {
    const { surveyId, ticketId } = await newSurvey(['vip', 'billing']);
    // Publishing tags it ready; the sandbox's email trigger then tags it sent.
    expect(await publishSurveyLink(world.deps, { surveyId })).toBe('published');
    await saveAnswer(getDb(), surveyId, { score: 2, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const first = await world.deps.zendesk.getTicket(ticketId);
    expect([...first.tags].sort()).toEqual(
      [
        'billing',
        // Setup's high-effort alert trigger fired on ces_high_effort, once.
        'ces_alert_sent',
        'ces_high_effort',
        'ces_score_2',
        'ces_survey_ready',
        'ces_survey_sent',
        'vip',
      ].sort(),
    );

    await saveAnswer(getDb(), surveyId, { score: 6, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const second = await world.deps.zendesk.getTicket(ticketId);
    // The alert stays sent: a changed answer is not alerted again.
    expect([...second.tags].sort()).toEqual(
      [
        'billing',
        'ces_alert_sent',
        'ces_score_6',
        'ces_survey_ready',
        'ces_survey_sent',
        'vip',
      ].sort(),
    );
  });

  it('adds no second note when edits end where the written answer was', async () => {
    const { surveyId, ticketId } = await newSurvey();
    const answer = { score: 5, driver: 'took_too_long', comment: 'Slow', locale: 'es' } as const;
    await saveAnswer(getDb(), surveyId, answer, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    // Within one quiet period the customer changes the score and changes it back.
    await saveAnswer(getDb(), surveyId, { ...answer, score: 2 }, { quietPeriodSeconds: 0 });
    await saveAnswer(getDb(), surveyId, answer, { quietPeriodSeconds: 0 });
    const before = puts().length;
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('up_to_date');
    expect(puts()).toHaveLength(before);
    const notes = (await world.deps.zendesk.listTicketComments(ticketId)).filter((c) => !c.public);
    expect(notes).toHaveLength(1);
    const { rows } = await getDb().query<{ writeback_status: string; writeback_version: number }>(
      'SELECT writeback_status, writeback_version FROM surveys WHERE id = $1',
      [surveyId],
    );
    expect(rows).toEqual([{ writeback_status: 'done', writeback_version: 3 }]);
  });

  const notesOf = async (ticketId: number) =>
    (await world.deps.zendesk.listTicketComments(ticketId)).filter((c) => !c.public);
  const fieldOf = async (ticketId: number, id: number) =>
    (await world.deps.zendesk.getTicket(ticketId)).custom_fields.find((f) => f.id === id)?.value ??
    null;

  it('writes a reason and comment that come after the first note to the fields, with no new note', async () => {
    const { surveyId, ticketId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 2, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const [first] = await notesOf(ticketId);
    // Nothing the follow-up could make false: no "not given", and where the reason will be.
    expect(first!.body).not.toMatch(/not given|No comment/);
    expect(first!.body).not.toContain('Main reason');
    expect(first!.body).toContain("The ticket's CES fields always show");

    const followUp = { score: 2, driver: 'took_too_long', comment: 'Three calls', locale: 'es' };
    await saveAnswer(getDb(), surveyId, followUp, { quietPeriodSeconds: 0 });
    const before = puts().length;
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('fields_updated');
    expect(puts()).toHaveLength(before + 1);
    expect(await fieldOf(ticketId, world.fields.driver)).toBe('ces_driver_took_too_long');
    expect(await fieldOf(ticketId, world.fields.comment)).toBe('Three calls');
    expect(await notesOf(ticketId)).toHaveLength(1);
  });

  it('dates the reason and comment a note states, so a later change of them leaves it true', async () => {
    const { surveyId, ticketId } = await newSurvey();
    const given = new Date('2026-11-02T10:02:00Z');
    const first = { score: 2, driver: 'took_too_long', comment: 'Three calls', locale: 'es' };
    await saveAnswer(getDb(), surveyId, first, { quietPeriodSeconds: 0, now: given });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const second = { score: 2, driver: 'transferred', comment: 'Passed around', locale: 'es' };
    await saveAnswer(getDb(), surveyId, second, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('fields_updated');

    const notes = await notesOf(ticketId);
    expect(notes).toHaveLength(1);
    // What the note says is what the customer said at that moment, and it says which moment.
    expect(notes[0]!.body).toMatch(/As of Nov 2, 2026, 10:02 AM UTC:\nMain reason: .*\n/);
    expect(notes[0]!.body).toContain('Three calls');
    expect(await fieldOf(ticketId, world.fields.comment)).toBe('Passed around');
    expect(await fieldOf(ticketId, world.fields.driver)).toBe('ces_driver_transferred');
  });

  it('notes a changed score once, from what the last note said to the new score', async () => {
    const { surveyId, ticketId } = await newSurvey();
    const answer = { score: 2, driver: 'took_too_long', comment: 'Slow', locale: 'es' } as const;
    await saveAnswer(getDb(), surveyId, { score: 2, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    await saveAnswer(getDb(), surveyId, answer, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('fields_updated');
    await saveAnswer(getDb(), surveyId, { ...answer, score: 7 }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');

    const notes = await notesOf(ticketId);
    expect(notes).toHaveLength(2);
    expect(notes[0]!.body).toContain('Score: 2 – Disagree');
    expect(notes[1]!.body).toContain('The customer changed the score from 2 to 7.');
    expect(notes[1]!.body).toContain('Score: 7 – Strongly agree');
    expect(String(await fieldOf(ticketId, world.fields.score))).toBe('7');
  });

  it('writes one note for scores changed back and forth before the quiet period ends', async () => {
    const { surveyId, ticketId } = await newSurvey();
    for (const score of [2, 7, 2, 7]) {
      await saveAnswer(getDb(), surveyId, { score, locale: 'es' }, { quietPeriodSeconds: 0 });
    }
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const notes = await notesOf(ticketId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('Score: 7 – Strongly agree');
    expect(notes[0]!.body).not.toContain('changed');
  });

  it('adds no second change note when the update landed but its answer was lost', async () => {
    const { surveyId, ticketId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 2, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    await saveAnswer(getDb(), surveyId, { score: 7, locale: 'es' }, { quietPeriodSeconds: 0 });
    // Zendesk carries out the update; the connection dies before its answer arrives.
    const lossy: JobDeps = {
      ...world.deps,
      zendesk: {
        ...world.deps.zendesk,
        updateTicket: async (id, update) => {
          await world.deps.zendesk.updateTicket(id, update);
          throw new Error('socket hang up');
        },
      },
    };
    await expect(writeBackAnswer(lossy, { surveyId })).rejects.toThrow('socket hang up');
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('up_to_date');
    const notes = await notesOf(ticketId);
    expect(notes).toHaveLength(2);
    expect(notes[1]!.body).toContain('from 2 to 7');

    // The next change is told from the score that note stated.
    await saveAnswer(getDb(), surveyId, { score: 4, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    expect((await notesOf(ticketId))[2]!.body).toContain('from 7 to 4');
  });

  it('writes the note again when an update failed before reaching Zendesk', async () => {
    const { surveyId, ticketId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 3, locale: 'es' }, { quietPeriodSeconds: 0 });
    const failing: JobDeps = {
      ...world.deps,
      zendesk: {
        ...world.deps.zendesk,
        updateTicket: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
    };
    await expect(writeBackAnswer(failing, { surveyId })).rejects.toThrow('ECONNREFUSED');
    expect(await notesOf(ticketId)).toHaveLength(0);
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    expect(await notesOf(ticketId)).toHaveLength(1);
  });

  it('writes a new survey its first note even when the ticket already showed that score and the first try failed', async () => {
    // A ticket surveyed before shows score 6; its new survey is answered 6 as well.
    const { surveyId, ticketId } = await newSurvey();
    await world.deps.zendesk.updateTicket(ticketId, {
      custom_fields: [{ id: world.fields.score, value: 6 }],
    });
    await saveAnswer(getDb(), surveyId, { score: 6, locale: 'es' }, { quietPeriodSeconds: 0 });
    const failing: JobDeps = {
      ...world.deps,
      zendesk: {
        ...world.deps.zendesk,
        updateTicket: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
    };
    await expect(writeBackAnswer(failing, { surveyId })).rejects.toThrow('ECONNREFUSED');
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const notes = await notesOf(ticketId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(`Reference: CES-${surveyId}`);
  });

  it('records "closed before write-back" when the ticket closes between the read and the update', async () => {
    const { surveyId, ticketId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 4, locale: 'es' }, { quietPeriodSeconds: 0 });
    const closed = await fetch(`${world.zd.url}/__sandbox/tickets/${ticketId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { status: 'closed' }, actor_id: world.agentId }),
    });
    expect(closed.ok).toBe(true);
    // The read still saw the ticket solved: Zendesk's 422 on the update is what tells.
    const staleRead: JobDeps = {
      ...world.deps,
      zendesk: {
        ...world.deps.zendesk,
        getTicket: async (id) => ({
          ...(await world.deps.zendesk.getTicket(id)),
          status: 'solved',
        }),
      },
    };
    const before = puts().length;
    expect(await writeBackAnswer(staleRead, { surveyId })).toBe('ticket_closed');
    expect(puts().length - before).toBe(1);
    expect(world.zd.sandbox.requests.at(-1)?.status).toBe(422);
    const { rows } = await getDb().query<{ writeback_status: string; score: number }>(
      `SELECT s.writeback_status, a.score FROM surveys s JOIN answers a ON a.survey_id = s.id
        WHERE s.id = $1`,
      [surveyId],
    );
    expect(rows).toEqual([{ writeback_status: 'ticket_closed', score: 4 }]);
    // Not tried again: the job settles without another request.
    const requests = world.zd.sandbox.requests.length;
    expect(await writeBackAnswer(staleRead, { surveyId })).toBe('ticket_closed');
    expect(world.zd.sandbox.requests.length).toBe(requests);
  });

  it('records a write-back failure when the ticket no longer exists in Zendesk', async () => {
    const { surveyId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 7, locale: 'es' }, { quietPeriodSeconds: 0 });
    await getDb().query('UPDATE surveys SET ticket_id = 99999999 WHERE id = $1', [surveyId]);
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('ticket_missing');
    const { rows } = await getDb().query<{ writeback_status: string }>(
      'SELECT writeback_status FROM surveys WHERE id = $1',
      [surveyId],
    );
    expect(rows[0]!.writeback_status).toBe('failed');
  });

  it('skips Zendesk entirely when the stored write-back is already current', async () => {
    const { surveyId } = await newSurvey();
    await saveAnswer(getDb(), surveyId, { score: 5, locale: 'es' }, { quietPeriodSeconds: 0 });
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('written');
    const before = world.zd.sandbox.requests.length;
    expect(await writeBackAnswer(world.deps, { surveyId })).toBe('up_to_date');
    expect(world.zd.sandbox.requests.length).toBe(before);
  });
});
