import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * "Show more" under a list that loads a page at a time: busy while `load` runs (so a second
 * click waits), and the service's failure said above the button, which stays to try again.
 */
export function ShowMore({ label, load }: { label: string; load: () => Promise<void> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RequestError | null>(null);
  const more = async () => {
    setBusy(true);
    setError(null);
    try {
      await load();
    } catch (failure) {
      setError(toRequestError('ces', failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <Alert type="error" role="alert" style={{ marginTop: 8 }}>
          <Alert.Title>{t('common.errors.title')}</Alert.Title>
          {t(errorMessageKey(error))}
        </Alert>
      )}
      <Button size="small" style={{ marginTop: 8 }} disabled={busy} onClick={more}>
        {busy ? t('common.loading') : label}
      </Button>
    </>
  );
}
