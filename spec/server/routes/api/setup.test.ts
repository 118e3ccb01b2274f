import type { SetupApplyResponse, SetupStatusResponse } from '../../../../src/shared/api-types.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { startSandbox, type RunningSandbox } from '../../loop/sandbox-harness.js';
import { openApi, type Api } from './api-harness.js';

describeEachDatabase('GET/POST /api/v1/setup against the sandbox Zendesk', (getDb) => {
  let zd: RunningSandbox;
  let api: Api;
  beforeAll(async () => {
    zd = await startSandbox();
    api = await openApi(getDb(), {
      ZENDESK_API_URL: zd.url,
      PUBLIC_URL: 'https://ces.example.test',
    });
  });
  afterAll(async () => {
    await api.close();
    await zd.close();
  });

  it('reports what Zendesk lacks without changing it, creates it, then reports all ok', async () => {
    const before = await api.get('/api/v1/setup');
    expect(before.statusCode).toBe(200);
    const plan = before.json<SetupStatusResponse>();
    expect(plan.ok).toBe(false);
    expect(plan.items.length).toBeGreaterThan(5);
    // Everything setup makes is missing; the check that no ticket form shows the link field
    // passes on an account that has no such field yet.
    const made = plan.items.filter((i) => i.kind !== 'ticket_form');
    expect(made.every((i) => i.state === 'missing')).toBe(true);
    expect(plan.items.filter((i) => i.kind === 'ticket_form').map((i) => i.state)).toEqual(['ok']);
    expect(zd.writes()).toEqual([]);

    const run = await api.call({ method: 'POST', url: '/api/v1/setup', payload: {} });
    expect(run.statusCode).toBe(200);
    const result = run.json<SetupApplyResponse>();
    expect(result.ok).toBe(true);
    expect(result.writes).toBeGreaterThan(0);
    expect(result.changes.every((c) => c.action === 'create' && c.done)).toBe(true);

    const after = (await api.get('/api/v1/setup')).json<SetupStatusResponse>();
    expect(after.ok).toBe(true);
    expect(after.items.map((i) => i.key).sort()).toEqual(plan.items.map((i) => i.key).sort());

    const again = (
      await api.call({ method: 'POST', url: '/api/v1/setup', payload: { repair: true } })
    ).json<SetupApplyResponse>();
    expect(again.writes).toBe(0);
    expect(again.changes).toEqual([]);
  });

  it('answers 400 to a body it does not understand', async () => {
    const res = await api.call({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { repair: 'yes' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('says Zendesk is unreachable with 502, not 500', async () => {
    const down = await openApi(getDb(), { ZENDESK_API_URL: 'http://127.0.0.1:9' });
    try {
      const res = await down.get('/api/v1/setup');
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ error: 'zendesk_unavailable' });
      expect(res.json<{ message: string }>().message).toMatch(/ZENDESK_/);
    } finally {
      await down.close();
    }
  });
});
