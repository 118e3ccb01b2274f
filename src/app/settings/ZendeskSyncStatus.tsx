import { useEffect } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { ZendeskSyncStatus as SyncStatus } from '../../shared/api-types.js';
import { getZendeskSync, retryOutboxJob } from '../api/ces.js';
import { errorMessageKey } from '../api/request-error.js';
import { useMutation } from '../data/useMutation.js';
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

/** Above the settings form: whether Zendesk's email shows the saved settings yet, with a retry. */
export function ZendeskSyncStatus() {
  const { t } = useI18n();
  const ces = useCes();
  const query = useQuery(() => getZendeskSync(ces), 'zendesk-sync');
  const { data, refetch } = query;
  const retry = useMutation((jobId: number) => retryOutboxJob(ces, jobId), { onSuccess: refetch });
  useSettingsReloaded(refetch);

  useEffect(() => {
    if (data?.state !== 'updating') return;
    const timer = setTimeout(refetch, SYNC_POLL_MS);
    return () => clearTimeout(timer);
  }, [data, refetch]);

  // The status is a side note to the form: until it has loaded, or if it cannot, it stays out of the way.
  if (!data) return null;

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
            {retry.status === 'error' && retry.error && (
              <Alert.Paragraph>
                {t('settings.sync.retryFailed')} {t(errorMessageKey(retry.error))}
              </Alert.Paragraph>
            )}
            <Button
              size="small"
              disabled={retry.status === 'pending'}
              onClick={() => void retry.mutate(data.jobId as number)}
            >
              {retry.status === 'pending'
                ? t('settings.sync.retryStarting')
                : t('settings.sync.retry')}
            </Button>
          </>
        )}
      </Alert>
    </Spaced>
  );
}
