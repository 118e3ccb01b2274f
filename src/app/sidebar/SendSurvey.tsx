import { useRef, useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Well } from '@zendeskgarden/react-notifications';
import type { SendSurveyResponse, SurveyView } from '../../shared/api-types.js';
import { sendSurvey } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import type { TicketContext } from '../api/zendesk.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted } from '../layout/Section.js';

const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.xs};
  margin-top: ${(p) => p.theme.space.xs};
`;

const Block = styled.div`
  margin-top: ${(p) => p.theme.space.sm};
`;

type Phase =
  | { kind: 'idle' }
  | { kind: 'confirm' }
  | { kind: 'sending' }
  | { kind: 'done'; result: SendSurveyResponse }
  | { kind: 'failed'; error: RequestError };

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
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const trigger = useRef<HTMLButtonElement>(null);
  const resend = survey !== null;

  if (ticket.requesterId === null) {
    return <Muted>{t('sidebar.send.noRequester')}</Muted>;
  }
  // Zendesk refuses every change to a closed ticket, so its link could never be added.
  if (ticket.status === 'closed') {
    return <Muted>{t('sidebar.send.closed')}</Muted>;
  }

  const send = async () => {
    setPhase({ kind: 'sending' });
    try {
      // The service reads requester, assignee, group and brand from Zendesk itself.
      const result = await sendSurvey(ces, ticket.id);
      setPhase({ kind: 'done', result });
      if (result.outcome === 'created') onSent();
    } catch (failure) {
      setPhase({ kind: 'failed', error: toRequestError('ces', failure) });
    }
  };

  const cancel = () => {
    setPhase({ kind: 'idle' });
    // Give keyboard users their place back.
    requestAnimationFrame(() => trigger.current?.focus());
  };

  if (phase.kind === 'confirm' || phase.kind === 'sending') {
    return (
      <Block>
        <Well isRecessed role="group" aria-labelledby="ces-send-confirm">
          <p id="ces-send-confirm" style={{ margin: 0 }}>
            {resend ? t('sidebar.send.confirmResend') : t('sidebar.send.confirm')}
          </p>
          <Actions>
            <Button
              size="small"
              isPrimary
              autoFocus
              disabled={phase.kind === 'sending'}
              onClick={send}
            >
              {phase.kind === 'sending' ? t('sidebar.send.sending') : t('sidebar.send.yes')}
            </Button>
            <Button size="small" disabled={phase.kind === 'sending'} onClick={cancel}>
              {t('common.actions.cancel')}
            </Button>
          </Actions>
        </Well>
      </Block>
    );
  }

  return (
    <Block>
      {phase.kind === 'done' && phase.result.outcome === 'created' && (
        <Alert type="success" role="status">
          <Alert.Title>{t('sidebar.send.createdTitle')}</Alert.Title>
          {t('sidebar.send.created')}
        </Alert>
      )}
      {phase.kind === 'done' && phase.result.outcome === 'skipped' && (
        <Alert type="warning" role="alert">
          <Alert.Title>{t('sidebar.send.skippedTitle')}</Alert.Title>
          <Alert.Paragraph>{t(`sidebar.skip.${phase.result.skip.reason}`)}</Alert.Paragraph>
          <Alert.Paragraph>{t('sidebar.send.skippedHint')}</Alert.Paragraph>
        </Alert>
      )}
      {phase.kind === 'failed' && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('sidebar.send.failedTitle')}</Alert.Title>
          {phase.error.status === 403
            ? t('sidebar.send.forbidden')
            : t(errorMessageKey(phase.error))}
        </Alert>
      )}
      <Actions>
        <Button size="small" ref={trigger} onClick={() => setPhase({ kind: 'confirm' })}>
          {resend ? t('sidebar.send.resend') : t('sidebar.send.now')}
        </Button>
      </Actions>
    </Block>
  );
}
