import { useEffect, useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { ZendeskSyncStatus as SyncStatus } from '../../shared/api-types.js';
import { getZendeskSync, retryOutboxJob } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { useSettingsReloaded } from './useSettings.js';

/** How often the status is checked while Zendesk is being updated. */
export const SYNC_POLL_MS = 2000;

const ALERT_TYPE: Record<SyncStatus['state'], 'success' | 'info' | 'warning' | 'error'> = {
  up_to_date: 'success',
  updating: 'info',
  failed: 'error',
  drifted: 'warning',
  setup_needed: 'warning',
};

const Spaced = styled.div`
  margin-bottom: ${(p) => p.theme.space.md};
`;

type Retry = { kind: 'idle' } | { kind: 'running' } | { kind: 'failed'; error: RequestError };

/** Above the settings form: whether Zendesk's email shows the saved settings yet, with a retry. */
export function ZendeskSyncStatus() {
  const { t } = useI18n();
  const ces = useCes();
  const query = useQuery(() => getZendeskSync(ces), 'zendesk-sync');
  const [retry, setRetry] = useState<Retry>({ kind: 'idle' });
  const { data, refetch } = query;
  useSettingsReloaded(refetch);

  useEffect(() => {
    if (data?.state !== 'updating') return;
    const timer = setTimeout(refetch, SYNC_POLL_MS);
    return () => clearTimeout(timer);
  }, [data, refetch]);

  // The status is a side note to the form: until it has loaded, or if it cannot, it stays out of the way.
  if (!data) return null;

  const runRetry = async (jobId: number) => {
    setRetry({ kind: 'running' });
    try {
      await retryOutboxJob(ces, jobId);
      setRetry({ kind: 'idle' });
      refetch();
    } catch (failure) {
      setRetry({ kind: 'failed', error: toRequestError('ces', failure) });
    }
  };

  const vars = {
    error: data.lastError ?? '',
    attempts: data.attempts,
    pieces: data.drifted.join(', '),
    setupTab: t('team.tabs.setup'),
  };
  const text: Record<SyncStatus['state'], [string, string]> = {
    up_to_date: ['settings.sync.upToDateTitle', 'settings.sync.upToDate'],
    updating: [
      'settings.sync.updatingTitle',
      data.lastError ? 'settings.sync.retrying' : 'settings.sync.updating',
    ],
    failed: ['settings.sync.failedTitle', 'settings.sync.failed'],
    drifted: ['settings.sync.driftedTitle', 'settings.sync.drifted'],
    setup_needed: ['settings.sync.setupNeededTitle', 'settings.sync.setupNeeded'],
  };
  const [title, body] = text[data.state];
  return (
    <Spaced>
      <Alert
        type={ALERT_TYPE[data.state]}
        role={data.state === 'failed' ? 'alert' : 'status'}
        data-sync-state={data.state}
      >
        <Alert.Title>{t(title)}</Alert.Title>
        <Alert.Paragraph>{t(body, vars)}</Alert.Paragraph>
        {data.state === 'failed' && data.jobId !== null && (
          <>
            {retry.kind === 'failed' && (
              <Alert.Paragraph>
                {t('settings.sync.retryFailed')} {t(errorMessageKey(retry.error))}
              </Alert.Paragraph>
            )}
            <Button
              size="small"
              disabled={retry.kind === 'running'}
              onClick={() => void runRetry(data.jobId as number)}
            >
              {retry.kind === 'running'
                ? t('settings.sync.retryStarting')
                : t('settings.sync.retry')}
            </Button>
          </>
        )}
      </Alert>
    </Spaced>
  );
}
