import crypto from 'node:crypto';
import { publishSurveyLink } from '../../../src/server/outbox/jobs/publish-survey-link.js';
import { loadCatalogs } from '../../../src/server/outbox/catalogs.js';
import { claimDueJobs, listJobs } from '../../../src/server/outbox/outbox-repository.js';
import { quoteIdent } from '../../../src/server/db/database.js';
import { findSurveyLink } from '../../../src/server/surveys/survey-repository.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Survey link tokens are random and kept only as a hash once published (docs/survey-links.md):
 * no key derives them, so a crash, a restart or a rotated key never changes or closes a link.
 */
describeEachDatabase('survey link tokens', (getDb) => {
  const world = LoopWorld.forSuite(getDb);

  /** Every row of every table of the service's database, as text: what "at rest" holds. */
  async function everythingAtRest(): Promise<string> {
    const { rows: tables } = await getDb().query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['surveys', 'outbox_jobs', 'zendesk_ticket_snapshots']),
    );
    let all = '';
    for (const { table_name } of tables) {
      const { rows } = await getDb().query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM ${quoteIdent(table_name)} t`,
      );
      all += rows.map((r) => r.row).join('\n');
    }
    return all;
  }

  /** The token of a survey link (`…/s/<token>?scale=…&score=…`). */
  const tokenOf = (link: string) => new URL(link).pathname.split('/s/')[1]!;

  it('publishes the same link after a crash before publishing and a restart with a rotated key', async () => {
    const ticketId = await world.openTicket('crash before publish');
    // No worker runs: the webhook's survey and its publish job are committed, nothing published.
    await world.solve(ticketId);
    const survey = await waitFor('the survey of the solve', () => world.surveyOf(ticketId));
    expect(survey.status).toBe('pending');
    const held = await findSurveyLink(getDb(), world.config, survey.id);
    expect(held).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);

    // A replica takes the publish job and dies with it; the service then stops.
    const hostage = await claimDueJobs(getDb(), { workerId: 'crashed', limit: 10, leaseMs: 300 });
    expect(hostage.map((j) => j.dedupeKey)).toContain(`publish:${survey.id}`);
    await world.stopApp();

    // It comes back with a new session key: open links depend on no key.
    const oldConfig = world.config;
    world.config = { ...oldConfig, sessionKey: 'rotated-session-key-0123456789abcdefghij' };
    await world.startApp();
    const worker = world.worker({ workerId: 'after-restart' });
    worker.start();
    const email = await world.awaitEmail(ticketId);
    await worker.stop();

    const links = world.links(email);
    expect(links).toHaveLength(7);
    const token = tokenOf(links[0]!);
    expect(`${world.config.publicUrl}/s/${token}`).toBe(held);
    expect(world.field(await world.ticket(ticketId), world.fields.link)).toBe(held);
    const job = (await listJobs(getDb(), { kind: 'publish_survey_link', limit: 50 })).find(
      (j) => j.dedupeKey === `publish:${survey.id}`,
    );
    expect(job).toMatchObject({ status: 'done', attempts: 2 });

    // At rest: the hash, nowhere the token; the publish job has nothing left to publish from.
    const { rows } = await getDb().query<{ token_hash: string; status: string }>(
      'SELECT token_hash, status FROM surveys WHERE id = $1',
      [survey.id],
    );
    expect(rows[0]).toEqual({ token_hash: sha256(token), status: 'sent' });
    expect(await findSurveyLink(getDb(), world.config, survey.id)).toBeNull();
    expect(await everythingAtRest()).not.toContain(token);

    // The customer's link opens under the rotated key, and the answer is taken.
    const page = await fetch(links[2]!);
    expect(page.status).toBe(200);
    await world.answer(links[2]!, null);
    expect((await world.surveyOf(ticketId))?.status).toBe('answered');
    world.config = oldConfig;
  });

  it('keeps the link when the publish reached Zendesk but its answer was lost', async () => {
    const ticketId = await world.openTicket('lost publish reply');
    await world.solve(ticketId);
    const survey = await waitFor('the survey of the solve', () => world.surveyOf(ticketId));
    const held = await findSurveyLink(getDb(), world.config, survey.id);
    world.loseResponse = { method: 'PUT', pathPrefix: `/api/v2/tickets/${ticketId}` };
    const worker = world.worker();
    worker.start();
    const email = await world.awaitEmail(ticketId);
    await waitFor(
      'the survey sent',
      async () => (await world.surveyOf(ticketId))?.status === 'sent',
    );
    await worker.stop();
    // The update was carried out, its answer lost; the job ran again and found its link there.
    expect(world.loseResponse).toBeNull();
    expect(world.links(email).map((l) => `${world.config.publicUrl}/s/${tokenOf(l)}`)).toEqual(
      Array(7).fill(held),
    );
    expect(await world.emails(ticketId)).toHaveLength(1);

    // Once the token is erased, a run of the job again changes nothing in Zendesk.
    const deps = {
      db: getDb(),
      config: world.config,
      zendesk: world.client,
      catalogs: loadCatalogs(),
    };
    const puts = () =>
      world.zd.writes().filter((w) => w.method === 'PUT' && w.path.includes(`/${ticketId}`));
    const before = puts().length;
    expect(await publishSurveyLink(deps, { surveyId: survey.id })).toBe('already_published');
    expect(puts()).toHaveLength(before);
    expect(await everythingAtRest()).not.toContain(tokenOf(held!));
  });

  it('answers a guessed or altered token with the not-found page, and records nothing', async () => {
    const ticketId = await world.openTicket('guessing');
    const worker = world.worker();
    worker.start();
    const links = await world.solveAndAwaitEmail(ticketId);
    await worker.stop();
    const token = tokenOf(links[0]!);
    const base = world.config.publicUrl;
    const notFound = await (await fetch(`${base}/s/nope`)).text();
    expect(notFound).toContain('<title>We can&#39;t find this survey</title>');

    const guesses = [
      crypto.randomBytes(32).toString('base64url'),
      (token[0] === 'A' ? 'B' : 'A') + token.slice(1),
      token.slice(0, 42),
      // What the database keeps does not open the link either.
      sha256(token),
    ];
    for (const guess of guesses) {
      const page = await fetch(`${base}/s/${guess}?score=1`);
      expect(page.status).toBe(404);
      expect(await page.text()).toBe(notFound);
      const post = await fetch(`${base}/s/${guess}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'step=score&score=1',
        redirect: 'manual',
      });
      expect(post.status).toBe(404);
    }
    const { rows } = await getDb().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM answers a JOIN surveys s ON s.id = a.survey_id
        WHERE s.ticket_id = $1`,
      [ticketId],
    );
    expect(rows[0]?.n).toBe(0);
    expect((await fetch(links[0]!)).status).toBe(200);
  });
});
