/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import { ZendeskBudget } from '../../../src/app/settings/ZendeskBudget.js';
import { SYNC_POLL_MS, ZendeskSyncStatus } from '../../../src/app/settings/ZendeskSyncStatus.js';
import { SetupStatus } from '../../../src/app/setup/SetupStatus.js';
import type { ZendeskSyncStatus as Status } from '../../../src/shared/api-types.js';
import { report, settings } from '../support/fixtures.js';
import { renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { MockZafClient, ok, route, type Route } from '../support/zaf-mock.js';

const status = (over: Partial<Status>): Status => ({
  state: 'up_to_date',
  jobId: null,
  attempts: 0,
  lastError: null,
  drifted: [],
  syncedAt: null,
  ...over,
});

/** Answers GET /settings/zendesk with each status in turn, the last one from then on. */
function statuses(...list: Status[]): Route {
  let i = 0;
  return route('GET', '/api/v1/settings/zendesk', () => ok(list[Math.min(i++, list.length - 1)]));
}

describe.each(['en', 'nl'] as const)('Zendesk status above the settings in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);
  const client = (routes: Route[]) =>
    new MockZafClient({ user: { locale: ZENDESK_LOCALE[locale], role: 'admin' }, routes });

  it('shows an update under way, and up to date once it landed', async () => {
    renderApp(
      client([statuses(status({ state: 'updating', jobId: 3 }), status({}))]),
      <ZendeskSyncStatus />,
    );
    expect(await screen.findByText(t('settings.sync.updatingTitle'))).toBeInTheDocument();
    expect(screen.getByText(t('settings.sync.updating'))).toBeInTheDocument();
    expect(
      await screen.findByText(t('settings.sync.upToDateTitle'), {}, { timeout: SYNC_POLL_MS * 3 }),
    ).toBeInTheDocument();
  });

  it('says why an attempt failed while it is retried', async () => {
    const error =
      'Zendesk answered 503 to PUT /api/v2/triggers/9 after 3 attempt(s); try again later.';
    renderApp(
      client([statuses(status({ state: 'updating', jobId: 3, attempts: 2, lastError: error }))]),
      <ZendeskSyncStatus />,
    );
    expect(
      await screen.findByText(t('settings.sync.retrying', { attempts: 2, error })),
    ).toBeInTheDocument();
  });

  it('shows a failed update with its error and retries it', async () => {
    const error = 'Gave up after 12 attempts. Last error: Zendesk answered 503.';
    let retried = false;
    const mock = client([
      route('POST', '/api/v1/outbox/41/retry', () => {
        retried = true;
        return ok({ jobId: 41 });
      }),
      route('GET', '/api/v1/settings/zendesk', () =>
        ok(
          retried
            ? status({ state: 'updating', jobId: 41 })
            : status({ state: 'failed', jobId: 41, attempts: 12, lastError: error }),
        ),
      ),
    ]);
    renderApp(mock, <ZendeskSyncStatus />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(t('settings.sync.failedTitle'));
    expect(alert).toHaveTextContent(t('settings.sync.failed', { error }));
    await userEvent.click(screen.getByRole('button', { name: t('settings.sync.retry') }));
    expect(await screen.findByText(t('settings.sync.updatingTitle'))).toBeInTheDocument();
    expect(mock.requestsTo('/api/v1/outbox/41/retry')).toHaveLength(1);
  });

  it('points at the Setup tab when Zendesk was never set up or was edited by someone', async () => {
    const { unmount } = renderApp(
      client([statuses(status({ state: 'setup_needed' }))]),
      <ZendeskSyncStatus />,
    );
    expect(
      await screen.findByText(t('settings.sync.setupNeeded', { setupTab: t('team.tabs.setup') })),
    ).toBeInTheDocument();
    unmount();
    renderApp(
      client([statuses(status({ state: 'drifted', drifted: ['CES: email survey link'] }))]),
      <ZendeskSyncStatus />,
    );
    expect(
      await screen.findByText(
        t('settings.sync.drifted', {
          pieces: 'CES: email survey link',
          setupTab: t('team.tabs.setup'),
        }),
      ),
    ).toBeInTheDocument();
  });

  it('checks again after the settings are saved', async () => {
    let saved = false;
    const mock = client([
      route('GET', '/api/v1/settings', ok({ settings: settings() })),
      route('PUT', '/api/v1/settings', (_u, o) => {
        saved = true;
        return ok({ settings: JSON.parse(o.data ?? 'null') as unknown });
      }),
      route('GET', '/api/v1/settings/zendesk', () =>
        ok(saved ? status({ state: 'updating', jobId: 5 }) : status({})),
      ),
      // The team report the page opens on, with the Zendesk data it names.
      route('GET', '/api/v1/report', ok(report())),
      route('GET', '/api/v2/groups.json', ok({ groups: [], meta: { has_more: false } })),
      route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
      route('GET', '/api/v2/users/show_many.json', ok({ users: [] })),
    ]);
    renderApp(mock, <NavBar />);
    await userEvent.click(await screen.findByRole('tab', { name: t('team.tabs.settings') }));
    expect(await screen.findByText(t('settings.sync.upToDateTitle'))).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: t('settings.save') }));
    expect(await screen.findByText(t('settings.sync.updatingTitle'))).toBeInTheDocument();
  });
});

describe('Setup tab', () => {
  it("tells our pending settings from someone's edit in Zendesk", async () => {
    const t = (key: string) => text('en', key);
    const item = (key: string, state: 'pending' | 'drifted') => ({
      kind: 'trigger' as const,
      key,
      title: key,
      state,
      zendeskId: 1,
      detail: null,
    });
    renderApp(
      new MockZafClient({
        user: { locale: ZENDESK_LOCALE.en, role: 'admin' },
        routes: [
          route(
            'GET',
            '/api/v1/setup',
            ok({
              ok: false,
              items: [item('trigger.email', 'pending'), item('trigger.solve', 'drifted')],
            }),
          ),
        ],
      }),
      <SetupStatus />,
    );
    const table = await screen.findByRole('table', { name: t('setup.title') });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(t('setup.states.pending'));
    expect(rows[2]).toHaveTextContent(t('setup.states.drifted'));
  });
});

describe.each(['en', 'nl'] as const)('Zendesk API budget under the status in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);
  const client = (budget: object) =>
    new MockZafClient({
      user: { locale: ZENDESK_LOCALE[locale], role: 'admin' },
      routes: [
        route('GET', '/api/v1/outbox', () =>
          ok({ counts: { queued: 0, running: 0, done: 0, failed: 0 }, failed: [], budget }),
        ),
      ],
    });

  it('says how much of the budget was used and how long the backlog takes', async () => {
    renderApp(
      client({
        requestsPerMinute: 100,
        usedLastMinute: 42,
        usedThisMinute: 7,
        backlogJobs: 120,
        backlogRequests: 300,
        drainSeconds: 181,
      }),
      <ZendeskBudget />,
    );
    const line = await screen.findByTestId('ces-zendesk-budget');
    expect(line).toHaveTextContent(t('settings.budget.use', { used: '42', limit: '100' }));
    expect(line).toHaveTextContent(t('settings.budget.backlog', { jobs: '120', minutes: '4' }));
  });

  it('says when nothing is waiting', async () => {
    renderApp(
      client({
        requestsPerMinute: 100,
        usedLastMinute: 0,
        usedThisMinute: 0,
        backlogJobs: 0,
        backlogRequests: 0,
        drainSeconds: 0,
      }),
      <ZendeskBudget />,
    );
    expect(await screen.findByTestId('ces-zendesk-budget')).toHaveTextContent(
      t('settings.budget.noBacklog'),
    );
  });
});
