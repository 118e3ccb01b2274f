import { findSurveyById } from '../../../src/server/surveys/survey-repository.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { countJobs } from '../../../src/server/outbox/outbox-repository.js';
import { waitFor } from './sandbox-harness.js';

describeEachDatabase('the full loop over HTTP', (getDb) => {
  const world = LoopWorld.forSuite(getDb);

  it('solve → signed webhook → survey → link → email → answer → fields, tags and one note', async () => {
    const worker = world.worker();
    worker.start();
    const ticketId = await world.openTicket('Parcel lost');
    const links = await world.solveAndAwaitEmail(ticketId);

    // The webhook was signed and accepted, and the survey's link is on the ticket.
    // The email may go out while the publish job is still recording that it published the link.
    await waitFor('the survey marked sent', async () => {
      const found = await world.surveyOf(ticketId);
      return found?.status === 'sent' && found;
    });
    const published = await world.ticket(ticketId);
    expect(published.tags).toEqual(expect.arrayContaining(['ces_survey_ready', 'ces_survey_sent']));
    const link = world.field(published, world.fields.link) as string;
    expect(link).toMatch(new RegExp(`^${world.config.publicUrl}/s/[A-Za-z0-9_-]{43}$`));

    // One link per point of the 1–7 scale, in the customer's language (Dutch).
    expect(links).toEqual([1, 2, 3, 4, 5, 6, 7].map((p) => `${link}?scale=ces2_7&score=${p}`));
    const [email] = await world.emails(ticketId);
    expect(email?.to.locale).toBe('nl');
    expect(email?.subject).toContain('Hoe makkelijk');
    expect(email?.subject).toContain(`#${ticketId}`);

    await world.answer(links[1]!, {
      driver: 'took_too_long',
      comment: 'Three emails <b>before</b> anyone answered.',
    });
    await world.awaitWriteback(ticketId);

    const ticket = await world.ticket(ticketId);
    expect(String(world.field(ticket, world.fields.score))).toBe('2');
    expect(world.field(ticket, world.fields.driver)).toBe('ces_driver_took_too_long');
    expect(world.field(ticket, world.fields.comment)).toBe(
      'Three emails <b>before</b> anyone answered.',
    );
    expect(ticket.tags).toEqual(expect.arrayContaining(['ces_score_2', 'ces_high_effort']));
    const notes = await world.notes(ticketId);
    expect(notes).toHaveLength(1);
    const note = notes[0]!;
    // Written in the account's language (English), as plain text: customer markup stays text.
    expect(note.body).toContain('Score: 2 – Disagree');
    expect(note.body).toContain('Main reason: It took too long');
    expect(note.body).toContain('CES 2.0, 1 to 7');
    expect(note.body).toContain('Effort: high effort');
    expect(note.body).toContain('Three emails <b>before</b> anyone answered.');
    expect(note.html_body).not.toContain('<b>before</b>');
    expect(note.body).toContain("The ticket's CES fields always show");
    // Its one link opens the answer in the app (never the survey page, which would let an
    // agent answer for the customer).
    expect(note.body.match(/https?:\/\/\S+/g)).toEqual([
      expect.stringMatching(/\/agent\/apps\/customer-effort-score\/agents\/\d+\/tickets\/\d+$/),
    ]);
    await worker.stop();
  });

  it('an edited answer updates the fields and adds a second note; an unchanged one adds none', async () => {
    const worker = world.worker();
    worker.start();
    const ticketId = await world.openTicket('Wrong size');
    const links = await world.solveAndAwaitEmail(ticketId);
    await world.answer(links[2]!, { driver: 'transferred' });
    await world.awaitWriteback(ticketId);
    expect(await world.notes(ticketId)).toHaveLength(1);

    await world.answer(links[5]!, { driver: 'transferred' });
    // The answer's POST marked the write-back pending before it answered: waiting for "done" waits
    // for this edit's write-back, not the first one's.
    await world.awaitWriteback(ticketId);
    const ticket = await world.ticket(ticketId);
    expect(String(world.field(ticket, world.fields.score))).toBe('6');
    expect(ticket.tags).toContain('ces_score_6');
    expect(ticket.tags).not.toContain('ces_score_3');
    expect(ticket.tags).not.toContain('ces_high_effort');
    const notes = await world.notes(ticketId);
    expect(notes).toHaveLength(2);
    expect(notes[1]!.body).toContain('changed the score from 3 to 6');

    // The same answer posted again: nothing to write, no third note.
    await world.answer(links[5]!, { driver: 'transferred' });
    // Nothing queued or running and the write-back still done: no write can follow.
    const counts = await countJobs(world.db);
    expect(counts.queued + counts.running).toBe(0);
    expect((await world.surveyOf(ticketId))?.writeback_status).toBe('done');
    expect(await world.notes(ticketId)).toHaveLength(2);
    await worker.stop();
  });

  it('score, then reason and comment, then a changed score: two notes, both still true', async () => {
    const worker = world.worker();
    worker.start();
    const ticketId = await world.openTicket('Late delivery');
    const links = await world.solveAndAwaitEmail(ticketId);

    // The customer clicks 2 in the email; the follow-up comes after the quiet period.
    await world.answer(links[1]!, null);
    await world.awaitWriteback(ticketId);
    expect(await world.notes(ticketId)).toHaveLength(1);

    await world.answer(links[1]!, { driver: 'took_too_long', comment: 'Three calls.' });
    await world.awaitWriteback(ticketId);
    const followedUp = await world.ticket(ticketId);
    expect(world.field(followedUp, world.fields.driver)).toBe('ces_driver_took_too_long');
    expect(world.field(followedUp, world.fields.comment)).toBe('Three calls.');
    expect(await world.notes(ticketId)).toHaveLength(1);

    await world.answer(links[6]!, null);
    await world.awaitWriteback(ticketId);
    const notes = await world.notes(ticketId);
    expect(notes).toHaveLength(2);
    // The first note said nothing the follow-up made false.
    expect(notes[0]!.body).toContain('Score: 2 – Disagree');
    expect(notes[0]!.body).not.toMatch(/Main reason|not given|No comment/);
    expect(notes[1]!.body).toContain('The customer changed the score from 2 to 7.');
    expect(notes[1]!.body).toContain('Score: 7 – Strongly agree');
    expect(String(world.field(await world.ticket(ticketId), world.fields.score))).toBe('7');
    await worker.stop();
  });

  it('records "closed before write-back" when the ticket closed first, and keeps the answer', async () => {
    const worker = world.worker();
    worker.start();
    const ticketId = await world.openTicket('Refund');
    const links = await world.solveAndAwaitEmail(ticketId);
    await worker.stop();
    await world.answer(links[0]!, { comment: 'Never again.' });
    await world.closeTicket(ticketId);

    const after = world.worker();
    after.start();
    await world.awaitWriteback(ticketId, 'ticket_closed');
    expect(await world.notes(ticketId)).toHaveLength(0);
    const survey = await findSurveyById(getDb(), (await world.surveyOf(ticketId))!.id);
    expect(survey?.writeback.status).toBe('ticket_closed');
    expect(survey?.answer).toMatchObject({ score: 1, comment: 'Never again.', band: 'difficult' });
    // The job settles as done (not retried) just after the survey records the closed ticket.
    const jobStatus = async () =>
      (
        await getDb().query<{ status: string }>(
          `SELECT status FROM outbox_jobs WHERE dedupe_key = $1 ORDER BY id DESC LIMIT 1`,
          [`writeback:${survey!.id}`],
        )
      ).rows[0]?.status;
    await waitFor('the write-back job settled', async () => (await jobStatus()) !== 'running');
    expect(await jobStatus()).toBe('done');
    await after.stop();
  });
});
