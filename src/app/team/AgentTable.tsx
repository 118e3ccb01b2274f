import { useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Table } from '@zendeskgarden/react-tables';
import type { AgentRow, ReportResponse } from '../../shared/api-types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  formatCount,
  formatNes,
  formatNumber,
  formatPercent,
  formatShare,
} from '../i18n/format.js';
import { hue } from '../layout/colors.js';

type SortKey = 'rank' | 'name' | 'n' | 'mean' | 'easy' | 'nes' | 'responseRate' | 'csat';
type Dir = 'asc' | 'desc';

const Unranked = styled.span`
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${hue('grey', 700)};
`;

const Scroll = styled.div`
  overflow-x: auto;
`;

/** Sort values; null always sorts last whichever the direction. */
function valueOf(row: AgentRow, key: SortKey, name: string): number | string | null {
  switch (key) {
    case 'rank':
      return row.rank;
    case 'name':
      return name;
    case 'n':
      return row.metrics.n;
    case 'mean':
      return row.metrics.mean;
    case 'easy':
      return row.metrics.easy?.value ?? null;
    case 'nes':
      return row.metrics.netEasyScore;
    case 'responseRate':
      return row.metrics.responseRate;
    case 'csat':
      return row.csat?.value ?? null;
  }
}

/** Ranks by the service's shrunk mean; agents under the minimum n are listed, marked, unranked. */
export function AgentTable({
  report,
  names,
  onShowAnswers,
}: {
  report: ReportResponse;
  names: Map<number, string>;
  onShowAnswers: (agentId: number) => void;
}) {
  const i18n = useI18n();
  const { t, intlLocale } = i18n;
  const [sort, setSort] = useState<{ key: SortKey; dir: Dir }>({ key: 'rank', dir: 'asc' });
  const nameOf = (id: number) => names.get(id) ?? t('common.agentFallback', { id });
  const withCsat = report.agents.some((a) => a.csat !== null);
  const collator = new Intl.Collator(intlLocale);

  const rows = [...report.agents].sort((a, b) => {
    const va = valueOf(a, sort.key, nameOf(a.agentId));
    const vb = valueOf(b, sort.key, nameOf(b.agentId));
    if (va === null && vb === null) return a.agentId - b.agentId;
    if (va === null) return 1;
    if (vb === null) return -1;
    const c =
      typeof va === 'string' && typeof vb === 'string'
        ? collator.compare(va, vb)
        : (va as number) - (vb as number);
    return (sort.dir === 'asc' ? c : -c) || a.agentId - b.agentId;
  });

  const header = (key: SortKey, label: string) => (
    <Table.SortableCell
      sort={sort.key === key ? sort.dir : undefined}
      onClick={() =>
        setSort((s) =>
          s.key === key
            ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
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
      <Table size="small" aria-label={t('team.agents.title')}>
        <Table.Head>
          <Table.HeaderRow>
            {header('rank', t('team.agents.rank'))}
            {header('name', t('team.agents.agent'))}
            {header('n', t('common.figures.n'))}
            {header('mean', t('common.figures.mean'))}
            {header('easy', t('team.agents.easyWithInterval'))}
            {header('nes', t('common.figures.nes'))}
            {header('responseRate', t('common.figures.responseRate'))}
            {withCsat && header('csat', t('common.figures.csat'))}
            <Table.HeaderCell>{t('team.agents.answers')}</Table.HeaderCell>
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.agentId}>
              <Table.Cell>
                {row.rank !== null ? (
                  row.rank
                ) : (
                  <Unranked>
                    {t('team.agents.unranked', { min: report.ranking.minAnswers })}
                  </Unranked>
                )}
              </Table.Cell>
              <Table.Cell>{nameOf(row.agentId)}</Table.Cell>
              <Table.Cell>{formatCount(i18n, row.metrics.n)}</Table.Cell>
              <Table.Cell>{formatNumber(i18n, row.metrics.mean)}</Table.Cell>
              <Table.Cell>{formatShare(i18n, row.metrics.easy)}</Table.Cell>
              <Table.Cell>{formatNes(i18n, row.metrics.netEasyScore)}</Table.Cell>
              <Table.Cell>{formatPercent(i18n, row.metrics.responseRate)}</Table.Cell>
              {withCsat && <Table.Cell>{formatShare(i18n, row.csat)}</Table.Cell>}
              <Table.Cell>
                <Button
                  size="small"
                  isBasic
                  disabled={!row.metrics.difficult || row.metrics.difficult.value === 0}
                  onClick={() => onShowAnswers(row.agentId)}
                  aria-label={t('team.agents.showDifficultFor', { name: nameOf(row.agentId) })}
                >
                  {t('team.agents.showDifficult')}
                </Button>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Scroll>
  );
}
