import { writeBackAnswer } from '../../../src/server/outbox/jobs/write-back-answer.js';
import { readFieldIds } from '../../../src/server/setup/zendesk-state.js';
import { saveAnswer } from '../../../src/server/surveys/answer-repository.js';
import { intakeSolve } from '../../../src/server/surveys/intake.js';
import { describeEachDatabase } from '../../support/databases.js';
import { OutboxWorld } from './outbox-world.js';

describeEachDatabase('write-back of a replaced answer', (getDb) => {
  const world = OutboxWorld.forSuite(getDb);

  it("never overwrites the ticket's newer answer, even when its own write-back was still due", async () => {
    const fields = (await readFieldIds(getDb()))!;
    const me = await world.deps.zendesk.getCurrentUser();
    const ticket = await world.deps.zendesk.createTicket({
      subject: 'Asked twice',
      comment: { body: 'Help' },
      requester_id: me.id,
      assignee_id: me.id,
    });
    const send = async () => {
      const result = await intakeSolve(
        getDb(),
        {
          ticketId: ticket.id,
          requesterId: me.id,
          requesterLocale: 'en',
          requesterRole: 'end-user',
          assigneeId: me.id,
          groupId: null,
          brandId: null,
          channel: 'web',
          solvedAt: null,
          satisfaction: null,
          tags: [],
        },
        { origin: 'manual' },
      );
      if (result.outcome !== 'created') throw new Error(`no survey: ${JSON.stringify(result)}`);
      return result.surveyId;
    };
    const answer = (surveyId: number, score: number) =>
      saveAnswer(getDb(), surveyId, { score, locale: 'en' }, { quietPeriodSeconds: 0 });

    const first = await send();
    expect(await answer(first, 2)).toMatchObject({ outcome: 'saved' });
    // Resent before the first answer reached Zendesk; the customer answers the new survey.
    const second = await send();
    expect(await answer(second, 6)).toMatchObject({ outcome: 'saved' });

    expect(await writeBackAnswer(world.deps, { surveyId: second })).toBe('written');
    const writes = world.zd.writes().length;
    // The first survey's job, due all along, runs last: it must not put 2 back on the ticket.
    expect(await writeBackAnswer(world.deps, { surveyId: first })).toBe('replaced');
    expect(world.zd.writes()).toHaveLength(writes);
    const after = await world.deps.zendesk.getTicket(ticket.id);
    expect(String(after.custom_fields.find((f) => f.id === fields.score)?.value)).toBe('6');
    const { rows } = await getDb().query<{ status: string; writeback_status: string }>(
      'SELECT status, writeback_status FROM surveys WHERE id = $1',
      [first],
    );
    expect(rows).toEqual([{ status: 'replaced', writeback_status: 'none' }]);
  });
});
