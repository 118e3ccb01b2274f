import { parseCsv } from '../../support/csv';
import type { ReportResponse, AgentSummaryResponse } from '../../../src/shared/api-types.js';
import { createNameLookup, NAME_CACHE_MS } from '../../../src/server/reports/names.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';
import { openApi, type Api } from '../routes/api/api-harness.js';

/** An id no sandbox user or group has: Zendesk no longer has it (deleted) or never had. */
const GONE = 9_999_999;

describeEachDatabase('names of agents and groups from Zendesk', (getDb) => {
  let zd: RunningSandbox;
  let api: Api;
  let ada: number;
  let bo: number;
  let group: number;

  beforeAll(async () => {
    zd = await startSandbox();
    const res = await fetch(`${zd.url}/__sandbox/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        groups: [{ name: 'Billing NL' }],
        users: [
          { name: 'Ada Agent', email: 'ada@sandbox.local', role: 'agent' },
          { name: 'Bo Builder', email: 'bo@sandbox.local', role: 'agent' },
        ],
      }),
    });
    const seeded = (await res.json()) as {
      users: Array<{ id: number }>;
      groups: Array<{ id: number }>;
    };
    [ada, bo] = seeded.users.map((u) => u.id) as [number, number];
    group = seeded.groups[0]!.id;
    await clearSurveys(getDb());
    const at = new Date().toISOString();
    for (const [assigneeId, groupId, score] of [
      [ada, group, 2],
      [bo, GONE, 6],
      [GONE, group, 1],
    ] as const) {
      await insertSurvey(getDb(), {
        assigneeId,
        groupId,
        createdAt: at,
        answer: { score, answeredAt: at },
      });
    }
    api = await openApi(getDb(), { ZENDESK_API_URL: zd.url });
  });
  afterAll(async () => {
    await api.close();
    await zd.close();
  });

  const showManyCalls = () =>
    zd.sandbox.requests.filter((r) => r.path.startsWith('/api/v2/users/show_many')).length;

  it('names every agent and group of a report in one lookup each, and the gone ones as deleted', async () => {
    const before = zd.sandbox.requests.length;
    const res = await api.get('/api/v1/report');
    expect(res.statusCode).toBe(200);
    const { names } = res.json<ReportResponse>();
    const byId = <T extends { id: number }>(list: T[]) => [...list].sort((a, b) => a.id - b.id);
    expect(byId(names.agents)).toEqual(
      byId([
        { id: ada, name: 'Ada Agent', deleted: false },
        { id: bo, name: 'Bo Builder', deleted: false },
        { id: GONE, name: null, deleted: true },
      ]),
    );
    expect(byId(names.groups)).toEqual(
      byId([
        { id: group, name: 'Billing NL', deleted: false },
        { id: GONE, name: null, deleted: true },
      ]),
    );
    const asked = zd.sandbox.requests.slice(before).map((r) => r.path.split('?')[0]);
    expect(asked.sort()).toEqual(['/api/v2/groups', '/api/v2/users/show_many']);

    // The CSV names its agents too; the names come from the cache, not from Zendesk again.
    const csv = await api.get('/api/v1/report.csv');
    expect(csv.body).toContain(`agent,${ada},Ada Agent,`);
    expect(csv.body).toContain(`agent,${GONE},,`);
    expect(csv.body).toContain(`group,${group},Billing NL,`);
    expect(zd.sandbox.requests.length).toBe(before + 2);

    // The answers CSV names each answer's agent and group the same way.
    const answers = parseCsv((await api.get('/api/v1/report/answers.csv')).body);
    const [header, ...rows] = answers;
    const named = rows.map((r) => [
      r[header!.indexOf('agent_name')],
      r[header!.indexOf('group_name')],
      r[header!.indexOf('score')],
    ]);
    expect(named.sort()).toEqual(
      [
        ['Ada Agent', 'Billing NL', '2'],
        ['Bo Builder', '', '6'],
        ['', 'Billing NL', '1'],
      ].sort(),
    );
  });

  it("names the sidebar's agent from Zendesk", async () => {
    const res = await api.get(`/api/v1/agents/${bo}/summary`);
    expect(res.statusCode).toBe(200);
    expect(res.json<AgentSummaryResponse>().agent).toEqual({
      id: bo,
      name: 'Bo Builder',
      deleted: false,
    });
    const gone = await api.get(`/api/v1/agents/${GONE}/summary`);
    expect(gone.json<AgentSummaryResponse>().agent).toEqual({
      id: GONE,
      name: null,
      deleted: true,
    });
  });

  it('asks Zendesk for at most 100 users per request, as show_many allows', async () => {
    const before = showManyCalls();
    const ids = [ada, ...Array.from({ length: 149 }, (_, i) => GONE + 1 + i), bo];
    const users = await sandboxClient(zd.url).showManyUsers(ids);
    expect(users.map((u) => u.name).sort()).toEqual(['Ada Agent', 'Bo Builder']);
    expect(showManyCalls()).toBe(before + 2);
  });

  it('asks again after the cache time, and keeps names it knew when Zendesk fails', async () => {
    let now = 1_000_000;
    const errors: unknown[] = [];
    const names = createNameLookup(() => sandboxClient(zd.url, { maxRetries: 0 }), {
      now: () => now,
      onError: (e) => errors.push(e),
    });
    const first = showManyCalls();
    expect(await names.users([ada, ada, bo])).toEqual([
      { id: ada, name: 'Ada Agent', deleted: false },
      { id: bo, name: 'Bo Builder', deleted: false },
    ]);
    await names.users([bo]);
    expect(showManyCalls()).toBe(first + 1);

    now += NAME_CACHE_MS + 1;
    await fetch(`${zd.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'outage',
        status: 503,
        durationMs: 60_000,
        pathPrefix: '/api/v2/users',
      }),
    });
    try {
      // Zendesk is down: the names known before stay; one never known is unknown, not deleted.
      expect(await names.users([ada, 4242])).toEqual([
        { id: ada, name: 'Ada Agent', deleted: false },
        { id: 4242, name: null, deleted: false },
      ]);
      expect(errors).toHaveLength(1);
    } finally {
      await fetch(`${zd.url}/__sandbox/faults`, { method: 'DELETE' });
    }
    expect(showManyCalls()).toBe(first + 2);
  });
});
