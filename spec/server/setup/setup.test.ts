import { loadConfig } from '../../../src/server/config.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { SOLVE_WEBHOOK_BODY } from '../../../src/server/setup/desired.js';
import { applySetup, planSetup, type SetupDeps } from '../../../src/server/setup/setup.js';
import { formatSetupResult } from '../../../src/server/setup/cli.js';
import { readFieldIds, readWebhookState } from '../../../src/server/setup/zendesk-state.js';
import type { ZendeskClient } from '../../../src/server/zendesk/index.js';
import { isUndocumentedPlaceholder } from '../../../src/sandbox/zendesk/placeholders.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.test' });

describeEachDatabase('setup against the sandbox Zendesk', (getDb) => {
  let zd: RunningSandbox;
  let client: ZendeskClient;
  let deps: SetupDeps;

  beforeAll(async () => {
    zd = await startSandbox();
    client = sandboxClient(zd.url);
    deps = { db: getDb(), config, zendesk: client };
  });
  afterAll(async () => {
    await zd.close();
  });

  const states = (items: Array<{ key: string; state: string }>) =>
    Object.fromEntries(items.map((i) => [i.key, i.state]));

  it('finds everything missing in an empty account, and a dry run changes nothing', async () => {
    const plan = await planSetup(deps);
    expect(plan.ok).toBe(false);
    // Everything is missing; a link field not yet created is on no ticket form.
    expect(
      plan.items.filter((i) => i.key !== 'forms.link').every((i) => i.state === 'missing'),
    ).toBe(true);
    expect(plan.items.find((i) => i.key === 'forms.link')?.state).toBe('ok');
    expect(plan.items.map((i) => i.key)).toEqual(
      expect.arrayContaining([
        'field.link',
        'field.score',
        'field.driver',
        'field.comment',
        'webhook.solve',
        'webhook.userEvents',
        'dc.ces_question_ces2_7',
        'dc.ces_label_ces2_7_1',
        'dc.ces_label_ces2_7_7',
        'trigger.solve',
        'trigger.email',
        'trigger.followUp',
      ]),
    );
    const dry = await applySetup(deps, { dryRun: true, repair: false });
    expect(dry.writes).toBe(0);
    expect(dry.changes.every((c) => c.action === 'create' && !c.done)).toBe(true);
    expect(zd.writes()).toEqual([]);
    expect(formatSetupResult(dry, true)).toContain('CES survey link: will create');
  });

  it('creates every piece once and stores the field ids and the webhook signing secret', async () => {
    const result = await applySetup(deps, { dryRun: false, repair: false });
    expect(result.ok).toBe(true);
    expect(result.items.every((i) => i.state === 'ok')).toBe(true);
    // Each write the run counted is a request the sandbox answered with success.
    const writes = zd.writes();
    expect(writes).toHaveLength(result.writes);
    expect(writes.every((w) => w.status >= 200 && w.status < 300)).toBe(true);
    expect(writes.filter((w) => w.path.startsWith('/api/v2/ticket_fields'))).toHaveLength(4);
    // The solve webhook (triggers call it) and the user-events webhook (user deleted).
    expect(writes.filter((w) => w.path.startsWith('/api/v2/webhooks'))).toHaveLength(2);
    // Solve, email, reminder, high-effort alert and the inactive follow-up example.
    expect(writes.filter((w) => w.path.startsWith('/api/v2/triggers'))).toHaveLength(5);
    // Subject, intro, question, instruction, outro, one label per point of the 1–7 scale, and
    // the reminder's subject and intro.
    expect(writes.filter((w) => w.path.startsWith('/api/v2/dynamic_content'))).toHaveLength(14);

    const fields = await client.listTicketFields();
    const ids = await readFieldIds(getDb());
    expect(ids).not.toBeNull();
    const byId = (id: number) => fields.find((f) => f.id === id);
    // The link field: hidden from customers, and described to admins and agents as kept off
    // every ticket form (setup adds it to none).
    expect(byId(ids!.link)).toMatchObject({
      type: 'text',
      title: 'CES survey link',
      visible_in_portal: false,
      agent_description: expect.stringMatching(/^Keep this field off every ticket form/),
    });
    expect(byId(ids!.score)).toMatchObject({ type: 'integer', title: 'CES score' });
    expect(byId(ids!.comment)).toMatchObject({ type: 'textarea', title: 'CES comment' });
    const driver = byId(ids!.driver);
    expect(driver?.type).toBe('tagger');
    expect(driver?.custom_field_options?.map((o) => o.value)).toEqual(
      [...DEFAULT_SETTINGS.drivers, ...DEFAULT_SETTINGS.easyDrivers].map((d) => `ces_driver_${d}`),
    );
    expect(driver?.custom_field_options?.[0]?.name).not.toMatch(/^drivers\./);

    const [webhook, userEvents] = await client.listWebhooks();
    expect(webhook).toMatchObject({
      endpoint: 'https://ces.example.test/webhooks/zendesk',
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: ['conditional_ticket_events'],
    });
    const secret = await client.getWebhookSigningSecret(webhook!.id);
    expect(await readWebhookState(getDb())).toEqual({
      id: webhook!.id,
      signingSecret: secret.secret,
    });
    // Zendesk's user-deleted event, to its own endpoint, signed with its own secret.
    expect(userEvents).toMatchObject({
      name: 'CES user events webhook',
      endpoint: 'https://ces.example.test/webhooks/zendesk/users',
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: ['zen:event-type:user.deleted'],
    });
    const userEventsSecret = await client.getWebhookSigningSecret(userEvents!.id);
    expect(await readWebhookState(getDb(), 'user_events_webhook')).toEqual({
      id: userEvents!.id,
      signingSecret: userEventsSecret.secret,
    });
    expect(userEventsSecret.secret).not.toBe(secret.secret);
  });

  it('reports the user-events webhook as drift when its subscription was edited, and repairs it', async () => {
    const stored = (await readWebhookState(getDb(), 'user_events_webhook'))!;
    const hook = (await client.listWebhooks()).find((w) => w.id === stored.id)!;
    await client.updateWebhook(hook.id, {
      ...hook,
      subscriptions: ['zen:event-type:user.created'],
    });
    const plan = await planSetup(deps);
    const item = plan.items.find((i) => i.key === 'webhook.userEvents');
    expect(item?.state).toBe('drifted');
    expect(item?.detail).toContain('not subscribed to the user-deleted event');
    const repaired = await applySetup(deps, { dryRun: false, repair: true });
    expect(repaired.items.find((i) => i.key === 'webhook.userEvents')?.state).toBe('ok');
    expect((await client.listWebhooks()).find((w) => w.id === stored.id)?.subscriptions).toEqual([
      'zen:event-type:user.deleted',
    ]);
  });

  it('installs triggers whose conditions and bodies do what the loop needs', async () => {
    const ids = (await readFieldIds(getDb()))!;
    const webhook = (await readWebhookState(getDb()))!;
    const triggers = await client.listTriggers();
    const solve = triggers.find((t) => t.title === 'CES: survey on solve');
    expect(solve?.active).toBe(true);
    expect(solve?.conditions.all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', operator: 'value', value: 'solved' }),
        expect.objectContaining({
          field: 'current_tags',
          operator: 'not_includes',
          value: 'ces_skip',
        }),
      ]),
    );
    const notify = solve?.actions.find((a) => a.field === 'notification_webhook');
    const [webhookId, body] = notify?.value as [string, string];
    expect(webhookId).toBe(webhook.id);
    expect(JSON.parse(body)).toEqual(SOLVE_WEBHOOK_BODY);
    expect(JSON.parse(body)).toMatchObject({ type: 'ticket_solved', tags: '{{ticket.tags}}' });
    // Only placeholders in Zendesk's reference: who and what the ticket is comes from the API.
    const placeholders = body.match(/\{\{[^}]+\}\}/g) ?? [];
    expect(placeholders.filter((p) => isUndocumentedPlaceholder(p.slice(2, -2).trim()))).toEqual(
      [],
    );
    expect(placeholders.sort()).toEqual(
      [
        '{{satisfaction.current_rating}}',
        '{{ticket.id}}',
        '{{ticket.tags}}',
        '{{ticket.updated_at_with_timestamp}}',
        '{{ticket.via}}',
      ].sort(),
    );

    const email = triggers.find((t) => t.title === 'CES: email survey link');
    const mail = email?.actions.find((a) => a.field === 'notification_user')?.value as string[];
    expect(mail[0]).toBe('requester_id');
    // The button email by default: its languages in a Liquid case, no dynamic content in the body.
    expect(mail[2]).toMatch(
      /^<div[^>]*>.*\{% case ticket\.requester\.language %\}.*\{% endcase %\}<\/div>$/,
    );
    expect(mail[2]).not.toContain('{{dc.');
    expect(mail[1]).toContain('{{dc.ces_email_subject}}');
    for (let p = 1; p <= 7; p++) {
      expect(mail[2]).toContain(`{{ticket.ticket_field_${ids.link}}}?scale=ces2_7&amp;score=${p}`);
    }
    expect(email?.actions).toContainEqual(
      expect.objectContaining({ field: 'current_tags', value: 'ces_survey_sent' }),
    );
    const followUp = triggers.find((t) => t.title === 'CES: high effort follow-up');
    expect(followUp?.active).toBe(false);
  });

  it('fills the dynamic content in every shipped locale, with English as the default', async () => {
    const items = await client.listDynamicContentItems();
    const question = items.find((i) => i.name === 'ces_question_ces2_7');
    expect(question?.variants).toHaveLength(7);
    const locales = await client.listLocales();
    const text = (code: string) =>
      question?.variants.find((v) => v.locale_id === locales.find((l) => l.locale === code)?.id)
        ?.content;
    expect(text('en-US')).toMatch(/easy/i);
    expect(text('nl')).not.toBe(text('en-US'));
    expect(text('de')).not.toBe(text('en-US'));
    const english = question?.variants.find((v) => v.default);
    expect(english?.locale_id).toBe(locales.find((l) => l.locale === 'en-US')?.id);
  });

  it('makes zero writes when run a second time', async () => {
    zd.sandbox.requests.length = 0;
    const again = await applySetup(deps, { dryRun: false, repair: true });
    expect(again.writes).toBe(0);
    expect(again.changes).toEqual([]);
    expect(again.ok).toBe(true);
    expect(zd.writes()).toEqual([]);
    expect(formatSetupResult(again, false)).toContain('0 changes sent to Zendesk.');
  });

  it('reports a deleted trigger as missing and recreates it without needing repair', async () => {
    const solve = (await client.listTriggers()).find((t) => t.title === 'CES: survey on solve')!;
    await client.deleteTrigger(solve.id);
    const plan = await planSetup(deps);
    expect(states(plan.items)['trigger.solve']).toBe('missing');
    expect(plan.ok).toBe(false);

    zd.sandbox.requests.length = 0;
    const fixed = await applySetup(deps, { dryRun: false, repair: false });
    expect(fixed.writes).toBe(1);
    expect(zd.writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v2/triggers' }),
    ]);
    expect(fixed.ok).toBe(true);
    const titles = (await client.listTriggers()).map((t) => t.title);
    expect(titles.filter((t) => t === 'CES: survey on solve')).toHaveLength(1);
  });

  it('reports a ticket form that shows the survey link to agents, and takes it off only on repair', async () => {
    const ids = (await readFieldIds(getDb()))!;
    const form = zd.sandbox.store.ticketForms.list()[0]!;
    expect(states((await planSetup(deps)).items)['forms.link']).toBe('ok');
    zd.sandbox.store.ticketForms.update(form.id, {
      ticket_field_ids: [ids.score, ids.link, ids.comment],
    });
    const plan = await planSetup(deps);
    const finding = plan.items.find((i) => i.key === 'forms.link');
    expect(finding).toMatchObject({ kind: 'ticket_form', state: 'drifted', zendeskId: form.id });
    expect(finding?.detail).toContain(`"${form.name}"`);
    expect(plan.ok).toBe(false);
    zd.sandbox.requests.length = 0;
    expect((await applySetup(deps, { dryRun: false, repair: false })).writes).toBe(0);
    expect(zd.sandbox.store.ticketForms.get(form.id).ticket_field_ids).toContain(ids.link);
    const repaired = await applySetup(deps, { dryRun: false, repair: true });
    expect(repaired.ok).toBe(true);
    // Only the link field leaves the form; the admin's other fields keep their order.
    expect(zd.sandbox.store.ticketForms.get(form.id).ticket_field_ids).toEqual([
      ids.score,
      ids.comment,
    ]);
    expect(zd.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `PUT /api/v2/ticket_forms/${form.id}`,
    ]);
  });

  it('reports hand edits as drift and puts them back only when asked to repair', async () => {
    const email = (await client.listTriggers()).find((t) => t.title === 'CES: email survey link')!;
    await client.updateTrigger(email.id, {
      conditions: {
        all: [{ field: 'current_tags', operator: 'includes', value: 'ces_survey_ready' }],
      },
    });
    const items = await client.listDynamicContentItems();
    const subject = items.find((i) => i.name === 'ces_email_subject')!;
    const variant = subject.variants.find((v) => v.default)!;
    await client.updateDynamicContentVariant(subject.id, variant.id, { content: 'Rate us!!!' });

    const plan = await planSetup(deps);
    expect(states(plan.items)).toMatchObject({
      'trigger.email': 'drifted',
      'dc.ces_email_subject': 'drifted',
    });
    expect(plan.items.find((i) => i.key === 'trigger.email')?.detail).toMatch(/conditions/);

    zd.sandbox.requests.length = 0;
    const left = await applySetup(deps, { dryRun: false, repair: false });
    expect(left.writes).toBe(0);
    expect(zd.writes()).toEqual([]);
    expect(left.changes.map((c) => c.action)).toEqual(['leave_drift', 'leave_drift']);
    expect(left.ok).toBe(false);
    expect(formatSetupResult(left, false)).toContain('--repair');

    const repaired = await applySetup(deps, { dryRun: false, repair: true });
    expect(repaired.writes).toBe(2);
    expect(repaired.ok).toBe(true);
    expect((await client.getTrigger(email.id)).conditions.all).toHaveLength(2);
    expect((await applySetup(deps, { dryRun: false, repair: true })).writes).toBe(0);
  });

  it('calls a settings change pending, not drift, and updates it without repair', async () => {
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      drivers: [...DEFAULT_SETTINGS.drivers, 'billing'],
      customDriverLabels: { billing: { en: 'Billing was confusing' } },
    });
    const plan = await planSetup(deps);
    const driver = plan.items.find((i) => i.key === 'field.driver');
    expect(driver?.state).toBe('pending');
    expect(driver?.detail).toMatch(/^Our settings changed/);
    expect(plan.items.filter((i) => i.state === 'drifted')).toEqual([]);
    expect(formatSetupResult(plan, true)).toContain('pending  CES driver');

    const applied = await applySetup(deps, { dryRun: false, repair: false });
    expect(applied.ok).toBe(true);
    expect(applied.changes).toEqual([
      expect.objectContaining({ key: 'field.driver', action: 'update', done: true }),
    ]);
    const ids = (await readFieldIds(getDb()))!;
    const field = await client.getTicketField(ids.driver);
    expect(field.custom_field_options?.find((o) => o.value === 'ces_driver_billing')).toMatchObject(
      {
        name: 'Billing was confusing',
        value: 'ces_driver_billing',
      },
    );
  });

  it('keeps the option of a removed reason through setup and repair: past tickets keep it', async () => {
    // The previous test added "billing"; the admin now removes it again.
    await saveSettings(getDb(), DEFAULT_SETTINGS);
    const ids = (await readFieldIds(getDb()))!;
    expect(states((await planSetup(deps)).items)['field.driver']).toBe('ok');
    zd.sandbox.requests.length = 0;
    await applySetup(deps, { dryRun: false, repair: true });
    expect(zd.writes()).toEqual([]);
    const values = async () =>
      ((await client.getTicketField(ids.driver)).custom_field_options ?? []).map((o) => o.value);
    expect(await values()).toContain('ces_driver_billing');

    // A renamed reason is renamed in Zendesk; the retired option is still sent along.
    await saveSettings(getDb(), {
      ...DEFAULT_SETTINGS,
      customDriverLabels: { other: { en: 'Something else' } },
    });
    expect(states((await planSetup(deps)).items)['field.driver']).toBe('pending');
    await applySetup(deps, { dryRun: false, repair: true });
    const options = (await client.getTicketField(ids.driver)).custom_field_options ?? [];
    expect(options.find((o) => o.value === 'ces_driver_other')?.name).toBe('Something else');
    expect(options.map((o) => o.value)).toEqual(
      expect.arrayContaining([
        ...DEFAULT_SETTINGS.drivers.map((d) => `ces_driver_${d}`),
        'ces_driver_billing',
      ]),
    );
    await saveSettings(getDb(), DEFAULT_SETTINGS);
    await applySetup(deps, { dryRun: false, repair: true });
  });

  it('calls a hand edit of the drop-down drift, and leaves it to repair', async () => {
    const ids = (await readFieldIds(getDb()))!;
    const field = await client.getTicketField(ids.driver);
    const ours = field.custom_field_options?.find((o) => o.value === 'ces_driver_transferred');
    await client.updateTicketField(ids.driver, {
      custom_field_options: (field.custom_field_options ?? []).map((o) =>
        o.value === 'ces_driver_transferred' ? { name: 'Bounced around', value: o.value } : o,
      ),
    });
    const plan = await planSetup(deps);
    const driver = plan.items.find((i) => i.key === 'field.driver');
    expect(driver?.state).toBe('drifted');
    expect(driver?.detail).toMatch(/^Changed in Zendesk by someone/);
    zd.sandbox.requests.length = 0;
    expect((await applySetup(deps, { dryRun: false, repair: false })).writes).toBe(0);
    const repaired = await applySetup(deps, { dryRun: false, repair: true });
    expect(repaired.ok).toBe(true);
    const after = await client.getTicketField(ids.driver);
    expect(
      after.custom_field_options?.find((o) => o.value === 'ces_driver_transferred')?.name,
    ).toBe(ours?.name);
  });

  it("on a scale change writes the new scale's texts before the email, and keeps the old ones", async () => {
    await saveSettings(getDb(), { ...DEFAULT_SETTINGS, scaleId: 'ces1_5' });
    try {
      const plan = await planSetup(deps);
      expect(states(plan.items)).toMatchObject({
        'trigger.email': 'pending',
        'dc.ces_question_ces1_5': 'missing',
        'dc.ces_label_ces1_5_5': 'missing',
      });
      zd.sandbox.requests.length = 0;
      const applied = await applySetup(deps, { dryRun: false, repair: false });
      expect(applied.ok).toBe(true);
      const writes = zd.writes().map((w) => `${w.method} ${w.path}`);
      const lastText = writes.findLastIndex((w) => w.includes('/dynamic_content'));
      const trigger = writes.findIndex((w) => w.startsWith('PUT /api/v2/triggers'));
      expect(trigger).toBeGreaterThan(lastText);
      expect(writes.filter((w) => w.startsWith('POST /api/v2/dynamic_content'))).toHaveLength(6);

      const names = (await client.listDynamicContentItems()).map((i) => i.name);
      expect(names).toEqual(expect.arrayContaining(['ces_label_ces2_7_7', 'ces_question_ces2_7']));
      const ids = (await readFieldIds(getDb()))!;
      const email = (await client.listTriggers()).find((t) => t.title === 'CES: email survey link');
      const body = (
        email?.actions.find((a) => a.field === 'notification_user')?.value as string[]
      )[2];
      expect(body).toContain(`{{ticket.ticket_field_${ids.link}}}?scale=ces1_5&amp;score=5`);
      expect(body).not.toContain('ces2_7');
    } finally {
      await saveSettings(getDb(), DEFAULT_SETTINGS);
      await applySetup(deps, { dryRun: false, repair: false });
    }
  });

  it('recreates a deleted webhook, stores its new secret and points the solve trigger at it', async () => {
    const old = (await readWebhookState(getDb()))!;
    await client.deleteWebhook(old.id);
    const plan = await planSetup(deps);
    expect(states(plan.items)).toMatchObject({ 'webhook.solve': 'missing' });
    const result = await applySetup(deps, { dryRun: false, repair: false });
    expect(result.ok).toBe(true);
    const now = (await readWebhookState(getDb()))!;
    expect(now.id).not.toBe(old.id);
    expect(now.signingSecret).toBe((await client.getWebhookSigningSecret(now.id)).secret);
    const solve = (await client.listTriggers()).find((t) => t.title === 'CES: survey on solve');
    expect((solve?.actions[0]?.value as string[])[0]).toBe(now.id);
  });
});
