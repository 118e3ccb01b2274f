/**
 * Only documented placeholders, Zendesk's API as the authority, over HTTP: the sandbox renders
 * every placeholder Zendesk's reference does not list as empty; the survey still gets its group,
 * brand, assignee and the requester's language from the API, and its rules apply before a link
 * goes out. Deliveries are taken once per invocation, and once per solve.
 */
import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import type { DeliveryRecord } from '../../../src/sandbox/zendesk/records.js';
import { signWebhook } from '../../../src/sandbox/zendesk/webhook-dispatcher.js';
import type { TicketSurveyResponse } from '../../../src/shared/api-types.js';
import { appSessionToken } from '../../support/app-session.js';
import { describeEachDatabase } from '../../support/databases.js';
import { LoopWorld } from './loop-world.js';
import { waitFor } from './sandbox-harness.js';

describeEachDatabase('documented placeholders only, over HTTP', (getDb) => {
  let world: LoopWorld;
  let billingGroupId = 0;
  let acmeBrandId = 0;
  let otherGroupId = 0;
  beforeAll(async () => {
    world = new LoopWorld(getDb());
    await world.start();
    await world.control('PUT', '/__sandbox/placeholders', { undocumented: 'empty' });
    const seeded = await world.control<{
      groups: Array<{ id: number }>;
      brands: Array<{ id: number }>;
    }>('POST', '/__sandbox/seed', {
      groups: [{ name: 'Billing' }, { name: 'Escalations' }],
      brands: [{ name: 'Acme', subdomain: 'acme' }],
    });
    billingGroupId = seeded.groups[0]!.id;
    otherGroupId = seeded.groups[1]!.id;
    acmeBrandId = seeded.brands[0]!.id;
    world.worker().start();
  });
  afterAll(async () => {
    await world.close();
  });

  async function ticketIn(groupId: number): Promise<number> {
    const ticket = await world.client.createTicket({
      subject: 'Invoice twice',
      comment: { body: 'I was charged twice.' },
      requester_id: world.requesterId,
      assignee_id: world.agentId,
      group_id: groupId,
      brand_id: acmeBrandId,
    });
    return ticket.id;
  }

  async function deliveries(ticketId: number): Promise<DeliveryRecord[]> {
    await world.control('POST', '/__sandbox/flush');
    const { deliveries } = await world.control<{ deliveries: DeliveryRecord[] }>(
      'GET',
      `/__sandbox/webhook-deliveries?ticket_id=${ticketId}`,
    );
    return deliveries;
  }

  async function snapshot(ticketId: number) {
    const { rows } = await getDb().query(
      `SELECT requester_id, requester_locale, assignee_id, group_id, brand_id FROM surveys
        WHERE ticket_id = $1`,
      [ticketId],
    );
    return rows;
  }

  /** Delivers a sandbox delivery's body again, as Zendesk would, with the given invocation id. */
  async function redeliver(delivery: DeliveryRecord, invocationId: string) {
    const webhook = world.zd.sandbox.store.webhooks.get(delivery.webhook_id);
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await fetch(delivery.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-id': webhook.id,
        'x-zendesk-webhook-invocation-id': invocationId,
        'x-zendesk-webhook-signature-timestamp': timestamp,
        'x-zendesk-webhook-signature': signWebhook(
          webhook.signing_secret,
          timestamp,
          delivery.body,
        ),
      },
      body: delivery.body,
    });
    return { status: res.status, body: (await res.json()) as { outcome: string } };
  }

  it('gives the survey its group, brand, assignee and language from the API', async () => {
    const ticketId = await ticketIn(billingGroupId);
    const links = await world.solveAndAwaitEmail(ticketId);

    const [delivery] = await deliveries(ticketId);
    // What Zendesk sent says only "look at this ticket": no ids, no locale.
    expect(JSON.parse(delivery!.body)).toEqual({
      type: 'ticket_solved',
      ticket_id: String(ticketId),
      channel: 'API',
      solved_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      satisfaction: '',
      tags: '',
    });
    expect(await snapshot(ticketId)).toEqual([
      {
        requester_id: world.requesterId,
        requester_locale: 'nl',
        assignee_id: world.agentId,
        group_id: billingGroupId,
        brand_id: acmeBrandId,
      },
    ]);
    // The customer reads the survey page in their language, which only the API told us.
    const page = await fetch(links[0]!);
    expect(await page.text()).toMatch(/<html lang="nl"/);
  });

  it('skips a survey for a group excluded only by what the API says, before any link goes out', async () => {
    const settings = await getSettings(getDb());
    await saveSettings(getDb(), {
      ...settings,
      rules: { ...settings.rules, excludedGroupIds: [otherGroupId] },
    });
    try {
      const ticketId = await ticketIn(otherGroupId);
      await world.solve(ticketId);
      const state = await waitFor('the excluded-group skip', async () => {
        const res = await fetch(`${world.config.publicUrl}/api/v1/tickets/${ticketId}`, {
          headers: { authorization: `Bearer ${await appSessionToken(world.config)}` },
        });
        const body = (await res.json()) as TicketSurveyResponse;
        return body.skip?.reason === 'excluded_group' && body;
      });
      expect(state.skip?.detail).toBe(String(otherGroupId));
      expect(state.survey).toBeNull();
      const ticket = await world.ticket(ticketId);
      expect(world.field(ticket, world.fields.link)).toBeNull();
      expect(ticket.tags).not.toContain('ces_survey_ready');
      expect(await world.emails(ticketId)).toEqual([]);
    } finally {
      await saveSettings(getDb(), settings);
    }
  });

  it('takes the same invocation twice, and a new invocation of one solve, as one survey', async () => {
    const ticketId = await ticketIn(billingGroupId);
    await world.solveAndAwaitEmail(ticketId);
    const [delivery] = await deliveries(ticketId);
    expect(delivery!.status).toBe('delivered');

    const retry = await redeliver(delivery!, delivery!.invocation_id);
    expect(retry).toEqual({ status: 200, body: expect.objectContaining({ outcome: 'duplicate' }) });
    const resent = await redeliver(delivery!, `${delivery!.invocation_id}-again`);
    expect(resent).toEqual({
      status: 200,
      body: expect.objectContaining({ outcome: 'duplicate' }),
    });
    expect(await snapshot(ticketId)).toHaveLength(1);
    expect(await world.emails(ticketId)).toHaveLength(1);
  });
});
