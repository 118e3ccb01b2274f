/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, within } from '@testing-library/react';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import { agentSummary, report } from '../support/fixtures.js';
import { renderApp, text } from '../support/render.js';
import { meFor, MockZafClient, ok, route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const now = () => NOW;
const t = (key: string, vars?: Record<string, string | number>) => text('en', key, vars);
const ME = { id: 7, name: 'Ada Agent' };
/** The first render loads the app frame and catalogs: slow on a loaded machine. */
const FIRST = { timeout: 15_000 };

function client(me: ReturnType<typeof meFor>) {
  return new MockZafClient({
    user: { ...ME, role: 'agent' },
    me,
    routes: [
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
});
