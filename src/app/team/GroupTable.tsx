import { Table } from '@zendeskgarden/react-tables';
import type { ReportResponse } from '../../shared/api-types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatCount, formatNes, formatNumber, formatPercent } from '../i18n/format.js';
import { Figure, FigureTable, ShareFigure } from './AgentTable.js';

/** The group roll-up: the same figures per group, largest first. */
export function GroupTable({
  report,
  names,
}: {
  report: ReportResponse;
  names: Map<number, string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const withCsat = report.groups.some((g) => g.csat !== null);
  const rows = [...report.groups].sort(
    (a, b) => b.metrics.n - a.metrics.n || a.groupId - b.groupId,
  );
  return (
    <div style={{ overflowX: 'auto' }}>
      <FigureTable size="small" isReadOnly aria-label={t('team.groups.title')}>
        <Table.Head>
          <Table.HeaderRow>
            <Table.HeaderCell>{t('team.groups.group')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.figures.n')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.figures.mean')}</Table.HeaderCell>
            <Table.HeaderCell>{t('team.agents.easyWithInterval')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.figures.nes')}</Table.HeaderCell>
            <Table.HeaderCell>{t('common.figures.responseRate')}</Table.HeaderCell>
            {withCsat && <Table.HeaderCell>{t('common.figures.csat')}</Table.HeaderCell>}
          </Table.HeaderRow>
        </Table.Head>
        <Table.Body>
          {rows.map((g) => (
            <Table.Row key={g.groupId}>
              <Table.Cell>
                {names.get(g.groupId) ?? t('common.names.groupUnknown', { id: g.groupId })}
              </Table.Cell>
              <Figure>{formatCount(i18n, g.metrics.n)}</Figure>
              <Figure>{formatNumber(i18n, g.metrics.mean)}</Figure>
              <ShareFigure share={g.metrics.easy} />
              <Figure>{formatNes(i18n, g.metrics.netEasyScore)}</Figure>
              <Figure>{formatPercent(i18n, g.metrics.responseRate)}</Figure>
              {withCsat && <ShareFigure share={g.csat} />}
            </Table.Row>
          ))}
        </Table.Body>
      </FigureTable>
    </div>
  );
}
