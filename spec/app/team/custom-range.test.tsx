/** @jest-environment jsdom */
import '../support/dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import { rangeProblem } from '../../../src/app/team/period.js';
import { previousPeriod } from '../../../src/shared/period-days.js';
import { report } from '../support/fixtures.js';
import { renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { MockZafClient, ok, route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');

describe('a custom range is checked before it is asked for', () => {
  it.each([
    ['2026-11-01', '2026-11-23', null],
    ['', '2026-11-23', 'missing'],
    ['2026-02-30', '2026-03-02', 'missing'],
    ['2026-11-10', '2026-11-01', 'order'],
    ['2026-11-01', '2026-11-24', 'future'],
    ['2025-11-22', '2026-11-22', null],
    ['2025-11-21', '2026-11-22', 'tooLong'],
  ])('%s to %s: %s', (from, to, problem) => {
    expect(rangeProblem(from, to, '2026-11-23')).toBe(problem);
  });
});

describe.each(['en', 'nl'] as const)('custom dates on the team page in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);
  const intl = ZENDESK_LOCALE[locale];
  const date = (day: string) =>
    new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );

  function client() {
    return new MockZafClient({
      user: { locale: intl, role: 'agent' },
      routes: [
        // The page's figures follow the days asked for: the fixture, with those days.
        route('GET', '/api/v1/report', (url) => {
          const filters = { from: url.searchParams.get('from')!, to: url.searchParams.get('to')! };
          const r = report({ filters, timeZone: 'America/New_York' });
          return ok({
            ...r,
            previous: { ...r.previous, ...previousPeriod(filters.from, filters.to) },
          });
        }),
        route('GET', '/api/v2/groups.json', ok({ groups: [], meta: { has_more: false } })),
        route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
      ],
    });
  }

  it('asks for the typed days, states them with the zone, and compares with the days before', async () => {
    const c = client();
    renderApp(c, <NavBar now={() => NOW} />);
    await screen.findByRole('table', { name: t('team.agents.title') }, { timeout: 10_000 });
    const last = () => new URL(c.requestsTo('/api/v1/report').at(-1)!.url).searchParams;

    await userEvent.selectOptions(
      screen.getByLabelText(t('team.filters.period')),
      t('team.filters.custom'),
    );
    // Choosing "custom" starts from the days on screen: nothing changes yet.
    const from = screen.getByLabelText(t('team.filters.from'));
    const to = screen.getByLabelText(t('team.filters.to'));
    expect([from, to].map((i) => (i as HTMLInputElement).value)).toEqual([
      '2026-10-25',
      '2026-11-23',
    ]);
    expect(to).toHaveAttribute('max', '2026-11-23');

    fireEvent.change(from, { target: { value: '2026-11-01' } });
    fireEvent.change(to, { target: { value: '2026-11-14' } });
    await waitFor(() =>
      expect(Object.fromEntries(last())).toEqual({ from: '2026-11-01', to: '2026-11-14' }),
    );
    const summary = screen.getByRole('region', { name: t('team.summary.title') });
    await waitFor(() =>
      expect(within(summary).getByTestId('ces-team-period')).toHaveTextContent(
        t('team.period.shown', {
          from: date('2026-11-01'),
          to: date('2026-11-14'),
          days: 14,
          zone: 'America/New_York',
          previousFrom: date('2026-10-18'),
          previousTo: date('2026-10-31'),
        }),
      ),
    );
    // Every headline figure beside the previous period's, with a plain verdict.
    for (const id of [
      'ces-change-n',
      'ces-change-easy',
      'ces-change-difficult',
      'ces-change-nes',
      'ces-change-response-rate',
      'ces-change-mean-ces2_7',
    ]) {
      expect(within(summary).getByTestId(id).textContent).toMatch(
        new RegExp(
          [t('team.previous.noChange'), t('team.previous.beyondNoise')]
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
        ),
      );
    }
    expect(within(summary).getByTestId('ces-change-easy')).toHaveTextContent(
      t('team.previous.beyondNoise'),
    );
    expect(within(summary).getByTestId('ces-change-n')).toHaveTextContent(
      t('team.previous.noChange'),
    );
  });

  it('says what is wrong with the typed days and keeps the report of the last good ones', async () => {
    const c = client();
    renderApp(c, <NavBar now={() => NOW} />);
    await screen.findByRole('table', { name: t('team.agents.title') }, { timeout: 10_000 });
    await userEvent.selectOptions(
      screen.getByLabelText(t('team.filters.period')),
      t('team.filters.custom'),
    );
    const asked = c.requestsTo('/api/v1/report').length;
    fireEvent.change(screen.getByLabelText(t('team.filters.from')), {
      target: { value: '2026-11-30' },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(t('team.filters.rangeErrors.order'));
    expect(screen.getByLabelText(t('team.filters.from'))).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(screen.getByLabelText(t('team.filters.to')), {
      target: { value: '2026-12-01' },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      t('team.filters.rangeErrors.future'),
    );
    expect(c.requestsTo('/api/v1/report')).toHaveLength(asked);
    expect(screen.getByRole('table', { name: t('team.agents.title') })).toBeInTheDocument();
    // Back to a preset: the message goes, the preset's days are asked for.
    await userEvent.selectOptions(
      screen.getByLabelText(t('team.filters.period')),
      t('team.filters.lastDays', { days: 7 }),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() =>
      expect(new URL(c.requestsTo('/api/v1/report').at(-1)!.url).searchParams.get('from')).toBe(
        '2026-11-17',
      ),
    );
  });
});
