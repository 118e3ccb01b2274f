import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Table } from '@zendeskgarden/react-tables';
import type { ReportResponse, ShareWithInterval } from '../../shared/api-types.js';
import { sortAgentRows, type AgentSortKey } from '../../shared/scoring.js';
import type { Expectation, RankBand } from '../../shared/standing.js';
import { useI18n, type I18n } from '../i18n/I18nProvider.js';
import { formatCount, formatNes, formatNumber, formatPercent } from '../i18n/format.js';
import { hue } from '../layout/colors.js';
import { AgentLink } from '../navigation/AgentLink.js';

/** A column to sort by: the shared scoring module's keys, plus the name only the app knows. */
export type AgentSort = { key: AgentSortKey | 'name'; dir: 'asc' | 'desc' };
export const DEFAULT_AGENT_SORT: AgentSort = { key: 'rank', dir: 'asc' };

const Unranked = styled.span`
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${hue('grey', 700)};
`;

const Scroll = styled.div`
  overflow-x: auto;
`;

/**
 * Garden tables share the width out evenly (table-layout: fixed), which squeezed "62% (48–74%)"
 * onto three lines and pushed the last column out of view: size columns by their content instead.
 */
export const FigureTable = styled(Table)`
  table-layout: auto;
  td,
  th {
    vertical-align: top;
    padding-right: ${(p) => p.theme.space.xs};
    padding-left: ${(p) => p.theme.space.xs};
  }
`;

/** A figure stays on one line; names and the unranked note may wrap. */
export const Figure = styled(Table.Cell)`
  white-space: nowrap;
`;

const Interval = styled.div`
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${hue('grey', 700)};
`;

/** "62%" with "(48%–74%)" below it: the interval stays in sight without widening the column. */
export function ShareFigure({ share }: { share: ShareWithInterval | null }) {
  const i18n = useI18n();
  if (!share) return <Figure>–</Figure>;
  return (
    <Figure>
      {formatPercent(i18n, share.value)}
      <Interval>
        {i18n.t('common.figures.interval', {
          low: formatPercent(i18n, share.low),
          high: formatPercent(i18n, share.high),
        })}
      </Interval>
    </Figure>
  );
}

/** "2", or "1–3" when the 95% intervals allow any of those ranks: never sharper than the data. */
export function rankLabel(i18n: I18n, rank: number, band: RankBand | null): string {
  if (!band || band.low === band.high) return formatCount(i18n, rank);
  return i18n.t('common.figures.range', {
    low: formatCount(i18n, band.low),
    high: formatCount(i18n, band.high),
  });
}

const MARK_SYMBOL = { above: '▲', within: '●', below: '▼' } as const;

/** Above / within / below expectation (the funnel plot's mark), by shape and word. */
export function ExpectationMark({ mark }: { mark: Expectation | null }) {
  const { t } = useI18n();
  if (!mark) return <>–</>;
  return (
    <Mark $mark={mark}>
      <span aria-hidden="true">{MARK_SYMBOL[mark]} </span>
      {t(`team.funnel.marks.${mark}`)}
    </Mark>
  );
}

const Mark = styled.span<{ $mark: Expectation }>`
  white-space: nowrap;
  color: ${(p) =>
    p.$mark === 'above'
      ? hue('green', 700)(p)
      : p.$mark === 'below'
        ? hue('red', 700)(p)
        : hue('grey', 700)(p)};
`;

/** Ranks by the service's shrunk mean; agents under the minimum n are listed, marked, unranked. */
export function AgentTable({
  report,
  names,
  sort,
  onSort,
  onShowAnswers,
}: {
  report: ReportResponse;
  names: Map<number, string>;
  sort: AgentSort;
  onSort: (next: AgentSort) => void;
  onShowAnswers: (agentId: number) => void;
}) {
  const i18n = useI18n();
  const { t, intlLocale } = i18n;
  const nameOf = (id: number) => names.get(id) ?? t('common.names.userUnknown', { id });
  const withCsat = report.agents.some((a) => a.csat !== null);
  const standingOf = new Map(report.standings.map((s) => [s.agentId, s]));

  // The same order function as the service's CSV export; it sorts by name in the reader's locale.
  const rows =
    sort.key === 'name'
      ? [...report.agents].sort((a, b) => {
          const c = new Intl.Collator(intlLocale).compare(nameOf(a.agentId), nameOf(b.agentId));
          return (sort.dir === 'asc' ? c : -c) || a.agentId - b.agentId;
        })
      : sortAgentRows(report.agents, sort.key, sort.dir);

  const header = (key: AgentSort['key'], label: string) => (
    <Table.SortableCell
      sort={sort.key === key ? sort.dir : undefined}
      onClick={() =>
        onSort(
          sort.key === key
            ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
            : // Bigger is better for figures, so start those high; rank and name start at the top.
              { key, dir: key === 'rank' || key === 'name' ? 'asc' : 'desc' },
        )
      }
    >
      {label}
    </Table.SortableCell>
  );

  return (
    <Scroll>
      <FigureTable size="small" aria-label={t('team.agents.title')}>
        <Table.Head>
          <Table.HeaderRow>
            {header('rank', t('team.agents.rank'))}
            {header('name', t('team.agents.agent'))}
            {header('n', t('common.figures.n'))}
            {header('mean', t('common.figures.mean'))}
            {header('easy', t('team.agents.easyWithInterval'))}
            {header('netEasyScore', t('common.figures.nes'))}
            {header('responseRate', t('common.figures.responseRate'))}
            {withCsat && header('csat', t('common.figures.csat'))}
            <Table.HeaderCell>{t('team.funnel.expectation')}</Table.HeaderCell>
            <Table.HeaderCell>{t('team.agents.answers')}</Table.HeaderCell>
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.agentId}>
              <Table.Cell>
                {row.rank !== null ? (
                  rankLabel(i18n, row.rank, standingOf.get(row.agentId)?.rankBand ?? null)
                ) : (
                  <Unranked>
                    {t('team.agents.unranked', {
                      min: formatCount(i18n, report.ranking.minAnswers),
                    })}
                  </Unranked>
                )}
              </Table.Cell>
              <Table.Cell>
                <AgentLink agentId={row.agentId}>{nameOf(row.agentId)}</AgentLink>
              </Table.Cell>
              <Figure>{formatCount(i18n, row.metrics.n)}</Figure>
              <Figure>{formatNumber(i18n, row.metrics.mean)}</Figure>
              <ShareFigure share={row.metrics.easy} />
              <Figure>{formatNes(i18n, row.metrics.netEasyScore)}</Figure>
              <Figure>{formatPercent(i18n, row.metrics.responseRate)}</Figure>
              {withCsat && <ShareFigure share={row.csat} />}
              <Table.Cell>
                <ExpectationMark mark={standingOf.get(row.agentId)?.expectation ?? null} />
              </Table.Cell>
              <Figure>
                {/* No difficult answers, nothing to open: a dash reads better than a dead button. */}
                {row.metrics.difficult && row.metrics.difficult.value > 0 ? (
                  <Button
                    size="small"
                    isBasic
                    onClick={() => onShowAnswers(row.agentId)}
                    aria-label={t('team.agents.showDifficultFor', { name: nameOf(row.agentId) })}
                  >
                    {t('team.agents.showDifficult')}
                  </Button>
                ) : (
                  '–'
                )}
              </Figure>
            </Table.Row>
          ))}
        </Table.Body>
      </FigureTable>
    </Scroll>
  );
}
