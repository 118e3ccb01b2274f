/**
 * Roles on every route: a table walks every operation of the service's OpenAPI document as an
 * admin, team leads of groups X and Y, agents of X and Y, an end user and no session, and checks
 * the status each gets (never a 5xx). A route added without a row here fails the first test.
 */
import type { InjectOptions } from 'fastify';
import type {
  AccessPolicyResponse,
  AgentSearchResponse,
  AuditResponse,
  CustomRolesResponse,
  MeResponse,
} from '../../../../src/shared/access.js';
import type { ReportResponse } from '../../../../src/shared/api-types.js';
import { appSessionHeaders } from '../../../support/app-session.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { fixedRoles, GROUP_X, GROUP_Y, TEST_USERS } from '../../../support/roles.js';
import { startSandbox, type RunningSandbox } from '../../loop/sandbox-harness.js';
import { openApi, type Api } from './api-harness.js';

type Persona = keyof typeof TEST_USERS | 'none';
const PERSONAS: Persona[] = ['admin', 'leadX', 'leadY', 'agentX', 'agentY', 'endUser', 'none'];

/**
 * Who may: everyone of the account, agentX's own figures and page (agentX themself, and team report
 * users who may see agentX), team report users, admins.
 */
type Who = 'agents' | 'agentX' | 'report' | 'admin';
const ALLOWED: Record<Who, Persona[]> = {
  agents: ['admin', 'leadX', 'leadY', 'agentX', 'agentY'],
  agentX: ['admin', 'leadX', 'agentX'],
  report: ['admin', 'leadX', 'leadY'],
  admin: ['admin'],
};

interface Row {
  who: Who;
  /** Statuses an allowed caller may get (e.g. 409 when a rule skips the survey). */
  ok: number[];
  request: (ticketId: number) => InjectOptions;
}

const AGENT_X = TEST_USERS.agentX.userId;
const ROWS: Record<string, Row> = {
  'GET /api/v1/me': { who: 'agents', ok: [200], request: () => ({ url: '/api/v1/me' }) },
  'GET /api/v1/tickets/{id}': {
    who: 'agents',
    ok: [200],
    request: (t) => ({ url: `/api/v1/tickets/${t}` }),
  },
  'POST /api/v1/tickets/{id}/survey': {
    who: 'agents',
    ok: [201, 409],
    request: (t) => ({ method: 'POST', url: `/api/v1/tickets/${t}/survey`, payload: {} }),
  },
  'GET /api/v1/requesters/{id}': {
    who: 'agents',
    ok: [200],
    request: () => ({ url: '/api/v1/requesters/2' }),
  },
  // Erasing cannot be undone: admins only, with the requester id repeated.
  'POST /api/v1/requesters/{id}/erase': {
    who: 'admin',
    ok: [200],
    request: () => ({
      method: 'POST',
      url: '/api/v1/requesters/2/erase',
      payload: { confirmRequesterId: 2 },
    }),
  },
  'GET /api/v1/agents/{id}/summary': {
    who: 'agentX',
    ok: [200],
    request: () => ({ url: `/api/v1/agents/${AGENT_X}/summary` }),
  },
  'GET /api/v1/agents/{id}/report': {
    who: 'agentX',
    ok: [200],
    request: () => ({ url: `/api/v1/agents/${AGENT_X}/report` }),
  },
  'GET /api/v1/agents/{id}/answers': {
    who: 'agentX',
    ok: [200],
    request: () => ({ url: `/api/v1/agents/${AGENT_X}/answers` }),
  },
  'GET /api/v1/report': { who: 'report', ok: [200], request: () => ({ url: '/api/v1/report' }) },
  'GET /api/v1/report.csv': {
    who: 'report',
    ok: [200],
    request: () => ({ url: '/api/v1/report.csv' }),
  },
  'GET /api/v1/report/answers': {
    who: 'report',
    ok: [200],
    request: () => ({ url: '/api/v1/report/answers' }),
  },
  'GET /api/v1/report/answers.csv': {
    who: 'report',
    ok: [200],
    request: () => ({ url: '/api/v1/report/answers.csv' }),
  },
  // The weekly digest: a team lead's or admin's own, for the groups they see.
  'GET /api/v1/digest': { who: 'report', ok: [200], request: () => ({ url: '/api/v1/digest' }) },
  'PUT /api/v1/digest': {
    who: 'report',
    ok: [200],
    request: () => ({
      method: 'PUT',
      url: '/api/v1/digest',
      payload: { enabled: false, locale: 'en' },
    }),
  },
  'GET /api/v1/settings': { who: 'admin', ok: [200], request: () => ({ url: '/api/v1/settings' }) },
  'PUT /api/v1/settings': {
    who: 'admin',
    ok: [200],
    request: () => ({ method: 'PUT', url: '/api/v1/settings', payload: { companyName: 'Acme' } }),
  },
  'GET /api/v1/settings/zendesk': {
    who: 'admin',
    ok: [200],
    request: () => ({ url: '/api/v1/settings/zendesk' }),
  },
  'GET /api/v1/setup': { who: 'admin', ok: [200], request: () => ({ url: '/api/v1/setup' }) },
  'POST /api/v1/setup': {
    who: 'admin',
    ok: [200],
    request: () => ({ method: 'POST', url: '/api/v1/setup', payload: {} }),
  },
  'GET /api/v1/outbox': { who: 'admin', ok: [200], request: () => ({ url: '/api/v1/outbox' }) },
  // No failed job to retry: the admin hears so (404); nobody else learns even that.
  'POST /api/v1/outbox/{id}/retry': {
    who: 'admin',
    ok: [404],
    request: () => ({ method: 'POST', url: '/api/v1/outbox/1/retry' }),
  },
  'GET /api/v1/access': { who: 'admin', ok: [200], request: () => ({ url: '/api/v1/access' }) },
  'PUT /api/v1/access': {
    who: 'admin',
    ok: [200],
    request: () => ({
      method: 'PUT',
      url: '/api/v1/access',
      payload: {
        teamLeadRoles: ['Team Leader'],
        teamLeadUserIds: [],
        teamLeadsSeeAllGroups: false,
      },
    }),
  },
  'GET /api/v1/access/roles': {
    who: 'admin',
    ok: [200],
    request: () => ({ url: '/api/v1/access/roles' }),
  },
  'GET /api/v1/access/users': {
    who: 'admin',
    ok: [200],
    request: () => ({ url: '/api/v1/access/users?name=Sandbox' }),
  },
  'GET /api/v1/audit': { who: 'admin', ok: [200], request: () => ({ url: '/api/v1/audit' }) },
};

describeEachDatabase('roles on every API route', (getDb) => {
  let zd: RunningSandbox;
  let api: Api;
  let ticketId: number;

  const as = async (persona: Persona, request: InjectOptions) =>
    api.app.inject({
      method: 'GET',
      ...request,
      headers:
        persona === 'none'
          ? {}
          : await appSessionHeaders(api.app, { zendeskUserId: TEST_USERS[persona].userId }),
    });

  beforeAll(async () => {
    zd = await startSandbox();
    api = await openApi(
      getDb(),
      { ZENDESK_API_URL: zd.url, PUBLIC_URL: 'https://ces.example.test' },
      undefined,
      fixedRoles(),
    );
    const res = await fetch(`${zd.url}/__sandbox/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        users: [{ name: 'Rita Requester', email: 'rita@example.test', role: 'end-user' }],
      }),
    });
    const seeded = (await res.json()) as { users: Array<{ id: number }> };
    const ticket = await fetch(`${zd.url}/__sandbox/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tickets: [
          {
            subject: 'Roles',
            comment: { body: 'Who may send this?' },
            requester_id: seeded.users[0]!.id,
            status: 'open',
          },
        ],
      }),
    });
    ticketId = ((await ticket.json()) as { tickets: Array<{ id: number }> }).tickets[0]!.id;
  });
  afterAll(async () => {
    await api.close();
    await zd.close();
  });

  it('has a row for every operation of the OpenAPI document, and only those', async () => {
    const doc = (await api.app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(Object.keys(ROWS).sort());
  });

  const cases = Object.entries(ROWS).flatMap(([route, row]) =>
    PERSONAS.map((persona) => [route, persona, row] as const),
  );
  it.each(cases)('%s as %s', async (_route, persona, row) => {
    const res = await as(persona, row.request(ticketId));
    expect(res.statusCode).toBeLessThan(500);
    if (persona === 'none') {
      expect(res.statusCode).toBe(401);
    } else if (ALLOWED[row.who].includes(persona)) {
      expect(row.ok).toContain(res.statusCode);
    } else {
      expect(res.statusCode).toBe(403);
      const body = res.json<{ error: string; message: string }>();
      expect(body.error).toBe('forbidden');
      expect(body.message.length).toBeGreaterThan(20);
    }
  });

  it("refuses an agent another agent's summary, and a team lead of Y the agents of X", async () => {
    const ofY = `/api/v1/agents/${TEST_USERS.agentY.userId}/summary`;
    expect((await as('agentX', { url: ofY })).statusCode).toBe(403);
    expect((await as('leadX', { url: ofY })).statusCode).toBe(403);
    expect((await as('leadY', { url: ofY })).statusCode).toBe(200);

    const groupX = `/api/v1/report?groupId=${GROUP_X}`;
    expect((await as('leadY', { url: groupX })).statusCode).toBe(403);
    expect(
      (await as('leadY', { url: `/api/v1/report/answers?groupId=${GROUP_X}` })).statusCode,
    ).toBe(403);
    expect((await as('leadY', { url: `/api/v1/report.csv?groupId=${GROUP_X}` })).statusCode).toBe(
      403,
    );
    // Without a filter a team lead's page is their own group's.
    const own = (await as('leadY', { url: '/api/v1/report' })).json<ReportResponse>();
    expect(own.filters.groupId).toBe(GROUP_Y);
    expect((await as('admin', { url: groupX })).statusCode).toBe(200);
  });

  it("lets an agent open their own page, compared with their own group, and no colleague's", async () => {
    const own = await as('agentX', { url: `/api/v1/agents/${AGENT_X}/report` });
    expect(own.statusCode).toBe(200);
    expect(own.json<{ filters: { groupId?: number } }>().filters.groupId).toBe(GROUP_X);
    expect((await as('agentX', { url: `/api/v1/agents/${AGENT_X}/answers` })).statusCode).toBe(200);
    const otherGroup = await as('agentX', {
      url: `/api/v1/agents/${AGENT_X}/report?groupId=${GROUP_Y}`,
    });
    expect(otherGroup.statusCode).toBe(403);
    const colleague = await as('agentY', { url: `/api/v1/agents/${AGENT_X}/report` });
    expect(colleague.statusCode).toBe(403);
    expect(colleague.json<{ message: string }>().message).toMatch(/only your own figures/);
    expect((await as('agentY', { url: `/api/v1/agents/${AGENT_X}/answers` })).statusCode).toBe(403);
  });

  it("keeps an agent's page to the groups the team lead may see", async () => {
    const page = `/api/v1/agents/${AGENT_X}/report`;
    expect((await as('leadX', { url: `${page}?groupId=${GROUP_Y}` })).statusCode).toBe(403);
    expect(
      (await as('leadX', { url: `/api/v1/agents/${AGENT_X}/answers?groupId=${GROUP_Y}` }))
        .statusCode,
    ).toBe(403);
    expect((await as('leadY', { url: page })).statusCode).toBe(403);
    // Without a filter it is the team lead's own group's; an admin may pick any group.
    const own = (await as('leadX', { url: page })).json<{ filters: { groupId?: number } }>();
    expect(own.filters.groupId).toBe(GROUP_X);
    expect((await as('admin', { url: `${page}?groupId=${GROUP_Y}` })).statusCode).toBe(200);
  });

  it('tells each user their role, groups and capabilities', async () => {
    const me = async (p: Persona) => (await as(p, { url: '/api/v1/me' })).json<MeResponse>();
    expect(await me('admin')).toMatchObject({ role: 'admin', reportGroups: 'all' });
    expect(await me('leadX')).toMatchObject({
      role: 'team_lead',
      reportGroups: [GROUP_X],
      customRole: { name: 'Team Leader' },
    });
    const agent = await me('agentX');
    expect(agent).toMatchObject({ role: 'agent', reportGroups: [], groups: [GROUP_X] });
    expect(agent.capabilities).not.toContain('teamReport');
    expect(agent.capabilities).not.toContain('settings');
  });

  it("offers the account's custom roles and its agents to pick team leads from", async () => {
    const roles = (await as('admin', { url: '/api/v1/access/roles' })).json<CustomRolesResponse>();
    expect(roles.available).toBe(true);
    expect(roles.roles.map((r) => r.name)).toEqual(['Staff', 'Team Leader']);
    const found = (
      await as('admin', { url: '/api/v1/access/users?name=sandbox' })
    ).json<AgentSearchResponse>();
    expect(found.users).toContainEqual(expect.objectContaining({ name: 'Sandbox Admin' }));
    // End users are not offered.
    const rita = (
      await as('admin', { url: '/api/v1/access/users?name=Rita' })
    ).json<AgentSearchResponse>();
    expect(rita.users).toEqual([]);
  });

  it('refuses roles and users Zendesk does not know, naming the entry not echoing it', async () => {
    const put = (payload: object) => as('admin', { method: 'PUT', url: '/api/v1/access', payload });
    const base = {
      teamLeadRoles: ['Team Leader'],
      teamLeadUserIds: [],
      teamLeadsSeeAllGroups: false,
    };
    const role = await put({ ...base, teamLeadRoles: ['Team Leader', 'Chief <b>Wizard</b>'] });
    expect(role.statusCode).toBe(400);
    const roleBody = role.json<{ error: string; message: string }>();
    expect(roleBody.error).toBe('unknown_custom_role');
    expect(roleBody.message).toContain('[1]');
    expect(roleBody.message).not.toContain('Wizard');
    const user = await put({ ...base, teamLeadUserIds: [TEST_USERS.endUser.userId, 987654321] });
    expect(user.statusCode).toBe(400);
    expect(user.json<{ error: string; message: string }>()).toMatchObject({
      error: 'unknown_user',
      message: expect.stringContaining('[0], [1]'),
    });
    // Nothing was stored, nothing audited.
    const stored = (await as('admin', { url: '/api/v1/access' })).json<AccessPolicyResponse>();
    expect(stored.policy.teamLeadRoles).toEqual(['Team Leader']);
    // A role picked by another case of its name, or by id, is known.
    const staff = await put({ ...base, teamLeadRoles: ['Team Leader', 'staff'] });
    expect(staff.statusCode).toBe(200);
    expect((await put(base)).statusCode).toBe(200);
  });

  it('makes a named user a team lead, and records who changed it', async () => {
    const put = await as('admin', {
      method: 'PUT',
      url: '/api/v1/access',
      payload: {
        teamLeadRoles: ['Team Leader'],
        teamLeadUserIds: [TEST_USERS.agentY.userId],
        teamLeadsSeeAllGroups: false,
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json<AccessPolicyResponse>().teamLeadUsers.map((u) => u.id)).toEqual([
      TEST_USERS.agentY.userId,
    ]);
    const me = (await as('agentY', { url: '/api/v1/me' })).json<MeResponse>();
    expect(me.role).toBe('team_lead');
    expect((await as('agentY', { url: '/api/v1/report' })).statusCode).toBe(200);

    const audit = (await as('admin', { url: '/api/v1/audit' })).json<AuditResponse>();
    const entry = audit.items.find((e) => e.action === 'access.update');
    expect(entry?.user).toEqual({ id: TEST_USERS.admin.userId, name: TEST_USERS.admin.name });
    expect(entry?.changes).toContainEqual({
      path: 'teamLeadUserIds',
      from: [],
      to: [TEST_USERS.agentY.userId],
    });
    await as('admin', {
      method: 'PUT',
      url: '/api/v1/access',
      payload: {
        teamLeadRoles: ['Team Leader'],
        teamLeadUserIds: [],
        teamLeadsSeeAllGroups: false,
      },
    });
  });
});
