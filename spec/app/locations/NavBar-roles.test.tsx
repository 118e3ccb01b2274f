/** @jest-environment jsdom */
import '../support/dom.js';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import type { AgentReportResponse } from '../../../src/shared/api-types.js';
import { agentSummary, metrics, report, trend } from '../support/fixtures.js';
import { renderApp, text } from '../support/render.js';
import { fail, meFor, MockZafClient, ok, route, type Route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const now = () => NOW;
const t = (key: string, vars?: Record<string, string | number>) => text('en', key, vars);
const ME = { id: 7, name: 'Ada Agent' };
/** The first render loads the app frame and catalogs: slow on a loaded machine. */
const FIRST = { timeout: 15_000 };

/** The agent page of `agentId`, as the service answers it. */
function agentReport(agentId: number, name: string): AgentReportResponse {
  return {
    agentId,
    agent: { id: agentId, name, deleted: false },
    filters: { from: '2026-10-25', to: '2026-11-23' },
    scaleId: 'ces2_7',
    scales: [{ scaleId: 'ces2_7', n: 12, firstDay: '2026-10-25', lastDay: '2026-11-23' }],
    timeZone: 'UTC',
    metrics: metrics({ n: 12 }),
    csat: null,
    standing: {
      rank: null,
      rankBand: null,
      expectation: null,
      shrunkMean: null,
      shrunkEasy: null,
      ranked: 0,
    },
    team: metrics({ n: 40 }),
    ranking: { priorWeight: 10, minAnswers: 5, measure: 'shrunkMean' },
    distributions: [],
    trend: trend(),
    drivers: [],
  };
}

/** Zendesk hands the app a deep link (a note's), as `app.route.changed`. */
function follow(zaf: MockZafClient, appRoute: string) {
  act(() => {
    for (const handler of zaf.handlers.get('app.route.changed') ?? []) handler({ appRoute });
  });
}

function client(me: ReturnType<typeof meFor>, extra: Route[] = []) {
  return new MockZafClient({
    user: { ...ME, role: 'agent' },
    me,
    routes: [
      ...extra,
      route('GET', `/api/v1/agents/${ME.id}/report`, ok(agentReport(ME.id, ME.name))),
      route('GET', `/api/v1/agents/${ME.id}/answers`, ok({ items: [], nextCursor: null })),
      route('GET', `/api/v1/agents/${ME.id}/summary`, (url) =>
        ok(
          agentSummary(
            url.searchParams.get('days')!.split(',').map(Number),
            {},
            {
              ...ME,
              deleted: false,
            },
          ),
        ),
      ),
      route('GET', '/api/v1/report', (url) =>
        ok(
          report({
            filters: { ...report().filters, groupId: Number(url.searchParams.get('groupId')) },
          }),
        ),
      ),
      route(
        'GET',
        '/api/v2/groups.json',
        ok({
          groups: [
            { id: 401, name: 'Support EU' },
            { id: 402, name: 'Billing' },
          ],
          meta: { has_more: false },
        }),
      ),
      route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
    ],
  });
}

describe('the nav bar page by role', () => {
  it('shows an agent their own figures, no team report, no settings, and says why', async () => {
    const c = client(meFor(ME, 'agent'));
    renderApp(c, <NavBar now={now} />);
    expect(
      await screen.findByRole('tab', { name: t('roles.mine.tab') }, FIRST),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: t('team.tabs.report') })).toBeNull();
    expect(screen.queryByRole('tab', { name: t('team.tabs.settings') })).toBeNull();
    expect(screen.queryByRole('tab', { name: t('digest.heading') })).toBeNull();
    expect(screen.queryByRole('tab', { name: t('team.tabs.setup') })).toBeNull();
    expect(screen.getByText(t('roles.adminOnly'))).toBeInTheDocument();
    expect(await screen.findByText(t('roles.mine.note'))).toBeInTheDocument();
    expect(await screen.findByText(t('sidebar.agent.who', { name: ME.name }))).toBeInTheDocument();
    expect(c.requestsTo('/api/v1/report')).toHaveLength(0);
    expect(c.requestsTo(`/api/v1/agents/${ME.id}/summary`).length).toBeGreaterThan(0);
  });

  it('shows a team lead the report of their own group only, with no settings', async () => {
    const c = client(meFor(ME, 'team_lead', [402]));
    renderApp(c, <NavBar now={now} />);
    expect(
      await screen.findByRole('tab', { name: t('team.tabs.report') }, FIRST),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: t('team.tabs.settings') })).toBeNull();
    const group = await screen.findByLabelText(t('team.filters.group'));
    const options = within(group)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['Billing']);
    const asked = c
      .requestsTo('/api/v1/report')
      .map((r) => new URL(r.url).searchParams.get('groupId'));
    expect(asked).toContain('402');
    expect(asked).not.toContain(null);
  });

  it('lets a team lead switch on their own weekly digest and shows its preview; agents have no digest tab', async () => {
    const digest = (enabled: boolean) => ({
      enabled,
      locale: 'en',
      delivery: 'chat',
      week: { from: '2026-11-16', to: '2026-11-22' },
      previousWeek: { from: '2026-11-09', to: '2026-11-15' },
      lines: ['Weekly CES digest: 2026-11-16 to 2026-11-22', '#12 · 2/7 · <b>not bold</b>'],
    });
    const c = client(meFor(ME, 'team_lead', [402]), [
      route('GET', '/api/v1/digest', ok(digest(false))),
      route('PUT', '/api/v1/digest', ok(digest(true))),
    ]);
    renderApp(c, <NavBar now={now} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: t('digest.heading') }, FIRST));
    const preview = await screen.findByLabelText(t('digest.preview'));
    // Customer text stays text.
    expect(preview.textContent).toContain('<b>not bold</b>');
    expect(new URL(c.requestsTo('/api/v1/digest')[0]!.url).searchParams.get('locale')).toBe('en');
    const box = screen.getByRole('checkbox', { name: t('digest.toggle') });
    expect(box).not.toBeChecked();
    await user.click(box);
    expect(await screen.findByText(t('digest.saved'))).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: t('digest.toggle') })).toBeChecked();
    const put = c.requests.find((r) => r.type === 'PUT');
    expect(JSON.parse(String(put?.data))).toEqual({ enabled: true, locale: 'en' });
  });

  it('shows an admin the settings, setup and audit tabs', async () => {
    const c = client(meFor(ME, 'admin'));
    renderApp(c, <NavBar now={now} />);
    expect(
      await screen.findByRole('tab', { name: t('team.tabs.settings') }, FIRST),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: t('team.tabs.setup') })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: t('roles.audit.tab') })).toBeInTheDocument();
    expect(screen.queryByText(t('roles.adminOnly'))).toBeNull();
  });

  it("tells an agent who follows a link to a colleague's page why they see their own figures", async () => {
    const c = client(meFor(ME, 'agent'));
    renderApp(c, <NavBar now={now} />);
    await screen.findByText(t('roles.mine.note'), {}, FIRST);
    follow(c, 'agents/99/tickets/5');
    expect(await screen.findByText(t('roles.colleaguePage'))).toBeInTheDocument();
    expect(screen.getByText(t('roles.mine.note'))).toBeVisible();
    expect(screen.queryByTestId('agent-page')).toBeNull();
    expect(c.requestsTo('/api/v1/agents/99/report')).toHaveLength(0);
  });

  it('opens an agent their own page, from a link or from their figures, and back', async () => {
    const c = client(meFor(ME, 'agent'));
    renderApp(c, <NavBar now={now} />);
    await screen.findByText(t('roles.mine.note'), {}, FIRST);
    follow(c, `agents/${ME.id}`);
    const page = await screen.findByTestId('agent-page');
    expect(
      await within(page).findByRole('heading', { name: t('agent.title', { name: ME.name }) }),
    ).toBeInTheDocument();
    expect(screen.queryByText(t('roles.colleaguePage'))).toBeNull();
    await userEvent.click(
      within(page).getByRole('button', { name: new RegExp(t('roles.mine.back')) }),
    );
    expect(screen.queryByTestId('agent-page')).toBeNull();
    expect(screen.getByText(t('roles.mine.note'))).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: t('roles.mine.openPage') }));
    expect(await screen.findByTestId('agent-page')).toBeInTheDocument();
    expect(c.requestsTo(`/api/v1/agents/${ME.id}/report`)).toHaveLength(2);
  });

  it("says why a team lead's link to an agent outside their groups shows nothing", async () => {
    const c = client(meFor(ME, 'team_lead', [402]), [
      route(
        'GET',
        '/api/v1/agents/99/report',
        fail(403, {
          error: 'forbidden',
          message: 'As a team lead you can see the agents of your groups',
        }),
      ),
      route('GET', '/api/v1/agents/99/answers', fail(403, { error: 'forbidden', message: 'no' })),
    ]);
    renderApp(c, <NavBar now={now} />);
    await screen.findByRole('tab', { name: t('team.tabs.report') }, FIRST);
    follow(c, 'agents/99');
    const page = await screen.findByTestId('agent-page');
    expect(await within(page).findByText(t('agent.forbidden'))).toBeInTheDocument();
    expect(within(page).getByText(t('roles.notYours'))).toBeInTheDocument();
    // Asking again would not change the answer: no retry, and no generic error.
    expect(within(page).queryByRole('button', { name: t('common.actions.retry') })).toBeNull();
    expect(within(page).queryByText(t('common.errors.forbidden'))).toBeNull();
  });

  it('tells a team lead who belongs to no Zendesk group why the team page is empty', async () => {
    const c = client(meFor(ME, 'team_lead', []), [
      route(
        'GET',
        '/api/v1/report',
        fail(403, { error: 'forbidden', message: 'You belong to no Zendesk group' }),
      ),
    ]);
    renderApp(c, <NavBar now={now} />);
    expect(await screen.findByText(t('team.forbidden'), {}, FIRST)).toBeInTheDocument();
    expect(screen.queryByText(t('common.errors.forbidden'))).toBeNull();
  });
});
