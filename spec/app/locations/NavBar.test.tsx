/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import type { ReportResponse, SetupStatusResponse } from '../../../src/shared/api-types.js';
import type { Settings } from '../../../src/shared/settings.js';
import { catchDownloads, readBlob } from '../support/downloads.js';
import { agentRow, metrics, report, reportAnswer, settings } from '../support/fixtures.js';
import { renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { fail, MockZafClient, ok, pending, route, type Route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const now = () => NOW;

function teamClient(
  locale: 'en' | 'nl',
  opts: { role?: string; report?: ReportResponse | Route; routes?: Route[] } = {},
) {
  const reportRoute =
    typeof opts.report === 'function'
      ? opts.report
      : route('GET', '/api/v1/report', ok(opts.report ?? report()));
  return new MockZafClient({
    user: { locale: ZENDESK_LOCALE[locale], role: opts.role ?? 'agent' },
    routes: [
      ...(opts.routes ?? []),
      reportRoute,
      route(
        'GET',
        '/api/v2/groups.json',
        ok({ groups: [{ id: 401, name: 'Support EU' }], meta: { has_more: false } }),
      ),
      route(
        'GET',
        '/api/v2/brands.json',
        ok({ brands: [{ id: 501, name: 'Acme Retail' }], meta: { has_more: false } }),
      ),
    ],
  });
}

describe.each(['en', 'nl'] as const)('team page in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);
  const pct = (v: number) =>
    new Intl.NumberFormat(ZENDESK_LOCALE[locale], {
      style: 'percent',
      maximumFractionDigits: 0,
    }).format(v);
  /** A day as the page writes it, in the reader's locale. */
  const dateOnly = (day: string) =>
    new Intl.DateTimeFormat(ZENDESK_LOCALE[locale], {
      dateStyle: 'medium',
      timeZone: 'UTC',
    }).format(new Date(`${day}T00:00:00Z`));
  /** A share in a table cell: the value, and its interval on the line below. */
  const shareCell = (value: number, low: number, high: number) =>
    pct(value) + t('common.figures.interval', { low: pct(low), high: pct(high) });

  it('shows a loading state until the report arrives', async () => {
    renderApp(
      teamClient(locale, { report: route('GET', '/api/v1/report', pending) }),
      <NavBar now={now} />,
    );
    expect(await screen.findByText(t('team.title'))).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(t('common.loading'));
  });

  it('lists agents ranked by the service, under-minimum agents shown but unranked and marked', async () => {
    const client = teamClient(locale);
    renderApp(client, <NavBar now={now} />);
    const table = await screen.findByRole('table', { name: t('team.agents.title') });
    await within(table).findByText('Cy Coder');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual([
      'Cy Coder',
      'Bo Builder',
      'Di Newcomer',
    ]);
    expect(within(rows[0]!).getAllByRole('cell')[0]).toHaveTextContent('1');
    expect(within(rows[2]!).getAllByRole('cell')[0]).toHaveTextContent(
      t('team.agents.unranked', { min: 5 }),
    );
    expect(within(rows[0]!).getAllByRole('cell')[4]).toHaveTextContent(shareCell(0.8, 0.63, 0.9));
    // No CSAT column when Zendesk had no CSAT for anyone.
    expect(within(table).queryByText(t('common.figures.csat'))).toBeNull();
    expect(screen.getByText(t('team.agents.rankingNote', { c: 10, min: 5 }))).toBeInTheDocument();
  });

  it('sorts by any column with the keyboard', async () => {
    renderApp(teamClient(locale), <NavBar now={now} />);
    const table = await screen.findByRole('table', { name: t('team.agents.title') });
    await within(table).findByText('Cy Coder');
    const mean = within(table).getByRole('button', { name: t('common.figures.mean') });
    mean.focus();
    await userEvent.keyboard('{Enter}');
    const names = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[1]!.textContent);
    // Di Newcomer's raw mean is the highest, but too few answers to rank: below the ranked, both ways.
    expect(names()).toEqual(['Cy Coder', 'Bo Builder', 'Di Newcomer']);
    expect(mean.closest('th')).toHaveAttribute('aria-sort', 'descending');
    await userEvent.keyboard(' ');
    expect(names()).toEqual(['Bo Builder', 'Cy Coder', 'Di Newcomer']);
    expect(mean.closest('th')).toHaveAttribute('aria-sort', 'ascending');
    // Rank ascending puts the unranked agent last.
    await userEvent.click(within(table).getByRole('button', { name: t('team.agents.rank') }));
    expect(names()).toEqual(['Cy Coder', 'Bo Builder', 'Di Newcomer']);
  });

  it('narrows every figure by period, group, brand and channel', async () => {
    const client = teamClient(locale);
    renderApp(client, <NavBar now={now} />);
    await screen.findByRole('table', { name: t('team.agents.title') });
    const last = () => new URL(client.requestsTo('/api/v1/report').at(-1)!.url).searchParams;
    expect(Object.fromEntries(last())).toEqual({ from: '2026-10-25', to: '2026-11-23' });
    await userEvent.selectOptions(
      await screen.findByLabelText(t('team.filters.group')),
      'Support EU',
    );
    await waitFor(() => expect(last().get('groupId')).toBe('401'));
    await userEvent.selectOptions(screen.getByLabelText(t('team.filters.brand')), 'Acme Retail');
    await userEvent.selectOptions(
      screen.getByLabelText(t('team.filters.channel')),
      t('team.channels.voice'),
    );
    await userEvent.selectOptions(
      screen.getByLabelText(t('team.filters.period')),
      t('team.filters.lastDays', { days: 7 }),
    );
    await waitFor(() =>
      expect(Object.fromEntries(last())).toEqual({
        from: '2026-11-17',
        to: '2026-11-23',
        groupId: '401',
        brandId: '501',
        channel: 'voice',
      }),
    );
  });

  it('exports exactly the filtered view as CSV', async () => {
    const client = teamClient(locale, {
      routes: [route('GET', '/api/v1/report.csv', ok('agent_id,n\n301,24\n'))],
    });
    const downloads = catchDownloads();
    try {
      renderApp(client, <NavBar now={now} />);
      await screen.findByRole('table', { name: t('team.agents.title') });
      await userEvent.selectOptions(
        await screen.findByLabelText(t('team.filters.group')),
        'Support EU',
      );
      await waitFor(() => expect(client.requestsTo('/api/v1/report')).toHaveLength(2));
      // Sorted on screen by Net Easy Score, highest first: the file comes in that order too.
      const table = await screen.findByRole('table', { name: t('team.agents.title') });
      await userEvent.click(within(table).getByRole('button', { name: t('common.figures.nes') }));
      await userEvent.click(screen.getByRole('button', { name: t('team.export.button') }));
      await waitFor(() =>
        expect(downloads.names).toEqual(['ces-report_2026-10-25_2026-11-23_group-401.csv']),
      );
      const csv = new URL(client.requestsTo('/api/v1/report.csv')[0]!.url).searchParams;
      const shown = new URL(client.requestsTo('/api/v1/report').at(-1)!.url).searchParams;
      expect(Object.fromEntries(csv)).toEqual({
        ...Object.fromEntries(shown),
        sort: 'netEasyScore',
        order: 'desc',
      });
      expect(client.requestsTo('/api/v1/report.csv')[0]).toMatchObject({
        dataType: 'text',
      });
      expect(await readBlob(downloads.blobs[0]!)).toBe('agent_id,n\n301,24\n');
      // A name-sorted view has no order the service knows: the file comes in rank order.
      await userEvent.click(within(table).getByRole('button', { name: t('team.agents.agent') }));
      await userEvent.click(screen.getByRole('button', { name: t('team.export.button') }));
      await waitFor(() => expect(client.requestsTo('/api/v1/report.csv')).toHaveLength(2));
      const byName = new URL(client.requestsTo('/api/v1/report.csv')[1]!.url).searchParams;
      expect(byName.get('sort')).toBe('rank');
    } finally {
      downloads.restore();
    }
  });

  it('says what to do when the filters leave nothing', async () => {
    renderApp(
      teamClient(locale, { report: report({ team: { ...report().team, n: 0 }, agents: [] }) }),
      <NavBar now={now} />,
    );
    expect(
      await screen.findByText(
        t('team.empty', {
          from: dateOnly('2026-10-25'),
          to: dateOnly('2026-11-23'),
        }),
      ),
    ).toBeInTheDocument();
  });

  it('says so when no difficult answer has a reason, and when there are no difficult answers', async () => {
    renderApp(
      teamClient(locale, { report: report({ drivers: [], highEffort: [] }) }),
      <NavBar now={now} />,
    );
    const drivers = await screen.findByRole('region', { name: t('team.drivers.title') });
    expect(within(drivers).getByText(t('team.drivers.empty'))).toBeInTheDocument();
    const tickets = screen.getByRole('region', { name: t('team.highEffort.title') });
    expect(within(tickets).getByText(t('team.highEffort.empty'))).toBeInTheDocument();
  });

  it('says what went wrong when the CSV export fails, and keeps the report', async () => {
    const client = teamClient(locale, {
      routes: [route('GET', '/api/v1/report.csv', fail(503))],
    });
    renderApp(client, <NavBar now={now} />);
    await screen.findByRole('table', { name: t('team.agents.title') });
    await userEvent.click(screen.getByRole('button', { name: t('team.export.button') }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(t('team.export.failed'));
    expect(alert).toHaveTextContent(t('common.errors.server'));
    expect(screen.getByRole('table', { name: t('team.agents.title') })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t('team.export.button') })).toBeEnabled();
  });

  it('explains an error and recovers with "try again"', async () => {
    let calls = 0;
    const client = teamClient(locale, {
      report: route('GET', '/api/v1/report', () => (++calls === 1 ? fail(503) : ok(report()))),
    });
    renderApp(client, <NavBar now={now} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(t('common.errors.server'));
    await userEvent.click(within(alert).getByRole('button', { name: t('common.actions.retry') }));
    expect(await screen.findByRole('table', { name: t('team.agents.title') })).toBeInTheDocument();
  });

  it('draws the distribution and the weekly trend with text alternatives', async () => {
    renderApp(teamClient(locale), <NavBar now={now} />);
    const dist = await screen.findByRole('img', { name: t('team.distribution.title') });
    expect(dist).toHaveAccessibleDescription(
      expect.stringContaining(
        t('team.distribution.row.other', {
          point: `2 · ${text(locale, 'scales.ces2_7.labels.2')}`,
          count: 2,
          band: t('common.bands.difficult'),
        }),
      ),
    );
    // Bands differ by texture as well as colour, and the legend says which is which.
    expect(
      dist.querySelector('pattern[id^="ces-band-"][id$="-difficult"] rect + rect'),
    ).not.toBeNull();
    expect(screen.getAllByText(t('common.bands.easy')).length).toBeGreaterThan(0);
    const trend = screen.getByRole('img', { name: t('team.trend.title') });
    const nov2 = new Intl.DateTimeFormat(ZENDESK_LOCALE[locale], {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date('2026-11-02T00:00:00Z'));
    expect(trend).toHaveAccessibleDescription(
      expect.stringContaining(t('common.figures.weekEmpty', { week: nov2 })),
    );
    const table = within(trend.closest('figure')!)
      .getByText(t('team.trend.asTable'))
      .closest('details')!;
    expect(within(table).getAllByRole('row')).toHaveLength(5);
  });

  it('places every agent on a funnel plot against the team, with the marks in words', async () => {
    renderApp(teamClient(locale), <NavBar now={now} />);
    await screen.findByRole('table', { name: t('team.agents.title') });
    const funnel = screen.getByRole('img', { name: t('team.funnel.title') });
    // The fixture: Cy Coder above expectation, the other two within.
    expect(funnel).toHaveAccessibleDescription(
      expect.stringContaining(t('team.funnel.describeAbove.one', { count: 1 })),
    );
    expect(funnel).toHaveAccessibleDescription(
      expect.stringContaining(t('team.funnel.describeWithin.other', { count: 2 })),
    );
    const table = within(funnel.closest('figure')!).getByRole('table');
    const row = within(table).getByText('Cy Coder').closest('tr')!;
    // 62.5% team easy at n 30: 95% limits 45%–80% (p0 ± 1.96·√(p0(1−p0)/n)).
    expect(row).toHaveTextContent(
      t('common.figures.range', { low: pct(0.4518), high: pct(0.7982) }),
    );
    expect(row).toHaveTextContent(t('team.funnel.marks.above'));
    // The same mark in the agents table, and ranks shown as the band the intervals allow.
    const agents = screen.getByRole('table', { name: t('team.agents.title') });
    const cy = within(agents).getByText('Cy Coder').closest('tr')!;
    expect(within(cy).getAllByRole('cell')[0]).toHaveTextContent(
      t('common.figures.range', { low: 1, high: 2 }),
    );
    expect(cy).toHaveTextContent(t('team.funnel.marks.above'));
    expect(screen.getByText(t('team.agents.bandNote'))).toBeInTheDocument();
  });

  it('orders the drivers of difficult answers by share: what to fix first', async () => {
    const drivers = [
      { driver: 'took_too_long', count: 6, share: { value: 0.6, low: 0.31, high: 0.83 } },
      { driver: 'transferred', count: 1, share: { value: 0.1, low: 0.02, high: 0.4 } },
    ];
    renderApp(teamClient(locale, { report: report({ drivers }) }), <NavBar now={now} />);
    const section = await screen.findByRole('region', { name: t('team.drivers.title') });
    const items = within(section)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(items[0]).toContain(text(locale, 'drivers.took_too_long'));
    expect(items[1]).toContain(text(locale, 'drivers.transferred'));
    expect(items[0]).toContain(
      t('common.figures.shareWithInterval', { value: pct(0.6), low: pct(0.31), high: pct(0.83) }),
    );
    // Each share says what it is out of: all 12 difficult answers, not the 7 that named a reason.
    expect(items[0]).toContain(t('team.drivers.ofDifficult.other', { named: 6, count: 12 }));
    expect(items[1]).toContain(t('team.drivers.ofDifficult.other', { named: 1, count: 12 }));
    expect(section).toHaveTextContent(t('team.drivers.unnamed.other', { count: 5 }));
  });

  it('states the denominator in the singular too, and says nothing when every answer named one', async () => {
    const one = report({
      team: metrics({ n: 10, difficult: { value: 0.1, low: 0.02, high: 0.4 } }),
      drivers: [{ driver: 'transferred', count: 1, share: { value: 1, low: 0.21, high: 1 } }],
    });
    renderApp(teamClient(locale, { report: one }), <NavBar now={now} />);
    const section = await screen.findByRole('region', { name: t('team.drivers.title') });
    expect(section).toHaveTextContent(t('team.drivers.ofDifficult.one', { named: 1, count: 1 }));
    expect(section).not.toHaveTextContent(t('team.drivers.unnamed.one', { count: 0 }));
    expect(section).not.toHaveTextContent(t('team.drivers.unnamed.other', { count: 0 }));
  });

  it('filters the high-effort list by a reason from "what to fix first"', async () => {
    const client = teamClient(locale, {
      routes: [
        route(
          'GET',
          '/api/v1/report/answers',
          ok({
            items: [reportAnswer({ surveyId: 7, ticketId: 990, driver: 'transferred' })],
            nextCursor: null,
          }),
        ),
      ],
    });
    renderApp(client, <NavBar now={now} />);
    const drivers = await screen.findByRole('region', { name: t('team.drivers.title') });
    const reason = text(locale, 'drivers.transferred');
    await userEvent.click(
      within(drivers).getByRole('button', { name: t('team.drivers.showFor', { reason }) }),
    );
    const section = screen.getByRole('region', { name: t('team.highEffort.title') });
    expect(
      await within(section).findByRole('link', { name: t('common.ticketLink', { id: 990 }) }),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent(t('team.highEffort.forReason', { reason }));
    // The reason's count is the list's total: 1 of its 4 answers shown.
    expect(section).toHaveTextContent(t('team.highEffort.shown', { shown: 1, total: 4 }));
    const q = new URL(client.requestsTo('/api/v1/report/answers')[0]!.url).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ driver: 'transferred', band: 'difficult' });
  });

  it('says when the high-effort list stops short, and shows more on request', async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      reportAnswer({ surveyId: 1000 + i, ticketId: 2000 + i }),
    );
    const client = teamClient(locale, {
      routes: [route('GET', '/api/v1/report/answers', ok({ items: many, nextCursor: null }))],
    });
    renderApp(client, <NavBar now={now} />);
    const section = await screen.findByRole('region', { name: t('team.highEffort.title') });
    // The report carries 1 of the team's 12 difficult answers.
    expect(section).toHaveTextContent(t('team.highEffort.shown', { shown: 1, total: 12 }));
    await userEvent.click(within(section).getByRole('button', { name: t('team.highEffort.more') }));
    expect(
      await within(section).findByRole('link', { name: t('common.ticketLink', { id: 2024 }) }),
    ).toBeInTheDocument();
    const q = new URL(client.requestsTo('/api/v1/report/answers')[0]!.url).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ band: 'difficult', limit: '21' });
    expect(q.get('agentId')).toBeNull();
    // The service had no further page: no more button.
    expect(within(section).queryByRole('button', { name: t('team.highEffort.more') })).toBeNull();
  });

  it('shows every figure exactly as the service computed it: team, agents and groups', async () => {
    const num = (v: number, digits = 1) =>
      new Intl.NumberFormat(ZENDESK_LOCALE[locale], {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(v);
    const signed = (v: number) =>
      new Intl.NumberFormat(ZENDESK_LOCALE[locale], {
        maximumFractionDigits: 0,
        signDisplay: 'exceptZero',
      }).format(v);
    // Distinct values in every column, none derivable from another, so a swapped or
    // recomputed figure shows.
    const figures = report({
      team: metrics({
        n: 1234,
        sent: 2000,
        responded: 1234,
        mean: 4.87,
        easy: { value: 0.512, low: 0.484, high: 0.54 },
        netEasyScore: 23.4,
        responseRate: 0.617,
      }),
      agents: [
        {
          agentId: 301,
          rank: 1,
          shrunkMean: 5.2,
          shrunkEasy: 0.52,
          csat: { value: 0.71, low: 0.52, high: 0.85 },
          metrics: metrics({
            n: 31,
            mean: 5.26,
            easy: { value: 0.74, low: 0.57, high: 0.86 },
            difficult: { value: 0, low: 0, high: 0.11 },
            netEasyScore: -3.6,
            responseRate: 0.42,
          }),
        },
      ],
      standings: [{ agentId: 301, rankBand: { low: 1, high: 1 }, expectation: 'above' }],
      groups: [
        {
          groupId: 401,
          csat: { value: 0.66, low: 0.5, high: 0.79 },
          metrics: metrics({
            n: 77,
            mean: 3.93,
            easy: { value: 0.35, low: 0.25, high: 0.46 },
            netEasyScore: -12,
            responseRate: 0.29,
          }),
        },
      ],
    });
    renderApp(teamClient(locale, { report: figures }), <NavBar now={now} />);

    const summary = await screen.findByRole('region', { name: t('team.summary.title') });
    const tile = (label: string) => within(summary).getByText(label).closest('div')!;
    const count = (v: number) => new Intl.NumberFormat(ZENDESK_LOCALE[locale]).format(v);
    // Every count in the reader's locale, each saying what it counts.
    expect(tile(t('common.figures.n'))).toHaveTextContent(
      `${count(1234)}${t('team.summary.answersCount')}`,
    );
    expect(tile(t('common.figures.mean'))).toHaveTextContent(
      t('common.figures.meanOnScale', { mean: num(4.87), min: 1, max: 7 }),
    );
    expect(tile(t('team.agents.easyWithInterval'))).toHaveTextContent(
      t('common.figures.shareWithInterval', {
        value: pct(0.512),
        low: pct(0.484),
        high: pct(0.54),
      }),
    );
    expect(tile(t('common.figures.nes'))).toHaveTextContent(signed(23.4));
    expect(tile(t('common.figures.responseRate'))).toHaveTextContent(
      `${pct(0.617)}${t('team.summary.respondedOfSent', { responded: count(1234), sent: count(2000) })}`,
    );
    // The fixture: 80 sent, 50 reminded, 12 answers after the reminder, 75% with it, 60% without.
    const reminder = tile(t('team.reminder.title'));
    expect(reminder).toHaveTextContent(`${t('team.reminder.answersAfter')}: ${count(12)}`);
    expect(reminder).toHaveTextContent(`${t('team.reminder.rateWith')}: ${pct(0.75)}`);
    expect(reminder).toHaveTextContent(`${t('team.reminder.rateWithout')}: ${pct(0.6)}`);

    const cells = (name: string, first: string) => {
      const table = screen.getByRole('table', { name });
      const row = within(table).getByText(first).closest('tr')!;
      return within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    };
    const agents = await screen.findByRole('table', { name: t('team.agents.title') });
    await within(agents).findByText('Bo Builder');
    expect(cells(t('team.agents.title'), 'Bo Builder')).toEqual([
      '1',
      'Bo Builder',
      '31',
      num(5.26),
      shareCell(0.74, 0.57, 0.86),
      signed(-3.6),
      pct(0.42),
      shareCell(0.71, 0.52, 0.85),
      `▲ ${t('team.funnel.marks.above')}`,
      // No difficult answers: nothing to open, so no button.
      '–',
    ]);
    expect(
      screen.queryByRole('button', {
        name: t('team.agents.showDifficultFor', { name: 'Bo Builder' }),
      }),
    ).toBeNull();
    expect(cells(t('team.groups.title'), 'Support EU')).toEqual([
      'Support EU',
      '77',
      num(3.93),
      shareCell(0.35, 0.25, 0.46),
      signed(-12),
      pct(0.29),
      shareCell(0.66, 0.5, 0.79),
    ]);
  });

  it('marks a period that spans a scale change: note, mean per scale, ranking across scales', async () => {
    const num = (v: number) =>
      new Intl.NumberFormat(ZENDESK_LOCALE[locale], {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(v);
    const spanning = report({
      scaleId: 'ease_10',
      scales: [
        { scaleId: 'ces2_7', n: 40, firstDay: '2026-10-25', lastDay: '2026-11-08' },
        { scaleId: 'ease_10', n: 20, firstDay: '2026-11-09', lastDay: '2026-11-23' },
      ],
      team: metrics({
        n: 60,
        mean: null,
        meanInterval: null,
        means: [
          { scaleId: 'ces2_7', n: 40, mean: 5.25, interval: null },
          { scaleId: 'ease_10', n: 20, mean: 8.15, interval: null },
        ],
      }),
      ranking: { priorWeight: 10, minAnswers: 5, measure: 'shrunkEasy' },
    });
    renderApp(teamClient(locale, { report: spanning }), <NavBar now={now} />);
    const summary = await screen.findByRole('region', { name: t('team.summary.title') });
    expect(within(summary).getByRole('note')).toHaveTextContent(
      t('common.scaleChange.note', {
        scales: `${t('common.scaleNames.ces2_7')} → ${t('common.scaleNames.ease_10')}`,
      }),
    );
    const tile = (label: string) => within(summary).getByText(label).closest('div')!;
    const meanOn = (id: string) =>
      tile(t('common.scaleChange.meanOn', { scale: t(`common.scaleNames.${id}`) }));
    expect(meanOn('ces2_7')).toHaveTextContent(
      t('common.figures.meanOnScale', { mean: num(5.25), min: 1, max: 7 }),
    );
    expect(meanOn('ease_10')).toHaveTextContent(
      t('common.figures.meanOnScale', { mean: num(8.15), min: 1, max: 10 }),
    );
    expect(within(summary).queryByText(t('common.figures.mean'))).toBeNull();
    expect(
      screen.getByText(t('common.scaleChange.rankingNote', { c: 10, min: 5 })),
    ).toBeInTheDocument();
  });

  /** The team page, then "difficult answers" on Cy Coder's row: the high-effort section. */
  async function showCyCodersDifficultAnswers(client: MockZafClient): Promise<HTMLElement> {
    renderApp(client, <NavBar now={now} />);
    await within(await screen.findByRole('table', { name: t('team.agents.title') })).findByText(
      'Cy Coder',
    );
    await userEvent.click(
      screen.getByRole('button', { name: t('team.agents.showDifficultFor', { name: 'Cy Coder' }) }),
    );
    return screen.getByRole('region', { name: t('team.highEffort.title') });
  }

  it('lists high-effort tickets that open in Zendesk, customer text as text', async () => {
    const client = teamClient(locale);
    const { container } = renderApp(client, <NavBar now={now} />);
    const section = await screen.findByRole('region', { name: t('team.highEffort.title') });
    expect(
      within(section).getByText('Waited <script>alert(1)</script> a week'),
    ).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    await within(section).findByText((c) => c.includes('Bo Builder'));
    await userEvent.click(
      within(section).getByRole('link', { name: t('common.ticketLink', { id: 777 }) }),
    );
    expect(client.invocations).toContainEqual({ name: 'routeTo', args: ['ticket', 777] });
  });

  it("shows one agent's difficult answers behind the figures", async () => {
    const client = teamClient(locale, {
      routes: [
        route(
          'GET',
          '/api/v1/report/answers',
          ok({
            items: [reportAnswer({ surveyId: 5, ticketId: 888, agentId: 302 })],
            nextCursor: null,
          }),
        ),
      ],
    });
    const section = await showCyCodersDifficultAnswers(client);
    expect(
      await within(section).findByRole('link', { name: t('common.ticketLink', { id: 888 }) }),
    ).toBeInTheDocument();
    expect(
      within(section).getByText(t('team.highEffort.forAgent', { name: 'Cy Coder' })),
    ).toBeInTheDocument();
    const q = new URL(client.requestsTo('/api/v1/report/answers')[0]!.url).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      agentId: '302',
      band: 'difficult',
      from: '2026-10-25',
      to: '2026-11-23',
    });
    await userEvent.click(
      within(section).getByRole('button', { name: t('team.highEffort.showAll') }),
    );
    expect(
      within(section).getByRole('link', { name: t('common.ticketLink', { id: 777 }) }),
    ).toBeInTheDocument();
  });

  it('pages through one agent\'s difficult answers with "show more"', async () => {
    const client = teamClient(locale, {
      routes: [
        route('GET', '/api/v1/report/answers', (url) =>
          url.searchParams.get('cursor') === 'page-2'
            ? ok({ items: [reportAnswer({ surveyId: 6, ticketId: 889 })], nextCursor: null })
            : ok({ items: [reportAnswer({ surveyId: 5, ticketId: 888 })], nextCursor: 'page-2' }),
        ),
      ],
    });
    const section = await showCyCodersDifficultAnswers(client);
    await within(section).findByRole('link', { name: t('common.ticketLink', { id: 888 }) });
    await userEvent.click(within(section).getByRole('button', { name: t('team.highEffort.more') }));
    expect(
      await within(section).findByRole('link', { name: t('common.ticketLink', { id: 889 }) }),
    ).toBeInTheDocument();
    // Both pages stay; the last page has no cursor, so no more button.
    expect(
      within(section).getByRole('link', { name: t('common.ticketLink', { id: 888 }) }),
    ).toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: t('team.highEffort.more') })).toBeNull();
    const second = new URL(client.requestsTo('/api/v1/report/answers')[1]!.url).searchParams;
    expect(Object.fromEntries(second)).toMatchObject({
      agentId: '302',
      band: 'difficult',
      cursor: 'page-2',
      from: '2026-10-25',
      to: '2026-11-23',
    });
  });

  it('shows CSAT beside CES where Zendesk has it', async () => {
    const withCsat = report({
      agents: [{ ...agentRow(301, 1), csat: { value: 0.9, low: 0.7, high: 0.97 } }],
    });
    renderApp(teamClient(locale, { report: withCsat }), <NavBar now={now} />);
    const table = await screen.findByRole('table', { name: t('team.agents.title') });
    expect(
      within(table).getByRole('button', { name: t('common.figures.csat') }),
    ).toBeInTheDocument();
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getAllByRole('cell')[7]).toHaveTextContent(shareCell(0.9, 0.7, 0.97));
  });

  it('keeps the report named when Zendesk fails to list groups and brands for the filters', async () => {
    const client = teamClient(locale, {
      routes: [route('GET', '/api/v2/groups.json', fail(500))],
    });
    renderApp(client, <NavBar now={now} />);
    expect(await screen.findByText(t('team.filters.listsFailed'))).toBeInTheDocument();
    const groups = screen.getByRole('table', { name: t('team.groups.title') });
    expect(within(groups).getByText('Support EU')).toBeInTheDocument();
  });

  it('names deleted agents and groups as deleted, and never by a bare id', async () => {
    const named = report({
      agents: [agentRow(301, 1), agentRow(304, 2), agentRow(305, null)],
      groups: [{ groupId: 402, metrics: metrics({ n: 56 }), csat: null }],
      highEffort: [reportAnswer({ agentId: 304, groupId: 402 })],
      names: {
        agents: [
          { id: 301, name: 'Bo Builder', deleted: true },
          { id: 304, name: null, deleted: true },
          { id: 305, name: null, deleted: false },
        ],
        groups: [{ id: 402, name: null, deleted: true }],
      },
    });
    renderApp(teamClient(locale, { report: named }), <NavBar now={now} />);
    const agents = await screen.findByRole('table', { name: t('team.agents.title') });
    expect(
      within(agents).getByText(t('common.names.deleted', { name: 'Bo Builder' })),
    ).toBeInTheDocument();
    expect(
      within(agents).getByText(t('common.names.userDeleted', { id: 304 })),
    ).toBeInTheDocument();
    expect(
      within(agents).getByText(t('common.names.userUnknown', { id: 305 })),
    ).toBeInTheDocument();
    const groups = screen.getByRole('table', { name: t('team.groups.title') });
    expect(
      within(groups).getByText(t('common.names.groupDeleted', { id: 402 })),
    ).toBeInTheDocument();
    const tickets = screen.getByRole('region', { name: t('team.highEffort.title') });
    expect(tickets).toHaveTextContent(t('common.names.userDeleted', { id: 304 }));
    expect(document.body.textContent).not.toMatch(/Agent 30\d/);
  });

  it('shows settings and setup only to admins', async () => {
    renderApp(teamClient(locale), <NavBar now={now} />);
    await screen.findByRole('tab', { name: t('team.tabs.report') });
    expect(screen.queryByRole('tab', { name: t('team.tabs.settings') })).toBeNull();
    expect(screen.queryByRole('tab', { name: t('team.tabs.setup') })).toBeNull();
  });
});

describe.each(['en', 'nl'] as const)('settings and setup tabs in %s', (locale) => {
  const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);

  function adminClient(routes: Route[]) {
    return teamClient(locale, { role: 'admin', routes });
  }

  /** In a list of reasons: unticks one shipped reason and adds one of the admin's own. */
  async function swapDriver(list: HTMLElement, untick: string, newLabel: string, added: string) {
    await userEvent.click(within(list).getByRole('checkbox', { name: untick }));
    await userEvent.type(within(list).getByLabelText(newLabel), added);
    await userEvent.click(within(list).getByRole('button', { name: t('settings.drivers.add') }));
  }

  /** An admin on the settings tab of `stored`; `saved()` is the last body the app PUT. */
  async function openSettings(stored: Settings = settings()) {
    let saved: Settings | null = null;
    const client = adminClient([
      route('GET', '/api/v1/settings', ok({ settings: stored })),
      route('PUT', '/api/v1/settings', (_u, options) => {
        saved = JSON.parse(options.data ?? 'null') as Settings;
        return ok({ settings: saved });
      }),
    ]);
    renderApp(client, <NavBar now={now} />);
    await userEvent.click(await screen.findByRole('tab', { name: t('team.tabs.settings') }));
    return { client, saved: () => saved };
  }

  it('validates settings before saving, with a message next to the field', async () => {
    const { client } = await openSettings();
    const sampling = await screen.findByLabelText(t('settings.fields.samplingRate'));
    expect(sampling).toHaveValue('100');
    await userEvent.clear(sampling);
    await userEvent.type(sampling, '150');
    await userEvent.clear(screen.getByLabelText(t('settings.fields.companyName')));
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    expect(await screen.findByText(t('settings.invalidTitle'))).toBeInTheDocument();
    // Typed in percent, so its limits are said in percent (the service checks 0..1).
    expect(screen.getByText(t('settings.errors.range', { min: 0, max: 100 }))).toBeInTheDocument();
    expect(screen.getByText(t('settings.errors.length', { min: 1, max: 80 }))).toBeInTheDocument();
    expect(client.requests.some((r) => r.type === 'PUT')).toBe(false);
  });

  it('edits the reminder and alerts, with previews of what customers and leads read', async () => {
    const { saved } = await openSettings();
    const days = await screen.findByLabelText(t('settings.fields.reminderAfterDays'));
    expect(days).toHaveValue('3');
    // The previews are in the account's language (en here), whatever the reader's.
    const reminder = await screen.findByTestId('reminder-preview');
    await waitFor(() => expect(reminder.textContent).toContain(text('en', 'email.reminderIntro')));
    expect(screen.getByTestId('alert-preview').textContent).toContain(
      `${text('en', 'alert.score')}: 2/7`,
    );
    await userEvent.clear(days);
    await userEvent.type(days, '9');
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    // A reminder on or after the day the survey closes (7) could never be answered.
    expect(
      await screen.findByText(t('settings.errors.reminderWindow', { max: 6 })),
    ).toBeInTheDocument();
    await userEvent.clear(days);
    await userEvent.type(days, '2');
    await userEvent.click(screen.getByLabelText(t('settings.fields.alertsZendesk')));
    await userEvent.type(
      screen.getByLabelText(t('settings.fields.chatWebhookUrl')),
      'https://hooks.slack.com/services/T/B/x',
    );
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    expect(await screen.findByText(t('settings.saved'))).toBeInTheDocument();
    expect(saved()).toMatchObject({
      reminder: { enabled: true, afterDays: 2 },
      alerts: { zendesk: false, chatWebhookUrl: 'https://hooks.slack.com/services/T/B/x' },
    });
  });

  it('saves valid settings and shows problems the service finds', async () => {
    let saved: Settings | null = null;
    let attempt = 0;
    const client = adminClient([
      route('GET', '/api/v1/settings', ok({ settings: settings() })),
      route('PUT', '/api/v1/settings', (_u, options) => {
        saved = JSON.parse(options.data ?? 'null') as Settings;
        return ++attempt === 1
          ? fail(422, {
              error: 'invalid_settings',
              problems: [
                {
                  path: 'rules.throttleDays',
                  messageKey: 'settings.errors.range',
                  vars: { min: 0, max: 365 },
                },
              ],
            })
          : ok({ settings: saved });
      }),
    ]);
    renderApp(client, <NavBar now={now} />);
    await userEvent.click(await screen.findByRole('tab', { name: t('team.tabs.settings') }));
    const throttle = await screen.findByLabelText(t('settings.fields.throttleDays'));
    await userEvent.clear(throttle);
    await userEvent.type(throttle, '30');
    await userEvent.type(screen.getByLabelText(t('settings.fields.excludedTags')), ', vip');
    await swapDriver(
      screen.getByRole('group', { name: t('settings.fields.drivers') }),
      text(locale, 'drivers.other'),
      t('settings.drivers.newLabel'),
      'Billing was wrong',
    );
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    expect(
      await screen.findByText(t('settings.errors.range', { min: 0, max: 365 })),
    ).toBeInTheDocument();
    expect(saved).toMatchObject({
      companyName: 'Acme',
      rules: { throttleDays: 30, excludedTags: ['ces_skip', 'vip'] },
      customDriverLabels: { billing_was_wrong: { en: 'Billing was wrong' } },
    });
    expect(saved!.drivers).not.toContain('other');
    expect(saved!.drivers).toContain('billing_was_wrong');
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    expect(await screen.findByText(t('settings.saved'))).toBeInTheDocument();
  });

  it('picks excluded groups and brands by name, keeping ids Zendesk no longer lists removable', async () => {
    const { saved } = await openSettings(
      settings({ rules: { ...settings().rules, excludedGroupIds: [999] } }),
    );
    const groups = await screen.findByRole('group', {
      name: t('settings.fields.excludedGroupIds'),
    });
    const brands = screen.getByRole('group', { name: t('settings.fields.excludedBrandIds') });
    await userEvent.click(await within(groups).findByRole('checkbox', { name: 'Support EU' }));
    await userEvent.click(within(brands).getByRole('checkbox', { name: 'Acme Retail' }));
    // Excluded before, no longer in Zendesk's list: shown by number, and can be taken out.
    const gone = within(groups).getByRole('checkbox', {
      name: t('common.names.groupUnknown', { id: 999 }),
    });
    expect(gone).toBeChecked();
    await userEvent.click(gone);
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    expect(await screen.findByText(t('settings.saved'))).toBeInTheDocument();
    expect(saved()!.rules.excludedGroupIds).toEqual([401]);
    expect(saved()!.rules.excludedBrandIds).toEqual([501]);
    // No id is typed anywhere any more.
    expect(screen.queryByText(t('settings.hints.ids'))).toBeNull();
  });

  it('shows each language its own question, and saves reasons per language and the resurvey rule', async () => {
    const { saved } = await openSettings();
    const questions = await screen.findByRole('group', { name: t('settings.fields.questions') });
    const dutchName = new Intl.DisplayNames([locale], { type: 'language' }).of('nl')!;
    const germanName = new Intl.DisplayNames([locale], { type: 'language' }).of('de')!;
    // Each language's field shows that language's wording, whatever the admin's own language.
    await waitFor(() =>
      expect(within(questions).getByLabelText(dutchName)).toHaveAttribute(
        'placeholder',
        text('nl', 'scales.ces2_7.question', { company: 'Acme' }),
      ),
    );
    expect(within(questions).getByLabelText(germanName)).toHaveAttribute(
      'placeholder',
      text('de', 'scales.ces2_7.question', { company: 'Acme' }),
    );

    const easyList = screen.getByRole('group', { name: t('settings.fields.easyDrivers') });
    await swapDriver(
      easyList,
      text(locale, 'drivers.quick'),
      t('settings.drivers.newEasyLabel'),
      'Friendly agent',
    );
    const labels = within(easyList).getByRole('group', {
      name: t('settings.drivers.labels', { name: 'Friendly agent' }),
    });
    await userEvent.type(within(labels).getByLabelText(dutchName), 'Vriendelijke medewerker');
    await userEvent.selectOptions(
      screen.getByLabelText(t('settings.fields.resurveyAnswered')),
      t('settings.resurvey.always'),
    );
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    expect(await screen.findByText(t('settings.saved'))).toBeInTheDocument();
    expect(saved()!.easyDrivers).toContain('friendly_agent');
    expect(saved()!.easyDrivers).not.toContain('quick');
    expect(saved()!.drivers).not.toContain('friendly_agent');
    expect(saved()!.customDriverLabels.friendly_agent).toEqual({
      en: 'Friendly agent',
      nl: 'Vriendelijke medewerker',
    });
    expect(saved()!.rules.resurveyAnswered).toBe('always');
  });

  it('lists what Zendesk lacks and repairs it', async () => {
    const before: SetupStatusResponse = {
      ok: false,
      items: [
        {
          kind: 'ticket_field',
          key: 'score',
          title: 'CES score',
          state: 'ok',
          zendeskId: 1,
          detail: null,
        },
        {
          kind: 'trigger',
          key: 'solved',
          title: 'CES: survey on solve',
          state: 'drifted',
          zendeskId: 2,
          detail: 'conditions changed',
        },
        {
          kind: 'webhook',
          key: 'webhook',
          title: 'CES webhook',
          state: 'missing',
          zendeskId: null,
          detail: null,
        },
      ],
    };
    const after: SetupStatusResponse = {
      ok: true,
      items: before.items.map((i) => ({ ...i, state: 'ok', detail: null })),
    };
    let body: unknown = null;
    const client = adminClient([
      route('GET', '/api/v1/setup', ok(before)),
      route('POST', '/api/v1/setup', (_u, o) => {
        body = JSON.parse(o.data ?? 'null');
        return ok(after);
      }),
    ]);
    renderApp(client, <NavBar now={now} />);
    await userEvent.click(await screen.findByRole('tab', { name: t('team.tabs.setup') }));
    const table = await screen.findByRole('table', { name: t('setup.title') });
    expect(within(table).getByText(t('setup.states.drifted'))).toBeInTheDocument();
    expect(within(table).getByText(t('setup.states.missing'))).toBeInTheDocument();
    expect(within(table).getByText('conditions changed')).toBeInTheDocument();
    expect(screen.getByText(t('setup.needsRepair'))).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: t('setup.repair') }));
    expect(await screen.findByText(t('setup.repairedTitle'))).toBeInTheDocument();
    expect(body).toEqual({ repair: true });
    expect(within(table).queryByText(t('setup.states.missing'))).toBeNull();
    expect(screen.getByRole('button', { name: t('setup.repair') })).toBeDisabled();
  });

  it('says when the repair fails', async () => {
    const client = adminClient([
      route('GET', '/api/v1/setup', ok({ ok: false, items: [] })),
      route('POST', '/api/v1/setup', fail(502, { error: 'zendesk_unavailable', message: 'x' })),
    ]);
    renderApp(client, <NavBar now={now} />);
    await userEvent.click(await screen.findByRole('tab', { name: t('team.tabs.setup') }));
    await userEvent.click(await screen.findByRole('button', { name: t('setup.repair') }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(t('setup.failedTitle'));
    expect(alert).toHaveTextContent(t('common.errors.server'));
  });
});
