import type { LightMyRequestResponse } from 'fastify';
import { loadCatalogs } from '../../../src/server/outbox/catalogs.js';
import { listJobs } from '../../../src/server/outbox/outbox-repository.js';
import { createOutboxService } from '../../../src/server/outbox/outbox-service.js';
import { readFieldIds } from '../../../src/server/setup/zendesk-state.js';
import type {
  SetupApplyResponse,
  SetupStatusResponse,
  ZendeskSyncStatus,
} from '../../../src/shared/api-types.js';
import { createTranslator } from '../../../src/shared/i18n.js';
import { getScale, points, type ScaleId } from '../../../src/shared/scales.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import type { FaultInput } from '../../../src/sandbox/zendesk/faults.js';
import { appSessionToken } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from '../loop/loop-world.js';
import {
  sandboxClient,
  startSandbox,
  waitFor,
  type RunningSandbox,
} from '../loop/sandbox-harness.js';
import { openApi, type Api } from '../routes/api/api-harness.js';

/**
 * Settings reach Zendesk by themselves: a save queues a sync in the outbox, the worker brings the
 * email's texts, trigger and reason options in line, and the settings screen says where it stands.
 */
describeEachDatabase('settings that reach Zendesk by themselves', (getDb) => {
  let world: LoopWorld;
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
  });
  afterAll(async () => {
    await world.close();
  });
  afterEach(async () => {
    await world.control('DELETE', '/__sandbox/faults');
  });

  const dutch = createTranslator(loadCatalogs(), 'nl');

  async function api(method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) {
    const res: LightMyRequestResponse = await world.app!.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await appSessionToken(world.app!.config)}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res;
  }
  const syncStatus = async () =>
    (await api('GET', '/api/v1/settings/zendesk')).json<ZendeskSyncStatus>();
  const awaitSync = (state: ZendeskSyncStatus['state'], timeoutMs = 20_000) =>
    waitFor(
      `the Zendesk sync to be ${state}`,
      async () => {
        const status = await syncStatus();
        return status.state === state && status;
      },
      timeoutMs,
    );
  const setupItems = async () =>
    Object.fromEntries(
      (await api('GET', '/api/v1/setup'))
        .json<SetupStatusResponse>()
        .items.map((i) => [i.key, i.state]),
    );
  const fault = (input: FaultInput) => world.control('POST', '/__sandbox/faults', input);

  it.each<[ScaleId, number]>([
    ['ces1_5', 5],
    ['ease_10', 10],
  ])(
    'a switch to %s reaches the next email (%i links) without Setup; updating, then up to date',
    async (scaleId, count) => {
      // The button email, whose labels and tooltips are checked below.
      await api('PUT', '/api/v1/settings', { scaleId, emailFormat: 'html' });
      // Saved with its sync queued: nothing has run yet.
      expect((await syncStatus()).state).toBe('updating');

      const worker = world.worker();
      worker.start();
      await awaitSync('up_to_date');
      const ticketId = await world.openTicket(`Scale ${scaleId}`);
      await world.solve(ticketId);
      const email = await world.awaitEmail(ticketId);
      await worker.stop();

      const links = world.links(email);
      expect(links).toHaveLength(count);
      const scale = getScale(scaleId);
      expect(links.map((l) => new URL(l).searchParams.get('score'))).toEqual(
        points(scale).map(String),
      );
      for (const link of links) expect(new URL(link).searchParams.get('scale')).toBe(scaleId);
      // The customer reads Dutch: the new scale's labels at both ends of the row (every point's
      // label is its button's tooltip), and its question.
      const all = points(scale);
      for (const p of [all[0]!, all[all.length - 1]!]) {
        expect(email.body).toContain(`${p} = ${dutch(`${scale.labelKey}.${p}`)}`);
      }
      for (const p of all) {
        expect(email.html_body).toContain(`title="${dutch(`${scale.labelKey}.${p}`)}"`);
      }
      expect(email.body).toContain(dutch(scale.questionKey, { company: 'We' }));
    },
  );

  it('calls a settings change pending in Setup, and a hand edit in Zendesk drift', async () => {
    await api('PUT', '/api/v1/settings', { scaleId: 'ces2_7', companyName: 'Acme' });
    expect(await setupItems()).toMatchObject({
      'trigger.email': 'pending',
      'dc.ces_question_ces2_7': 'pending',
    });

    const worker = world.worker();
    worker.start();
    await awaitSync('up_to_date');
    expect(Object.values(await setupItems()).every((s) => s === 'ok')).toBe(true);

    // Someone edits the email trigger in Zendesk; then the admin changes the scale again.
    const email = (await world.client.listTriggers()).find(
      (t) => t.title === 'CES: email survey link',
    )!;
    await world.client.updateTrigger(email.id, { title: 'Our CES email' });
    expect(await setupItems()).toMatchObject({ 'trigger.email': 'drifted' });
    await api('PUT', '/api/v1/settings', { scaleId: 'ces1_5' });
    const drifted = await awaitSync('drifted');
    await worker.stop();
    // The sync made the new texts but left the edited trigger alone, and says so.
    expect(drifted.drifted).toEqual(['CES: email survey link']);
    expect(await setupItems()).toMatchObject({
      'trigger.email': 'drifted',
      'dc.ces_question_ces1_5': 'ok',
    });

    await api('POST', '/api/v1/setup', { repair: true });
    expect((await syncStatus()).state).toBe('up_to_date');
    expect(await setupItems()).toMatchObject({ 'trigger.email': 'ok' });
  });

  it('on an install set up before the service remembered its writes, a settings change still reaches Zendesk', async () => {
    const before = (await api('GET', '/api/v1/settings')).json<{ settings: { scaleId: ScaleId } }>()
      .settings.scaleId;
    expect(before).toBe('ces1_5');
    const next: ScaleId = before === 'ease_10' ? 'ces1_5' : 'ease_10';
    // What an upgrade looks like: Zendesk set up by an earlier version, no record of our writes.
    await getDb().query(`DELETE FROM zendesk_state WHERE key = 'written'`);
    await api('PUT', '/api/v1/settings', { scaleId: next });
    expect(await setupItems()).toMatchObject({ 'trigger.email': 'pending' });
    const worker = world.worker();
    worker.start();
    try {
      await awaitSync('up_to_date');
      const email = (await world.client.listTriggers()).find(
        (t) => t.title === 'CES: email survey link',
      )!;
      expect(JSON.stringify(email.actions)).toMatch(new RegExp(`scale=${next}&(amp;)?score=`));
      await api('PUT', '/api/v1/settings', { scaleId: before });
      await awaitSync('up_to_date');
    } finally {
      await worker.stop();
    }
  });

  it('retries a sync while Zendesk fails, shows it as updating, then failed, and a retry lands it', async () => {
    await fault({ kind: 'outage', status: 503, method: 'PUT', pathPrefix: '/api/v2/triggers' });
    await api('PUT', '/api/v1/settings', { scaleId: 'ease_10' });
    const worker = world.worker();
    worker.start();
    const retrying = await waitFor('a failed attempt shown', async () => {
      const status = await syncStatus();
      return status.state === 'updating' && status.lastError !== null && status;
    });
    expect(retrying.lastError).toMatch(/Zendesk answered 503 to PUT \/api\/v2\/triggers/);

    const failed = await awaitSync('failed', 60_000);
    expect(failed.jobId).not.toBeNull();
    expect(failed.lastError).toMatch(
      /^Gave up after \d+ attempts\. Last error: Zendesk answered 503/,
    );
    expect(failed.lastError).not.toContain(world.config.sessionKey);
    // Meanwhile the email is still wholly on the previous scale: its texts are all still there.
    const trigger = (await world.client.listTriggers()).find(
      (t) => t.title === 'CES: email survey link',
    )!;
    const body = (
      trigger.actions.find((a) => a.field === 'notification_user')?.value as string[]
    )[2];
    expect(body).toMatch(/\?scale=ces1_5&(amp;)?score=/);
    // A ticket solved meanwhile gets a survey on the scale its email shows, not the new setting.
    const meanwhile = await world.openTicket('Solved while the sync fails');
    await world.solve(meanwhile);
    const email = await world.awaitEmail(meanwhile);
    expect(world.links(email).map((l) => new URL(l).searchParams.get('scale'))).toEqual(
      Array(5).fill('ces1_5'),
    );
    const { rows } = await getDb().query<{ scale_id: string }>(
      'SELECT scale_id FROM surveys WHERE ticket_id = $1',
      [meanwhile],
    );
    expect(rows).toEqual([{ scale_id: 'ces1_5' }]);

    await world.control('DELETE', '/__sandbox/faults');
    const retried = await api('POST', `/api/v1/outbox/${failed.jobId}/retry`);
    expect(retried.json<{ jobId: number }>().jobId).toBe(failed.jobId);
    await awaitSync('up_to_date');
    await worker.stop();
    const after = (await world.client.listTriggers()).find((t) => t.id === trigger.id)!;
    const newBody = (
      after.actions.find((a) => a.field === 'notification_user')?.value as string[]
    )[2];
    expect(newBody).toMatch(/\?scale=ease_10&(amp;)?score=10/);
  }, 90_000);

  it('keeps the option of a removed reason through the sync and a repair', async () => {
    const ids = (await readFieldIds(getDb()))!;
    // One reason removed and another renamed: the drop-down is updated, and must keep the first.
    await api('PUT', '/api/v1/settings', {
      drivers: DEFAULT_SETTINGS.drivers.filter((d) => d !== 'transferred'),
      customDriverLabels: { other: { en: 'Something else entirely' } },
    });
    const worker = world.worker();
    worker.start();
    await awaitSync('up_to_date');
    await worker.stop();
    const values = async () =>
      ((await world.client.getTicketField(ids.driver)).custom_field_options ?? []).map(
        (o) => o.value,
      );
    expect(await values()).toContain('ces_driver_transferred');
    const renamed = (await world.client.getTicketField(ids.driver)).custom_field_options?.find(
      (o) => o.value === 'ces_driver_other',
    );
    expect(renamed?.name).toBe('Something else entirely');

    const repair = await api('POST', '/api/v1/setup', { repair: true });
    expect(repair.json<SetupApplyResponse>().ok).toBe(true);
    expect(await values()).toContain('ces_driver_transferred');
    expect(await values()).toEqual(
      expect.arrayContaining(DEFAULT_SETTINGS.drivers.map((d) => `ces_driver_${d}`)),
    );
  });

  it('queues no sync for settings customers do not see', async () => {
    const before = await getDb().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_jobs WHERE kind = 'sync_zendesk'`,
    );
    await api('PUT', '/api/v1/settings', { answerWindowDays: 9, ranking: { minAnswers: 3 } });
    const after = await getDb().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_jobs WHERE kind = 'sync_zendesk'`,
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect((await syncStatus()).state).toBe('up_to_date');
  });
});

describeEachDatabase('a settings change before Zendesk was set up', (getDb) => {
  let zd: RunningSandbox;
  let api: Api;
  beforeAll(async () => {
    zd = await startSandbox();
    api = await openApi(getDb(), { ZENDESK_API_URL: zd.url, PUBLIC_URL: 'https://ces.test' });
  });
  afterAll(async () => {
    await api.close();
    await zd.close();
  });

  it('ends its sync at once with "set up first", without retries and without writing to Zendesk', async () => {
    const saved = await api.call({
      method: 'PUT',
      url: '/api/v1/settings',
      payload: { scaleId: 'ces1_5' },
    });
    expect(saved.statusCode).toBe(200);
    const worker = createOutboxService(api.app.config, getDb(), {
      zendesk: sandboxClient(zd.url),
    });
    expect(await worker.runOnce()).toBe(1);
    const [job] = await listJobs(getDb(), { kind: 'sync_zendesk' });
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
    expect(zd.writes()).toEqual([]);
    const status = (await api.get('/api/v1/settings/zendesk')).json<ZendeskSyncStatus>();
    expect(status).toMatchObject({ state: 'setup_needed', lastError: null });
  });
});
