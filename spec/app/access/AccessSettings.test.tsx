/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AccessSettings } from '../../../src/app/access/AccessSettings.js';
import type {
  AccessPolicy,
  AccessPolicyResponse,
  CustomRolesResponse,
} from '../../../src/shared/access.js';
import { renderApp, text } from '../support/render.js';
import { fail, meFor, MockZafClient, ok, route, type Route } from '../support/zaf-mock.js';

/** The machine is loaded: wait for states, not a second. */
const t = (key: string, vars?: Record<string, string | number>) => text('en', key, vars);
const ADMIN = { id: 1, name: 'Ada Admin' };

const STORED: AccessPolicyResponse = {
  policy: { teamLeadRoles: ['team leader'], teamLeadUserIds: [41], teamLeadsSeeAllGroups: false },
  teamLeadUsers: [{ id: 41, name: 'Lea Lead', deleted: false }],
};
const ROLES: CustomRolesResponse = {
  available: true,
  roles: [
    { id: 360_001, name: 'Staff', description: 'Can edit tickets within their groups' },
    { id: 360_002, name: 'Team Leader', description: null },
  ],
};

function client(routes: Route[]) {
  return new MockZafClient({
    user: { ...ADMIN, role: 'admin' },
    me: meFor(ADMIN, 'admin'),
    routes: [...routes, route('GET', '/api/v1/access', ok(STORED))],
  });
}

/** What the app sent with PUT /api/v1/access, answered as the service does. */
function saving(sent: AccessPolicy[]): Route {
  return route('PUT', '/api/v1/access', (_url, options) => {
    const policy = JSON.parse(String(options.data)) as AccessPolicy;
    sent.push(policy);
    return ok({
      policy,
      teamLeadUsers: policy.teamLeadUserIds.map((id) => ({
        id,
        name: id === 41 ? 'Lea Lead' : 'Maya Agent',
        deleted: false,
      })),
    });
  });
}

describe('the Access section of the settings (admins)', () => {
  it("ticks the account's custom roles the policy names, adds a team lead found by name and saves, by keyboard", async () => {
    const sent: AccessPolicy[] = [];
    const zaf = client([
      route('GET', '/api/v1/access/roles', ok(ROLES)),
      route('GET', '/api/v1/access/users', (url) =>
        ok({
          users:
            url.searchParams.get('name') === 'ma'
              ? [
                  { id: 42, name: 'Maya Agent', role: 'agent' },
                  { id: 41, name: 'Mary Lead', role: 'admin' },
                ]
              : [],
        }),
      ),
      saving(sent),
    ]);
    renderApp(zaf, <AccessSettings />);

    // Roles by name, as Zendesk lists them; the stored "team leader" matches whatever the case.
    const leader = await screen.findByRole('checkbox', { name: 'Team Leader' });
    expect(leader).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Staff/ })).not.toBeChecked();
    expect(screen.getByText('Can edit tickets within their groups')).toBeInTheDocument();
    expect(screen.getByText('Lea Lead')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: t('settings.access.scope.own') })).toBeChecked();

    await userEvent.click(screen.getByRole('checkbox', { name: /Staff/ }));
    // Enter in the search field searches; it does not save the form.
    await userEvent.type(screen.getByLabelText(t('settings.access.users.search')), 'ma{Enter}');
    const results = await screen.findByRole('list', { name: t('settings.access.users.results') });
    expect(sent).toHaveLength(0);
    // One already named cannot be added twice.
    expect(
      within(results).getByRole('button', { name: t('settings.access.users.already') }),
    ).toBeDisabled();
    const add = within(results).getByRole('button', {
      name: t('settings.access.users.add', { name: 'Maya Agent' }),
    });
    add.focus();
    await userEvent.keyboard('{Enter}');
    await userEvent.click(screen.getByRole('radio', { name: t('settings.access.scope.all') }));
    await userEvent.click(screen.getByRole('button', { name: t('settings.access.save') }));

    expect(await screen.findByText(t('settings.access.saved'))).toBeInTheDocument();
    expect(screen.getByText(t('settings.access.savedAudit'))).toBeInTheDocument();
    expect(sent).toEqual([
      {
        teamLeadRoles: ['team leader', 'Staff'],
        teamLeadUserIds: [41, 42],
        teamLeadsSeeAllGroups: true,
      },
    ]);
    const named = screen.getByRole('list', { name: t('settings.access.users.legend') });
    expect(within(named).getByText('Maya Agent')).toBeInTheDocument();
  });

  it('says when the account has no custom roles, keeps a stored one removable, and says why a save was refused', async () => {
    const zaf = client([
      route('GET', '/api/v1/access/roles', ok({ available: false, roles: [] })),
      route('GET', '/api/v1/access/users', ok({ users: [] })),
      route(
        'PUT',
        '/api/v1/access',
        fail(400, { error: 'unknown_user', message: 'teamLeadUserIds [0]: not an agent' }),
      ),
    ]);
    renderApp(zaf, <AccessSettings />);

    expect(await screen.findByText(t('settings.access.roles.none'))).toBeInTheDocument();
    const stored = screen.getByRole('checkbox', {
      name: t('settings.access.roles.unlisted', { name: 'team leader' }),
    });
    expect(stored).toBeChecked();
    await userEvent.click(stored);
    expect(screen.queryByRole('checkbox')).toBeNull();

    await userEvent.type(screen.getByLabelText(t('settings.access.users.search')), 'zz');
    await userEvent.click(
      screen.getByRole('button', { name: t('settings.access.users.searchButton') }),
    );
    expect(await screen.findByText(t('settings.access.users.noMatch'))).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: t('settings.access.users.remove', { name: 'Lea Lead' }),
      }),
    );
    expect(screen.getByText(t('settings.access.users.none'))).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: t('settings.access.save') }));
    expect(await screen.findByText(t('settings.access.errors.unknownUser'))).toBeInTheDocument();
    expect(screen.getByText(t('settings.access.failedTitle'))).toBeInTheDocument();
    // The service's own (English) words are not what the admin reads.
    expect(screen.queryByText(/teamLeadUserIds/)).toBeNull();
  });

  it("shows the roles list's loading and failure, and lists them after a retry", async () => {
    let calls = 0;
    const zaf = client([
      route('GET', '/api/v1/access/roles', () =>
        ++calls === 1 ? fail(503, { error: 'zendesk_unavailable', message: 'x' }) : ok(ROLES),
      ),
    ]);
    renderApp(zaf, <AccessSettings />);

    const warning = await screen.findByText(t('settings.access.roles.failed'));
    // The stored choice stays visible while Zendesk cannot be asked.
    expect(
      screen.getByRole('checkbox', {
        name: t('settings.access.roles.unlisted', { name: 'team leader' }),
      }),
    ).toBeChecked();
    await userEvent.click(
      within(warning.closest('[role="alert"]') as HTMLElement).getByRole('button', {
        name: t('common.actions.retry'),
      }),
    );
    expect(await screen.findByRole('checkbox', { name: 'Team Leader' })).toBeChecked();
    expect(zaf.requestsTo('/api/v1/access/roles')).toHaveLength(2);
  });

  it('shows an error with a retry when the policy cannot be loaded', async () => {
    const zaf = new MockZafClient({
      user: { ...ADMIN, role: 'admin' },
      me: meFor(ADMIN, 'admin'),
      routes: [route('GET', '/api/v1/access', fail(500, { error: 'internal' }))],
    });
    renderApp(zaf, <AccessSettings />);
    expect(await screen.findByText(t('common.errors.server'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t('common.actions.retry') })).toBeInTheDocument();
  });
});
