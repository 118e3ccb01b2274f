import { Table } from '@zendeskgarden/react-tables';
import type { ReportResponse } from '../../shared/api-types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  formatCount,
  formatNes,
  formatNumber,
  formatPercent,
  formatShare,
} from '../i18n/format.js';

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
      <Table size="small" isReadOnly aria-label={t('team.groups.title')}>
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
                {names.get(g.groupId) ?? t('team.groups.fallback', { id: g.groupId })}
              </Table.Cell>
              <Table.Cell>{formatCount(i18n, g.metrics.n)}</Table.Cell>
              <Table.Cell>{formatNumber(i18n, g.metrics.mean)}</Table.Cell>
              <Table.Cell>{formatShare(i18n, g.metrics.easy)}</Table.Cell>
              <Table.Cell>{formatNes(i18n, g.metrics.netEasyScore)}</Table.Cell>
              <Table.Cell>{formatPercent(i18n, g.metrics.responseRate)}</Table.Cell>
              {withCsat && <Table.Cell>{formatShare(i18n, g.csat)}</Table.Cell>}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}
