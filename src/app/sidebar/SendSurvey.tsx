import { Alert } from '@zendeskgarden/react-notifications';
import type { SendSurveyResponse, SurveyView } from '../../shared/api-types.js';
import { sendSurvey } from '../api/ces.js';
import { errorMessageKey } from '../api/request-error.js';
import type { TicketContext } from '../api/zendesk.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted } from '../layout/Section.js';
import { ConfirmedAction } from './ConfirmedAction.js';

/** "Send survey now" / "Resend survey", with a confirm step and the service's verdict. */
export function SendSurvey({
  ticket,
  survey,
  onSent,
}: {
  ticket: TicketContext;
  survey: SurveyView | null;
  onSent: () => void;
}) {
  const { t } = useI18n();
  const ces = useCes();
  const resend = survey !== null;

  if (ticket.requesterId === null) {
    return <Muted>{t('sidebar.send.noRequester')}</Muted>;
  }
  // Zendesk refuses every change to a closed ticket, so its link could never be added.
  if (ticket.status === 'closed') {
    return <Muted>{t('sidebar.send.closed')}</Muted>;
  }

  return (
    <ConfirmedAction<SendSurveyResponse>
      id="ces-send-confirm"
      label={resend ? t('sidebar.send.resend') : t('sidebar.send.now')}
      confirm={resend ? t('sidebar.send.confirmResend') : t('sidebar.send.confirm')}
      yes={t('sidebar.send.yes')}
      running={t('sidebar.send.sending')}
      // The service reads requester, assignee, group and brand from Zendesk itself.
      run={() => sendSurvey(ces, ticket.id)}
      onDone={(result) => {
        if (result.outcome === 'created') onSent();
      }}
      outcome={(state) => (
        <>
          {state.status === 'success' && state.data?.outcome === 'created' && (
            <Alert type="success" role="status">
              <Alert.Title>{t('sidebar.send.createdTitle')}</Alert.Title>
              {t('sidebar.send.created')}
            </Alert>
          )}
          {state.status === 'success' && state.data?.outcome === 'skipped' && (
            <Alert type="warning" role="alert">
              <Alert.Title>{t('sidebar.send.skippedTitle')}</Alert.Title>
              <Alert.Paragraph>{t(`sidebar.skip.${state.data.skip.reason}`)}</Alert.Paragraph>
              <Alert.Paragraph>{t('sidebar.send.skippedHint')}</Alert.Paragraph>
            </Alert>
          )}
          {state.status === 'error' && state.error && (
            <Alert type="error" role="alert">
              <Alert.Title>{t('sidebar.send.failedTitle')}</Alert.Title>
              {state.error.status === 403
                ? t('sidebar.send.forbidden')
                : t(errorMessageKey(state.error))}
            </Alert>
          )}
        </>
      )}
    />
  );
}
