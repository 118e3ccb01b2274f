import { Alert } from '@zendeskgarden/react-notifications';
import type { EraseRequesterResponse } from '../../shared/api-types.js';
import { eraseRequester } from '../api/ces.js';
import { errorMessageKey } from '../api/request-error.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ConfirmedAction } from './ConfirmedAction.js';

/**
 * Admins only: erase the requester's comments, languages and survey links from every CES answer
 * (docs/data-protection.md), after a confirm step that says what stays and that it is final.
 */
export function EraseRequester({
  requesterId,
  onErased,
}: {
  requesterId: number;
  onErased: () => void;
}) {
  const { t } = useI18n();
  const ces = useCes();
  return (
    <ConfirmedAction<EraseRequesterResponse>
      id="ces-erase-confirm"
      label={t('sidebar.erase.button')}
      confirm={t('sidebar.erase.confirm')}
      yes={t('sidebar.erase.yes')}
      running={t('sidebar.erase.erasing')}
      danger
      run={() => eraseRequester(ces, requesterId)}
      onDone={onErased}
      outcome={(state) => (
        <>
          {state.status === 'success' && state.data && (
            <Alert type="success" role="status">
              <Alert.Title>{t('sidebar.erase.doneTitle')}</Alert.Title>
              {t('sidebar.erase.done', {
                answers: state.data.answers,
                comments: state.data.comments,
              })}
            </Alert>
          )}
          {state.status === 'error' && state.error && (
            <Alert type="error" role="alert">
              <Alert.Title>{t('sidebar.erase.failedTitle')}</Alert.Title>
              {t(errorMessageKey(state.error))}
            </Alert>
          )}
        </>
      )}
    />
  );
}
