import { sandboxForSuite } from './sandbox-suite.js';
import { call } from './http.js';

describe('sandbox Zendesk: fields, webhooks and dynamic content', () => {
  const sandbox = sandboxForSuite();
  beforeEach(() => sandbox().reset());

  it('pages ticket fields by cursor and by offset like Zendesk', async () => {
    for (let i = 0; i < 5; i += 1)
      sandbox().store.ticketFields.create({ type: 'text', title: `F${i}` });
    const first = await call<{
      ticket_fields: Array<{ title: string }>;
      meta: { has_more: boolean; after_cursor: string };
      links: { next: string };
    }>(sandbox().url, 'GET', '/api/v2/ticket_fields?page[size]=2');
    expect(first.body.ticket_fields.map((f) => f.title)).toEqual(['F0', 'F1']);
    expect(first.body.meta.has_more).toBe(true);
    const nextPath =
      new URL(first.body.links.next).pathname + new URL(first.body.links.next).search;
    const second = await call<{ ticket_fields: Array<{ title: string }> }>(
      sandbox().url,
      'GET',
      nextPath,
    );
    expect(second.body.ticket_fields.map((f) => f.title)).toEqual(['F2', 'F3']);
    const offset = await call<{
      ticket_fields: unknown[];
      count: number;
      next_page: string | null;
    }>(sandbox().url, 'GET', '/api/v2/ticket_fields?per_page=4');
    expect(offset.body).toMatchObject({ count: 5 });
    expect(offset.body.next_page).toContain('page=2');
    expect(
      (await call(sandbox().url, 'GET', '/api/v2/ticket_fields?page[after]=garbage')).status,
    ).toBe(400);
    expect((await call(sandbox().url, 'GET', '/api/v2/ticket_fields?page[size]=101')).status).toBe(
      400,
    );
  });

  it('creates and edits drop-down fields; the type cannot change', async () => {
    const created = await call<{
      ticket_field: { id: number; custom_field_options: Array<{ id: number; value: string }> };
    }>(sandbox().url, 'POST', '/api/v2/ticket_fields', {
      ticket_field: {
        type: 'tagger',
        title: 'CES driver',
        custom_field_options: [{ name: 'Wait', value: 'ces_driver_wait' }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.ticket_field.id;
    const optionId = created.body.ticket_field.custom_field_options[0]!.id;
    const updated = await call<{
      ticket_field: { custom_field_options: Array<{ id: number; value: string }> };
    }>(sandbox().url, 'PUT', `/api/v2/ticket_fields/${id}`, {
      ticket_field: {
        custom_field_options: [
          { name: 'Wait', value: 'ces_driver_wait' },
          { name: 'Other', value: 'ces_driver_other' },
        ],
      },
    });
    expect(updated.body.ticket_field.custom_field_options.map((o) => o.value)).toEqual([
      'ces_driver_wait',
      'ces_driver_other',
    ]);
    expect(updated.body.ticket_field.custom_field_options[0]!.id).toBe(optionId);
    expect(
      (
        await call(sandbox().url, 'PUT', `/api/v2/ticket_fields/${id}`, {
          ticket_field: { type: 'text' },
        })
      ).status,
    ).toBe(422);
    const spaced = await call(sandbox().url, 'POST', '/api/v2/ticket_fields', {
      ticket_field: {
        type: 'tagger',
        title: 'Bad',
        custom_field_options: [{ name: 'x', value: 'has space' }],
      },
    });
    expect(spaced.status).toBe(422);
  });

  it('manages webhooks: 400 on bad input, 204 on update, and a signing secret that can be reset', async () => {
    const bad = await call(sandbox().url, 'POST', '/api/v2/webhooks', {
      webhook: {
        name: 'x',
        endpoint: 'not a url',
        http_method: 'POST',
        request_format: 'json',
        status: 'active',
        subscriptions: ['conditional_ticket_events'],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ code: 'InvalidValue' }] });
    const webhook = {
      name: 'CES solve webhook',
      endpoint: 'https://ces.example.com/webhooks/zendesk',
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: ['conditional_ticket_events'],
    };
    const created = await call<{ webhook: { id: string; signing_secret?: unknown } }>(
      sandbox().url,
      'POST',
      '/api/v2/webhooks',
      { webhook },
    );
    const id = created.body.webhook.id;
    expect(created.body.webhook).not.toHaveProperty('signing_secret');
    expect(
      (
        await call(sandbox().url, 'PUT', `/api/v2/webhooks/${id}`, {
          webhook: { ...webhook, name: 'Renamed' },
        })
      ).status,
    ).toBe(204);
    const found = await call<{ webhooks: Array<{ name: string }> }>(
      sandbox().url,
      'GET',
      '/api/v2/webhooks?filter[name_contains]=renam',
    );
    expect(found.body.webhooks.map((w) => w.name)).toEqual(['Renamed']);
    const secret = async () =>
      (
        await call<{ signing_secret: { secret: string } }>(
          sandbox().url,
          'GET',
          `/api/v2/webhooks/${id}/signing_secret`,
        )
      ).body.signing_secret.secret;
    const before = await secret();
    expect(before.length).toBeGreaterThanOrEqual(32);
    expect(
      (await call(sandbox().url, 'POST', `/api/v2/webhooks/${id}/signing_secret`)).status,
    ).toBe(201);
    expect(await secret()).not.toBe(before);
    expect((await call(sandbox().url, 'DELETE', `/api/v2/webhooks/${id}`)).status).toBe(204);
    expect((await call(sandbox().url, 'GET', `/api/v2/webhooks/${id}`)).status).toBe(404);
  });

  it('keeps dynamic content names unique and one variant per locale', async () => {
    const item = {
      name: 'CES question',
      default_locale_id: 1,
      variants: [{ locale_id: 1, default: true, content: 'How easy?' }],
    };
    const created = await call<{ item: { id: number; variants: Array<{ id: number }> } }>(
      sandbox().url,
      'POST',
      '/api/v2/dynamic_content/items',
      { item },
    );
    expect(created.status).toBe(201);
    expect(
      (await call(sandbox().url, 'POST', '/api/v2/dynamic_content/items', { item })).status,
    ).toBe(422);
    const itemId = created.body.item.id;
    const variant = await call<{ variant: { id: number } }>(
      sandbox().url,
      'POST',
      `/api/v2/dynamic_content/items/${itemId}/variants`,
      {
        variant: { locale_id: 9, content: 'Hoe makkelijk?' },
      },
    );
    expect(variant.status).toBe(201);
    expect(
      (
        await call(sandbox().url, 'POST', `/api/v2/dynamic_content/items/${itemId}/variants`, {
          variant: { locale_id: 9, content: 'dubbel' },
        })
      ).status,
    ).toBe(422);
    const edited = await call<{ variant: { content: string } }>(
      sandbox().url,
      'PUT',
      `/api/v2/dynamic_content/items/${itemId}/variants/${variant.body.variant.id}`,
      { variant: { content: 'Hoe eenvoudig?' } },
    );
    expect(edited.body.variant.content).toBe('Hoe eenvoudig?');
    expect(
      (
        await call(sandbox().url, 'POST', '/api/v2/dynamic_content/items', {
          item: { ...item, name: 'No default', variants: [{ locale_id: 9, content: 'x' }] },
        })
      ).status,
    ).toBe(422);
  });
});

describe('sandbox Zendesk: users/show_many', () => {
  const sandbox = sandboxForSuite();

  it('returns the known users of a list of ids and leaves unknown ids out', async () => {
    const ada = sandbox().store.users.create({
      name: 'Ada Agent',
      email: 'ada@x.test',
      role: 'agent',
    });
    const bob = sandbox().store.users.create({
      name: 'Bob',
      email: 'bob@x.test',
      role: 'end-user',
    });
    const res = await call<{ users: Array<{ id: number; name: string }> }>(
      sandbox().url,
      'GET',
      `/api/v2/users/show_many.json?ids=${ada.id},999999,${bob.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.users.map((u) => u.name)).toEqual(['Ada Agent', 'Bob']);
  });

  it('refuses a missing, malformed or too long id list with 400', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    for (const query of ['', '?ids=', '?ids=1,abc', `?ids=${tooMany}`]) {
      const res = await call(sandbox().url, 'GET', `/api/v2/users/show_many${query}`);
      expect(res.status).toBe(400);
    }
  });
});
