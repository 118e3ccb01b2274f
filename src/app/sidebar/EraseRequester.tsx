import { useRef, useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Well } from '@zendeskgarden/react-notifications';
import type { EraseRequesterResponse } from '../../shared/api-types.js';
import { eraseRequester } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';

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
  | { kind: 'erasing' }
  | { kind: 'done'; result: EraseRequesterResponse }
  | { kind: 'failed'; error: RequestError };

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
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const trigger = useRef<HTMLButtonElement>(null);

  const erase = async () => {
    setPhase({ kind: 'erasing' });
    try {
      const result = await eraseRequester(ces, requesterId);
      setPhase({ kind: 'done', result });
      onErased();
    } catch (failure) {
      setPhase({ kind: 'failed', error: toRequestError('ces', failure) });
    }
  };

  const cancel = () => {
    setPhase({ kind: 'idle' });
    requestAnimationFrame(() => trigger.current?.focus());
  };

  if (phase.kind === 'confirm' || phase.kind === 'erasing') {
    return (
      <Block>
        <Well isRecessed role="group" aria-labelledby="ces-erase-confirm">
          <p id="ces-erase-confirm" style={{ margin: 0 }}>
            {t('sidebar.erase.confirm')}
          </p>
          <Actions>
            <Button
              size="small"
              isDanger
              isPrimary
              autoFocus
              disabled={phase.kind === 'erasing'}
              onClick={erase}
            >
              {phase.kind === 'erasing' ? t('sidebar.erase.erasing') : t('sidebar.erase.yes')}
            </Button>
            <Button size="small" disabled={phase.kind === 'erasing'} onClick={cancel}>
              {t('common.actions.cancel')}
            </Button>
          </Actions>
        </Well>
      </Block>
    );
  }

  return (
    <Block>
      {phase.kind === 'done' && (
        <Alert type="success" role="status">
          <Alert.Title>{t('sidebar.erase.doneTitle')}</Alert.Title>
          {t('sidebar.erase.done', {
            answers: phase.result.answers,
            comments: phase.result.comments,
          })}
        </Alert>
      )}
      {phase.kind === 'failed' && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('sidebar.erase.failedTitle')}</Alert.Title>
          {t(errorMessageKey(phase.error))}
        </Alert>
      )}
      <Actions>
        <Button size="small" isDanger ref={trigger} onClick={() => setPhase({ kind: 'confirm' })}>
          {t('sidebar.erase.button')}
        </Button>
      </Actions>
    </Block>
  );
}
