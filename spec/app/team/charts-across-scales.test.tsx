/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, within } from '@testing-library/react';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import { metrics, report } from '../support/fixtures.js';
import { renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { MockZafClient, ok, route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const counts = (values: number[]) => values.map((count, i) => ({ score: i + 1, count }));

describe.each(['en', 'nl'] as const)('charts over a scale change in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);

  it('plots % easy, not a mean, and one distribution per scale', async () => {
    // 40 answers on CES 2.0, then 20 on Ease 1–10: weekly means are null, % easy is not.
    const spanning = report({
      scaleId: 'ease_10',
      scales: [
        { scaleId: 'ces2_7', n: 40, firstDay: '2026-10-25', lastDay: '2026-11-08' },
        { scaleId: 'ease_10', n: 20, firstDay: '2026-11-09', lastDay: '2026-11-23' },
      ],
      team: metrics({ n: 60, mean: null, meanInterval: null }),
      distribution: counts([0, 0, 1, 2, 2, 3, 2, 4, 3, 3]),
      distributions: [
        { scaleId: 'ces2_7', counts: counts([3, 2, 5, 6, 8, 9, 7]) },
        { scaleId: 'ease_10', counts: counts([0, 0, 1, 2, 2, 3, 2, 4, 3, 3]) },
      ],
      trend: [
        { weekStart: '2026-11-02', n: 20, mean: null, easyShare: 0.55 },
        { weekStart: '2026-11-09', n: 20, mean: null, easyShare: 0.5 },
      ],
      ranking: { priorWeight: 10, minAnswers: 5, measure: 'shrunkEasy' },
    });
    renderApp(
      new MockZafClient({
        user: { locale: ZENDESK_LOCALE[locale], role: 'agent' },
        routes: [
          route('GET', '/api/v1/report', ok(spanning)),
          route('GET', '/api/v2/groups.json', ok({ groups: [], meta: { has_more: false } })),
          route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
        ],
      }),
      <NavBar now={() => NOW} />,
    );
    const trend = await screen.findByRole(
      'region',
      { name: t('team.trend.title') },
      { timeout: 10_000 },
    );
    expect(within(trend).getByRole('note')).toHaveTextContent(t('team.trend.easyNote'));
    const line = within(trend).getByRole('img', { name: t('team.trend.easyTitle') });
    // Two weeks with a % easy: two points drawn (a mean trend would draw none).
    expect(line.querySelectorAll('circle')).toHaveLength(2);

    const distribution = screen.getByRole('region', { name: t('team.distribution.title') });
    expect(within(distribution).getByRole('note')).toHaveTextContent(
      t('team.distribution.perScaleNote'),
    );
    const charts = within(distribution).getAllByRole('img');
    expect(charts.map((c) => c.querySelector('title')?.textContent)).toEqual([
      t('team.distribution.onScale', { scale: t('common.scaleNames.ces2_7') }),
      t('team.distribution.onScale', { scale: t('common.scaleNames.ease_10') }),
    ]);
    // Each chart has its own scale's points: 7 bars, then 10.
    expect(charts.map((c) => c.querySelectorAll('rect[x]').length)).toEqual([7, 10]);
  });
});
