/** The team page and its answers as CSV (RFC 4180), safe to open in a spreadsheet. */
import type { FigureChange, Metrics, ReportResponse } from '../../shared/api-types.js';
import { driverBase, sortAgentRows, type AgentSortKey } from '../../shared/scoring.js';

export type Cell = string | number | null;

/**
 * One CSV field. Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a
 * leading apostrophe; a field with a comma, quote or line break is quoted with quotes doubled.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text: CRLF line ends, a trailing CRLF, as RFC 4180 describes. */
export function toCsv(rows: ReadonlyArray<readonly Cell[]>): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const round = (v: number | null | undefined, digits: number): number | null =>
  v === null || v === undefined ? null : Number(v.toFixed(digits));
export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? null : round(100 * v, 1);

/** The figure columns every row of the team CSV shares: team, agents and groups alike. */
export const FIGURE_CSV_HEADER = [
  'level',
  'id',
  'name',
  'rank',
  'rank_low',
  'rank_high',
  'expectation',
  'answers',
  'mean',
  'mean_low',
  'mean_high',
  'easy_pct',
  'easy_low_pct',
  'easy_high_pct',
  'difficult_pct',
  'net_easy_score',
  'sent',
  'responded',
  'response_rate_pct',
  'shrunk_mean',
  'csat_pct',
] as const;

/** The previous-period block: one row per headline figure (a mean per scale). */
export const COMPARISON_CSV_HEADER = [
  'figure',
  'scale',
  'current',
  'previous',
  'change',
  'change_low',
  'change_high',
  'beyond_noise',
] as const;

/**
 * The team's headline figures now and in the previous period, with the change and its 95%
 * interval, rounded as the figures are (shares and their changes in % points).
 */
function comparisonRows(report: ReportResponse): Cell[][] {
  const { team } = report;
  const { team: before, changes } = report.previous;
  const row = (
    figure: string,
    scale: string | null,
    current: Cell,
    previous: Cell,
    c: FigureChange | null,
    scaleOf: (v: number) => number | null,
  ): Cell[] => [
    figure,
    scale,
    current,
    previous,
    c ? scaleOf(c.difference) : null,
    c ? scaleOf(c.low) : null,
    c ? scaleOf(c.high) : null,
    c ? (c.beyondNoise ? 'yes' : 'no') : null,
  ];
  const points = (v: number) => pct(v);
  const beforeMean = new Map(before.means.map((m) => [m.scaleId, m.mean]));
  return [
    [...COMPARISON_CSV_HEADER],
    row('answers', null, team.n, before.n, changes.n, (v) => round(v, 1)),
    row(
      'response_rate_pct',
      null,
      pct(team.responseRate),
      pct(before.responseRate),
      changes.responseRate,
      points,
    ),
    row('easy_pct', null, pct(team.easy?.value), pct(before.easy?.value), changes.easy, points),
    row(
      'difficult_pct',
      null,
      pct(team.difficult?.value),
      pct(before.difficult?.value),
      changes.difficult,
      points,
    ),
    row(
      'net_easy_score',
      null,
      round(team.netEasyScore, 1),
      round(before.netEasyScore, 1),
      changes.netEasyScore,
      (v) => round(v, 1),
    ),
    ...team.means.map((m) =>
      row(
        'mean',
        m.scaleId,
        round(m.mean, 2),
        round(beforeMean.get(m.scaleId), 2),
        changes.means.find((c) => c.scaleId === m.scaleId)?.change ?? null,
        (v) => round(v, 2),
      ),
    ),
  ];
}

export const REASON_CSV_HEADER = [
  'reason',
  'answers',
  'difficult_answers',
  'share_pct',
  'share_low_pct',
  'share_high_pct',
] as const;

/** The metric cells of one row, rounded as everywhere in the CSV (means 2 decimals, % 1). */
function figureCells(m: Metrics): Cell[] {
  return [
    m.n,
    round(m.mean, 2),
    round(m.meanInterval?.low, 2),
    round(m.meanInterval?.high, 2),
    pct(m.easy?.value),
    pct(m.easy?.low),
    pct(m.easy?.high),
    pct(m.difficult?.value),
    round(m.netEasyScore, 1),
    m.sent,
    m.responded,
    pct(m.responseRate),
  ];
}

export interface TeamCsvOptions {
  /** The agent table's order on screen. */
  sort: AgentSortKey;
  order: 'asc' | 'desc';
}

/**
 * The team page as CSV, block by block as the page shows it, blocks separated by an empty line:
 * the filters and period; the team, agent (in the table's order) and group rows with one set of
 * columns; the reasons behind difficult answers, out of every difficult answer; the headline
 * figures beside the previous period's, with each change. Built from the
 * very response /report returns, so the file and the page cannot disagree.
 */
export function teamReportCsv(report: ReportResponse, options: TeamCsvOptions): string {
  const agentName = new Map(report.names.agents.map((n) => [n.id, n.name]));
  const groupName = new Map(report.names.groups.map((n) => [n.id, n.name]));
  const standing = new Map(report.standings.map((s) => [s.agentId, s]));
  const f = report.filters;
  const filters: Cell[][] = [
    ['filter', 'value', 'name'],
    ['from', f.from, null],
    ['to', f.to, null],
    ['time_zone', report.timeZone, null],
    ['previous_from', report.previous.from, null],
    ['previous_to', report.previous.to, null],
    ['scale', report.scaleId, null],
    [
      'group_id',
      f.groupId ?? null,
      f.groupId !== undefined ? (groupName.get(f.groupId) ?? null) : null,
    ],
    ['brand_id', f.brandId ?? null, null],
    ['channel', f.channel ?? null, null],
    ['sort', options.sort, null],
    ['order', options.order, null],
    ['ranking_prior_weight', report.ranking.priorWeight, null],
    ['ranking_min_answers', report.ranking.minAnswers, null],
  ];
  const figures: Cell[][] = [
    [...FIGURE_CSV_HEADER],
    ['team', null, null, null, null, null, null, ...figureCells(report.team), null, null],
    ...sortAgentRows(report.agents, options.sort, options.order).map((r) => {
      const s = standing.get(r.agentId);
      return [
        'agent',
        r.agentId,
        agentName.get(r.agentId) ?? null,
        r.rank,
        s?.rankBand?.low ?? null,
        s?.rankBand?.high ?? null,
        s?.expectation ?? null,
        ...figureCells(r.metrics),
        round(r.shrunkMean, 2),
        pct(r.csat?.value),
      ];
    }),
    ...report.groups.map((g) => [
      'group',
      g.groupId,
      groupName.get(g.groupId) ?? null,
      null,
      null,
      null,
      null,
      ...figureCells(g.metrics),
      null,
      pct(g.csat?.value),
    ]),
  ];
  const base = driverBase(report.team, report.drivers);
  const reasons: Cell[][] = [
    [...REASON_CSV_HEADER],
    ...report.drivers.map((d) => [
      d.driver,
      d.count,
      base.difficult,
      pct(d.share.value),
      pct(d.share.low),
      pct(d.share.high),
    ]),
    // The difficult answers that named none: the rest of the denominator.
    ...(base.unnamed > 0 ? [['', base.unnamed, base.difficult, null, null, null]] : []),
  ];
  return toCsv([
    ...filters,
    [],
    ...figures,
    [],
    ...reasons,
    [],
    ...comparisonRows(report),
    [],
    ...resolutionPathRows(report),
  ]);
}

export const PATH_CSV_HEADER = [
  'breakdown',
  'path',
  'scale',
  'answers',
  'easy_pct',
  'easy_low_pct',
  'easy_high_pct',
  'difficult_pct',
  'difficult_low_pct',
  'difficult_high_pct',
  'mean',
  'mean_low',
  'mean_high',
] as const;

/**
 * The "effort by resolution path" block: per path (touch, reopened, channel) a row over every
 * scale (answers, % easy, % difficult; a mean only when the period has one scale), then one row
 * per scale with that scale's answers and mean: means are never averaged across scales. Only
 * a touch or reopened path with answers has rows, as on the page.
 */
function resolutionPathRows(report: ReportResponse): Cell[][] {
  const { paths } = report;
  const rows = (breakdown: string, path: string, m: Metrics): Cell[][] => [
    [
      breakdown,
      path,
      null,
      m.n,
      pct(m.easy?.value),
      pct(m.easy?.low),
      pct(m.easy?.high),
      pct(m.difficult?.value),
      pct(m.difficult?.low),
      pct(m.difficult?.high),
      round(m.mean, 2),
      round(m.meanInterval?.low, 2),
      round(m.meanInterval?.high, 2),
    ],
    ...m.means.map((s) => [
      breakdown,
      path,
      s.scaleId,
      s.n,
      null,
      null,
      null,
      null,
      null,
      null,
      round(s.mean, 2),
      round(s.interval?.low, 2),
      round(s.interval?.high, 2),
    ]),
  ];
  // The rows the page shows: a path without answers is left out there and here.
  const shown = <T extends { metrics: Metrics }>(list: readonly T[]) =>
    list.filter((x) => x.metrics.n > 0);
  return [
    [...PATH_CSV_HEADER],
    ...shown(paths.touch).flatMap((t) => rows('touch', t.path, t.metrics)),
    ...shown(paths.reopened).flatMap((r) => rows('reopened', r.path, r.metrics)),
    ...shown(paths.channels).flatMap((c) => rows('channel', c.channel, c.metrics)),
  ];
}
