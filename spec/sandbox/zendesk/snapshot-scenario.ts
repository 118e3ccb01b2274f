import type { SandboxStore, StoreOptions } from '../../../src/sandbox/zendesk/store.js';

/**
 * One of every kind of record, made through the store's operations on a fixed clock: the
 * fixture snapshot-before-issue-12.json is what the store of before issue 12 (one class) wrote
 * after this scenario, so the snapshot format and the store's behaviour can be checked against it.
 */
export function scenarioOptions(): StoreOptions {
  let t = Date.parse('2026-11-20T09:00:00Z');
  return { now: () => (t += 1000), ticketUpdateLimit: null };
}

export function playScenario(store: SandboxStore): void {
  const group = store.groups.create({ name: 'Billing' });
  const agent = store.users.create({
    name: 'Anna Agent',
    email: 'anna@sandbox.local',
    role: 'agent',
    group_ids: [group.id],
    default_group_id: group.id,
  });
  const customer = store.users.create({
    name: 'Klaas Klant',
    email: 'klaas@example.com',
    locale: 'nl',
  });
  const gone = store.users.create({ name: 'Gone User', email: 'gone@example.com' });
  store.brands.create({ name: 'Second Brand' });
  const link = store.ticketFields.create({ type: 'text', title: 'CES survey link' });
  const driver = store.ticketFields.create({
    type: 'tagger',
    title: 'CES driver',
    custom_field_options: [
      { name: 'Speed', value: 'ces_driver_speed' },
      { name: 'Clarity', value: 'ces_driver_clarity' },
    ],
  });
  store.ticketForms.update(store.ticketForms.list()[0]!.id, {
    ticket_field_ids: [link.id, driver.id],
  });
  const webhook = store.webhooks.create({
    name: 'CES',
    description: '',
    status: 'active',
    endpoint: 'http://127.0.0.1:9/webhooks/zendesk',
    http_method: 'POST',
    request_format: 'json',
    subscriptions: ['conditional_ticket_events', 'zen:event-type:user.deleted'],
    custom_headers: {},
  });
  const category = store.triggerCategories.create({ name: 'CES' });
  const item = store.dynamicContent.create({
    name: 'CES question',
    default_locale_id: 1,
    variants: [{ locale_id: 1, content: 'How easy?', default: true }],
  });
  store.dynamicContent.createVariant(item.id, { locale_id: 9, content: 'Hoe makkelijk?' });
  store.triggers.create({
    title: 'CES solved',
    category_id: category.id,
    conditions: { all: [{ field: 'status', operator: 'value', value: 'solved' }], any: [] },
    actions: [
      { field: 'notification_webhook', value: [webhook.id, '{"ticket_id":"{{ticket.id}}"}'] },
    ],
  });
  store.triggers.create({
    title: 'CES email',
    conditions: {
      all: [
        { field: 'current_tags', operator: 'includes', value: 'ces_survey_ready' },
        { field: 'current_tags', operator: 'not_includes', value: 'ces_survey_sent' },
      ],
      any: [],
    },
    actions: [
      {
        field: 'notification_user',
        value: ['requester_id', 'Survey', `{{dc.ces_question}} {{ticket.ticket_field_${link.id}}}`],
      },
      { field: 'current_tags', value: 'ces_survey_sent' },
    ],
  });
  const { ticket } = store.tickets.create({
    subject: 'Invoice',
    comment: { body: 'Charged twice.' },
    requester_id: customer.id,
    group_id: group.id,
    assignee_id: agent.id,
    tags: ['vip'],
  });
  store.tickets.update(ticket.id, {
    status: 'solved',
    comment: { body: 'Refunded.', public: false },
  });
  store.tickets.update(ticket.id, {
    custom_fields: [
      { id: link.id, value: 'http://x/s/abc' },
      { id: driver.id, value: 'ces_driver_speed' },
    ],
    additional_tags: 'ces_survey_ready',
  });
  store.tickets.bulkCreate([
    {
      subject: 'Old',
      comment: { body: 'Old one' },
      requester_id: customer.id,
      created_at: '2026-10-01T10:00:00Z',
      status: 'closed',
    },
  ]);
  store.users.delete(gone.id);
}

/** A snapshot's JSON with what is random in it (webhook ids and secrets, UUIDs) named. */
export function withoutRandomness(json: string): string {
  const snapshot = JSON.parse(json) as {
    webhooks: Array<{ id: string; signing_secret: string }>;
  };
  let text = json;
  snapshot.webhooks.forEach((w, i) => {
    text = text.split(w.id).join(`<webhook ${i}>`);
    text = text.split(w.signing_secret).join(`<secret ${i}>`);
  });
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
}
