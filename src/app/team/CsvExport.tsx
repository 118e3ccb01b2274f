import { useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { ReportFilters } from '../../shared/api-types.js';
import { getAnswersCsv, getReportCsv } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import type { AgentSort } from './AgentTable.js';

/** The file name says which slice it is: period and filters. */
export function csvFileName(filters: ReportFilters, kind: 'report' | 'answers' = 'report'): string {
  const parts = [`ces-${kind}`, filters.from, filters.to];
  if (filters.groupId !== undefined) parts.push(`group-${filters.groupId}`);
  if (filters.brandId !== undefined) parts.push(`brand-${filters.brandId}`);
  if (filters.channel !== undefined) parts.push(filters.channel);
  return `${parts.join('_')}.csv`;
}

/** Hands text to the browser as a file download. */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Exports exactly the filtered view: the same filters object the page shows, in its order. */
export function CsvExport({ filters, sort }: { filters: ReportFilters; sort: AgentSort }) {
  const { t } = useI18n();
  const ces = useCes();
  const [busy, setBusy] = useState<'report' | 'answers' | null>(null);
  const [error, setError] = useState<RequestError | null>(null);
  const exportCsv = async (kind: 'report' | 'answers') => {
    setBusy(kind);
    setError(null);
    try {
      // The service sorts by figures only (names sort in the reader's language): rank order.
      const order =
        sort.key === 'name'
          ? ({ sort: 'rank', order: 'asc' } as const)
          : { sort: sort.key, order: sort.dir };
      const csv =
        kind === 'report'
          ? await getReportCsv(ces, filters, order)
          : await getAnswersCsv(ces, filters);
      download(csv, csvFileName(filters, kind));
    } catch (failure) {
      setError(toRequestError('ces', failure));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div>
      <Buttons>
        <Button onClick={() => exportCsv('report')} disabled={busy !== null}>
          {busy === 'report' ? t('team.export.busy') : t('team.export.button')}
        </Button>
        <Button onClick={() => exportCsv('answers')} disabled={busy !== null}>
          {busy === 'answers' ? t('team.export.busy') : t('team.export.answers')}
        </Button>
      </Buttons>
      {error && (
        <Alert type="error" role="alert" style={{ marginTop: 8 }}>
          <Alert.Title>{t('team.export.failed')}</Alert.Title>
          {t(errorMessageKey(error))}
        </Alert>
      )}
    </div>
  );
}

const Buttons = styled.div`
  display: flex;
  gap: ${(p) => p.theme.space.xs};
`;
