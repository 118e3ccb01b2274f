/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NavBar } from '../../../src/app/locations/NavBar.js';
import { COMPARISON_CSV_HEADER, teamReportCsv } from '../../../src/server/reports/report-csv.js';
import type { FigureChange, Metrics, ReportResponse } from '../../../src/shared/api-types.js';
import { csvBlocks } from '../../support/csv.js';
import { catchDownloads, readBlob } from '../support/downloads.js';
import { report } from '../support/fixtures.js';
import { renderApp, text, ZENDESK_LOCALE } from '../support/render.js';
import { MockZafClient, ok, route } from '../support/zaf-mock.js';

const NOW = new Date('2026-11-23T12:00:00Z');

/**
 * The CSV test: the file the service writes for a report (teamReportCsv, the route's own
 * function) holds the API response's every number, and each one reads the same on the page.
 */
describe.each(['en', 'nl'] as const)(
  'the team CSV against the API and the screen in %s',
  (locale) => {
    const t = (key: string, vars?: Record<string, string | number>) => text(locale, key, vars);
    const intl = ZENDESK_LOCALE[locale];
    const count = (v: number) => new Intl.NumberFormat(intl).format(v);
    const num = (v: number) =>
      new Intl.NumberFormat(intl, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
    const pct = (v: number) =>
      new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 0 }).format(v);
    const signed = (v: number) =>
      new Intl.NumberFormat(intl, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(
        v,
      );

    // The API response: distinct figures everywhere, CSAT for one agent and the group.
    const api: ReportResponse = report();
    api.agents[0] = { ...api.agents[0]!, csat: { value: 0.71, low: 0.52, high: 0.85 } };
    api.groups[0] = { ...api.groups[0]!, csat: { value: 0.66, low: 0.5, high: 0.79 } };
    const csv = teamReportCsv(api, { sort: 'rank', order: 'asc' });

    /** An agent's team page showing `api`, and the file the service gives at `csvPath`. */
    const exportClient = (csvPath: string, file: string) =>
      new MockZafClient({
        user: { locale: intl, role: 'agent' },
        routes: [
          route('GET', '/api/v1/report', ok(api)),
          route('GET', csvPath, ok(file)),
          route('GET', '/api/v2/groups.json', ok({ groups: [], meta: { has_more: false } })),
          route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
        ],
      });

    it('holds every number of the API and shows each one on the page', async () => {
      const client = exportClient('/api/v1/report.csv', csv);
      const { blobs, restore } = catchDownloads();
      try {
        renderApp(client, <NavBar now={() => NOW} />);
        // A cold first render in jsdom is slow: wait for the state, however long it takes.
        const agents = await screen.findByRole(
          'table',
          { name: t('team.agents.title') },
          { timeout: 10_000 },
        );
        await within(agents).findByText('Cy Coder');
        await userEvent.click(screen.getByRole('button', { name: t('team.export.button') }));
        await waitFor(() => expect(blobs).toHaveLength(1));
        const [filters, figures, reasons, comparison, paths] = csvBlocks(await readBlob(blobs[0]!));

        // The header block: the period and filters on screen.
        expect(filters).toContainEqual(['from', api.filters.from, '']);
        expect(filters).toContainEqual(['to', api.filters.to, '']);
        expect(filters).toContainEqual(['time_zone', api.timeZone, '']);
        expect(filters).toContainEqual(['previous_from', api.previous.from, '']);
        expect(filters).toContainEqual(['previous_to', api.previous.to, '']);

        const header = figures![0]!;
        const cell = (row: string[], name: string) => row[header.indexOf(name)]!;
        const n = (row: string[], name: string) => Number(cell(row, name));
        /** A CSV number against the API's (rounded as documented) and the page's text. */
        const checkMetrics = (row: string[], m: Metrics, shown: string) => {
          expect(n(row, 'answers')).toBe(m.n);
          expect(n(row, 'mean')).toBe(Number(m.mean!.toFixed(2)));
          expect(n(row, 'easy_pct')).toBe(Number((100 * m.easy!.value).toFixed(1)));
          expect(n(row, 'easy_low_pct')).toBe(Number((100 * m.easy!.low).toFixed(1)));
          expect(n(row, 'easy_high_pct')).toBe(Number((100 * m.easy!.high).toFixed(1)));
          expect(n(row, 'net_easy_score')).toBe(Number(m.netEasyScore!.toFixed(1)));
          expect(n(row, 'sent')).toBe(m.sent);
          expect(n(row, 'responded')).toBe(m.responded);
          expect(n(row, 'response_rate_pct')).toBe(Number((100 * m.responseRate!).toFixed(1)));
          expect(shown).toContain(count(n(row, 'answers')));
          expect(shown).toContain(num(n(row, 'mean')));
          for (const col of ['easy_pct', 'easy_low_pct', 'easy_high_pct', 'response_rate_pct'])
            expect(shown).toContain(pct(n(row, col) / 100));
          expect(shown).toContain(signed(n(row, 'net_easy_score')));
        };

        // The team row and the summary tiles.
        const team = figures!.find((r) => r[0] === 'team')!;
        const summary = screen.getByRole('region', { name: t('team.summary.title') });
        checkMetrics(team, api.team, summary.textContent!);
        expect(summary).toHaveTextContent(
          t('team.summary.respondedOfSent', {
            responded: count(n(team, 'responded')),
            sent: count(n(team, 'sent')),
          }),
        );

        // Agent rows: the table's rows in the table's order, by name.
        const agentRows = figures!.filter((r) => r[0] === 'agent');
        const screenRows = within(agents).getAllByRole('row').slice(1);
        expect(agentRows.map((r) => cell(r, 'name'))).toEqual(
          screenRows.map((r) => within(r).getAllByRole('cell')[1]!.textContent),
        );
        for (const row of agentRows) {
          const a = api.agents.find((x) => x.agentId === n(row, 'id'))!;
          const s = api.standings.find((x) => x.agentId === a.agentId)!;
          const shown = screenRows.find((r) => r.textContent!.includes(cell(row, 'name')))!;
          checkMetrics(row, a.metrics, shown.textContent!);
          expect(cell(row, 'rank')).toBe(a.rank === null ? '' : String(a.rank));
          expect(cell(row, 'expectation')).toBe(s.expectation ?? '');
          if (s.expectation)
            expect(shown).toHaveTextContent(t(`team.funnel.marks.${s.expectation}`));
          const rankCell = within(shown).getAllByRole('cell')[0]!;
          if (s.rankBand && s.rankBand.low !== s.rankBand.high) {
            expect([n(row, 'rank_low'), n(row, 'rank_high')]).toEqual([
              s.rankBand.low,
              s.rankBand.high,
            ]);
            expect(rankCell).toHaveTextContent(
              t('common.figures.range', {
                low: count(s.rankBand.low),
                high: count(s.rankBand.high),
              }),
            );
          }
          expect(n(row, 'shrunk_mean')).toBe(Number(a.shrunkMean!.toFixed(2)));
          if (a.csat) {
            expect(n(row, 'csat_pct')).toBe(Number((100 * a.csat.value).toFixed(1)));
            expect(shown.textContent).toContain(pct(n(row, 'csat_pct') / 100));
          } else expect(cell(row, 'csat_pct')).toBe('');
        }

        // Group rows and the group table.
        const groups = screen.getByRole('table', { name: t('team.groups.title') });
        for (const row of figures!.filter((r) => r[0] === 'group')) {
          const g = api.groups.find((x) => x.groupId === n(row, 'id'))!;
          expect(cell(row, 'name')).toBe('Support EU');
          const shown = within(groups).getByText(cell(row, 'name')).closest('tr')!;
          checkMetrics(row, g.metrics, shown.textContent!);
          expect(shown.textContent).toContain(pct(n(row, 'csat_pct') / 100));
        }
        expect(figures!.length - 1).toBe(1 + api.agents.length + api.groups.length);

        // Reasons: counts, the denominator and the shares "what to fix first" shows.
        const drivers = screen.getByRole('region', { name: t('team.drivers.title') });
        const items = within(drivers).getAllByRole('listitem');
        const named = reasons!.slice(1).filter((r) => r[0] !== '');
        expect(named.map((r) => r[0])).toEqual(api.drivers.map((d) => d.driver));
        named.forEach((row, i) => {
          const d = api.drivers[i]!;
          expect(Number(row[1])).toBe(d.count);
          expect(Number(row[3])).toBe(Number((100 * d.share.value).toFixed(1)));
          expect(items[i]).toHaveTextContent(
            t('team.drivers.ofDifficult.other', {
              named: count(d.count),
              count: count(Number(row[2])),
            }),
          );
          expect(items[i]).toHaveTextContent(pct(Number(row[3]) / 100));
          expect(items[i]).toHaveTextContent(pct(Number(row[4]) / 100));
          expect(items[i]).toHaveTextContent(pct(Number(row[5]) / 100));
        });
        const unnamed = reasons!.find((r) => r[0] === '')!;
        expect(drivers).toHaveTextContent(
          t('team.drivers.unnamed.other', { count: count(Number(unnamed[1])) }),
        );

        // Effort by resolution path: each row the page shows, its answers, shares and mean.
        const pathsShown = screen.getByRole('region', { name: t('team.paths.title') });
        const pathHeader = paths![0]!;
        const pathCell = (row: string[], name: string) => row[pathHeader.indexOf(name)]!;
        const tableTitle = {
          touch: 'team.paths.touchTitle',
          reopened: 'team.paths.reopenedTitle',
          channel: 'team.paths.channelTitle',
        } as const;
        const apiRows = [
          ...api.paths.touch.map((p) => ['touch', p.path, p.metrics] as const),
          ...api.paths.reopened.map((p) => ['reopened', p.path, p.metrics] as const),
          ...api.paths.channels.map((c) => ['channel', c.channel, c.metrics] as const),
        ].filter(([, , m]) => m.n > 0);
        const overall = paths!.slice(1).filter((r) => pathCell(r, 'scale') === '');
        expect(overall.map((r) => `${r[0]}:${r[1]}`)).toEqual(apiRows.map(([b, p]) => `${b}:${p}`));
        overall.forEach((row, i) => {
          const [breakdown, path, m] = apiRows[i]!;
          const table = within(pathsShown).getByRole('table', {
            name: t(tableTitle[breakdown]),
          });
          const label =
            breakdown === 'channel'
              ? t(`team.channels.${path}`)
              : t(`team.paths.${breakdown}.${path}`);
          const shown = within(table).getByText(label).closest('tr')!.textContent!;
          expect(Number(pathCell(row, 'answers'))).toBe(m.n);
          expect(shown).toContain(count(m.n));
          const shares = [
            ['easy_pct', m.easy!.value],
            ['easy_low_pct', m.easy!.low],
            ['easy_high_pct', m.easy!.high],
            ['difficult_pct', m.difficult!.value],
            ['difficult_low_pct', m.difficult!.low],
            ['difficult_high_pct', m.difficult!.high],
          ] as const;
          for (const [column, value] of shares) {
            expect(Number(pathCell(row, column))).toBe(Number((100 * value).toFixed(1)));
            expect(shown).toContain(pct(Number(pathCell(row, column)) / 100));
          }
          expect(Number(pathCell(row, 'mean'))).toBe(Number(m.mean!.toFixed(2)));
          expect(shown).toContain(num(Number(pathCell(row, 'mean'))));
        });
        expect(pathsShown).toHaveTextContent(
          t('team.paths.coverage', {
            known: count(api.paths.withMetrics),
            total: count(api.paths.withMetrics + api.paths.withoutMetrics),
            unknown: count(api.paths.withoutMetrics),
          }),
        );
        // The previous period: each headline figure then, its change and its verdict, as the
        // tiles show them (shares and their changes in % points, rounded further on screen).
        expect(comparison![0]).toEqual([...COMPARISON_CSV_HEADER]);
        const c = (row: string[], name: string) =>
          Number(row[COMPARISON_CSV_HEADER.indexOf(name as never)]);
        const signedTo = (v: number, digits: number) =>
          new Intl.NumberFormat(intl, {
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
            signDisplay: 'exceptZero',
          }).format(v);
        const ch = api.previous.changes;
        const before = api.previous.team;
        const expected: Array<
          [string, string, number | null | undefined, number | null | undefined, FigureChange]
        > = [
          ['answers', 'ces-change-n', api.team.n, before.n, ch.n],
          [
            'response_rate_pct',
            'ces-change-response-rate',
            api.team.responseRate,
            before.responseRate,
            ch.responseRate!,
          ],
          ['easy_pct', 'ces-change-easy', api.team.easy?.value, before.easy?.value, ch.easy!],
          [
            'difficult_pct',
            'ces-change-difficult',
            api.team.difficult?.value,
            before.difficult?.value,
            ch.difficult!,
          ],
          [
            'net_easy_score',
            'ces-change-nes',
            api.team.netEasyScore,
            before.netEasyScore,
            ch.netEasyScore!,
          ],
          ['mean', 'ces-change-mean-ces2_7', api.team.mean, before.mean, ch.means[0]!.change],
        ];
        expect(comparison!.slice(1).map((r) => r[0])).toEqual(expected.map((e) => e[0]));
        for (const [figure, testId, now, then, change] of expected) {
          const row = comparison!.find((r) => r[0] === figure)!;
          const shown = within(summary).getByTestId(testId).textContent!;
          const share = figure.endsWith('_pct');
          const digits = figure === 'mean' ? 2 : 1;
          const asCsv = (v: number) => Number((share ? 100 * v : v).toFixed(digits));
          expect([c(row, 'current'), c(row, 'previous')]).toEqual([asCsv(now!), asCsv(then!)]);
          expect([c(row, 'change'), c(row, 'change_low'), c(row, 'change_high')]).toEqual([
            asCsv(change.difference),
            asCsv(change.low),
            asCsv(change.high),
          ]);
          expect(row[COMPARISON_CSV_HEADER.indexOf('beyond_noise')]).toBe(
            change.beyondNoise ? 'yes' : 'no',
          );
          // On screen: the previous figure, the change and its bounds, and the verdict.
          const onScreen = (v: number) =>
            share
              ? t('team.previous.points', { value: signedTo(v, 0) })
              : signedTo(v, figure === 'mean' ? 1 : 0);
          if (figure === 'answers') expect(shown).toContain(count(c(row, 'previous')));
          else if (figure === 'mean') expect(shown).toContain(num(c(row, 'previous')));
          else if (share) expect(shown).toContain(pct(c(row, 'previous') / 100));
          else expect(shown).toContain(signed(c(row, 'previous')));
          for (const col of ['change', 'change_low', 'change_high'])
            expect(shown).toContain(onScreen(c(row, col)));
          expect(shown).toContain(
            t(change.beyondNoise ? 'team.previous.beyondNoise' : 'team.previous.noChange'),
          );
        }
      } finally {
        restore();
      }
    });

    it('exports the answers behind the same filters as a second file', async () => {
      const answers = 'ticket_id,comment\r\n777,"\'=1+1"\r\n';
      const client = exportClient('/api/v1/report/answers.csv', answers);
      const { blobs, names, restore } = catchDownloads();
      try {
        renderApp(client, <NavBar now={() => NOW} />);
        await screen.findByRole('table', { name: t('team.agents.title') }, { timeout: 10_000 });
        await userEvent.click(screen.getByRole('button', { name: t('team.export.answers') }));
        await waitFor(() => expect(names).toEqual(['ces-answers_2026-10-25_2026-11-23.csv']));
        expect(await readBlob(blobs[0]!)).toBe(answers);
        const asked = new URL(client.requestsTo('/api/v1/report/answers.csv')[0]!.url).searchParams;
        const shown = new URL(client.requestsTo('/api/v1/report').at(-1)!.url).searchParams;
        expect(Object.fromEntries(asked)).toEqual(Object.fromEntries(shown));
      } finally {
        restore();
      }
    });
  },
);
