import styled from 'styled-components';
import type {
  AnswerView,
  SkipView,
  SurveyView,
  TicketSurveyResponse,
} from '../../shared/api-types.js';
import type { TicketContext } from '../api/zendesk.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { driverLabel, formatDateTime, formatScore } from '../i18n/format.js';
import { Facts, Muted } from '../layout/Section.js';
import { hue } from '../layout/colors.js';

const Status = styled.p`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

const Score = styled.p`
  margin: 0;
  font-size: ${(p) => p.theme.fontSizes.lg};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

const Band = styled.span<{ $band: AnswerView['band'] }>`
  display: inline-block;
  margin: ${(p) => p.theme.space.xxs} 0 ${(p) => p.theme.space.xs};
  padding: 0 ${(p) => p.theme.space.xs};
  border-radius: ${(p) => p.theme.borderRadii.md};
  border: ${(p) => p.theme.borders.sm};
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${(p) => hue(p.$band === 'difficult' ? 'red' : p.$band === 'easy' ? 'green' : 'grey', 700)(p)};
`;

const Comment = styled.blockquote`
  margin: 0;
  padding-left: ${(p) => p.theme.space.xs};
  border-left: ${(p) => p.theme.borders.md} ${hue('grey', 300)};
  white-space: pre-wrap;
`;

const History = styled.section`
  margin-top: ${(p) => p.theme.space.sm};
`;

const HistoryList = styled.ul`
  display: grid;
  gap: ${(p) => p.theme.space.sm};
  margin: 0;
  padding: 0;
  list-style: none;
`;

const EarlierScore = styled.p`
  margin: 0 0 ${(p) => p.theme.space.xxs};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

const HistoryTitle = styled.h3`
  margin: 0 0 ${(p) => p.theme.space.xxs};
  font-size: ${(p) => p.theme.fontSizes.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

/**
 * This ticket's survey (not sent, skipped and why, sent, or answered with the write-back state),
 * then the ticket's earlier answers: a resend or a new solve never hides what the customer said.
 */
export function SurveyState({
  ticket,
  response,
}: {
  ticket: TicketContext;
  response: TicketSurveyResponse;
}) {
  return (
    <>
      <CurrentSurvey ticket={ticket} response={response} />
      {response.survey && response.skip && <LaterSkip skip={response.skip} />}
      {response.earlier.length > 0 && <EarlierAnswers surveys={response.earlier} />}
    </>
  );
}

/** A solve after the survey that made no new one (e.g. already answered): say why. */
function LaterSkip({ skip }: { skip: SkipView }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Facts>
      <dt>{t('sidebar.fields.notSentAgain')}</dt>
      <dd>
        {t(`sidebar.skip.${skip.reason}`)} ({formatDateTime(i18n, skip.createdAt)})
      </dd>
    </Facts>
  );
}

/** Older answered surveys, newest first; a replaced one counts nowhere, the other until the new one is answered. */
function EarlierAnswers({ surveys }: { surveys: SurveyView[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <History aria-labelledby="ces-earlier-answers">
      <HistoryTitle id="ces-earlier-answers">{t('sidebar.earlier.title')}</HistoryTitle>
      <HistoryList>
        {surveys.map(({ id, status, answer }) =>
          answer ? (
            <li key={id}>
              <EarlierScore>
                {formatScore(i18n, answer.scaleId, answer.score)} ·{' '}
                {t(`common.bands.${answer.band}`)}
              </EarlierScore>
              <Facts>
                <dt>{t('sidebar.fields.driver')}</dt>
                <dd>
                  {answer.driver ? driverLabel(i18n, answer.driver) : t('sidebar.answer.noDriver')}
                </dd>
                {answer.comment && (
                  <>
                    <dt>{t('sidebar.fields.comment')}</dt>
                    <dd>
                      {/* Customer text: rendered as text by React, never as HTML. */}
                      <Comment>{answer.comment}</Comment>
                    </dd>
                  </>
                )}
                <dt>{t('sidebar.fields.answered')}</dt>
                <dd>{formatDateTime(i18n, answer.answeredAt)}</dd>
              </Facts>
              <Muted>
                {status === 'replaced'
                  ? t('sidebar.earlier.replaced')
                  : t('sidebar.earlier.counted')}
              </Muted>
            </li>
          ) : null,
        )}
      </HistoryList>
    </History>
  );
}

function CurrentSurvey({
  ticket,
  response,
}: {
  ticket: TicketContext;
  response: TicketSurveyResponse;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { survey, skip } = response;

  if (!survey && skip) {
    return (
      <div>
        <Status>{t('sidebar.state.skipped')}</Status>
        <Facts>
          <dt>{t('sidebar.fields.reason')}</dt>
          <dd>{t(`sidebar.skip.${skip.reason}`)}</dd>
          {skip.detail && (
            <>
              <dt>{t('sidebar.fields.detail')}</dt>
              <dd>{skip.detail}</dd>
            </>
          )}
          <dt>{t('sidebar.fields.when')}</dt>
          <dd>{formatDateTime(i18n, skip.createdAt)}</dd>
        </Facts>
      </div>
    );
  }

  if (!survey) {
    const solved = ticket.status === 'solved' || ticket.status === 'closed';
    return (
      <div>
        <Status>{t('sidebar.state.notSent')}</Status>
        <Muted>{solved ? t('sidebar.state.notSentSolved') : t('sidebar.state.notSentOpen')}</Muted>
      </div>
    );
  }

  if (survey.status === 'answered' && survey.answer) {
    return <Answered survey={survey} answer={survey.answer} />;
  }

  return (
    <div>
      <Status>{t(`sidebar.state.${survey.status}`)}</Status>
      <Facts>
        <dt>{t('sidebar.fields.created')}</dt>
        <dd>{formatDateTime(i18n, survey.createdAt)}</dd>
        {survey.publishedAt && (
          <>
            <dt>{t('sidebar.fields.sent')}</dt>
            <dd>{formatDateTime(i18n, survey.publishedAt)}</dd>
          </>
        )}
        <dt>{t('sidebar.fields.closes')}</dt>
        <dd>{formatDateTime(i18n, survey.closesAt)}</dd>
        <dt>{t('sidebar.fields.origin')}</dt>
        <dd>{t(`sidebar.origin.${survey.origin}`)}</dd>
      </Facts>
    </div>
  );
}

function Answered({ survey, answer }: { survey: SurveyView; answer: AnswerView }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div>
      <Status>{t('sidebar.state.answered')}</Status>
      <Score>{formatScore(i18n, answer.scaleId, answer.score)}</Score>
      <Band $band={answer.band}>{t(`common.bands.${answer.band}`)}</Band>
      <Facts>
        <dt>{t('sidebar.fields.driver')}</dt>
        <dd>{answer.driver ? driverLabel(i18n, answer.driver) : t('sidebar.answer.noDriver')}</dd>
        <dt>{t('sidebar.fields.comment')}</dt>
        <dd>
          {/* Customer text: rendered as text by React, never as HTML. */}
          {answer.comment ? <Comment>{answer.comment}</Comment> : t('sidebar.answer.noComment')}
        </dd>
        <dt>{t('sidebar.fields.answered')}</dt>
        <dd>{formatDateTime(i18n, answer.answeredAt)}</dd>
        {answer.edited && (
          <>
            <dt>{t('sidebar.fields.edited')}</dt>
            <dd>{t('sidebar.answer.edited', { when: formatDateTime(i18n, answer.updatedAt) })}</dd>
          </>
        )}
        <dt>{t('sidebar.fields.writeback')}</dt>
        <dd>
          {t(`sidebar.writeback.${survey.writeback.status}`, {
            when: formatDateTime(i18n, survey.writeback.at),
          })}
        </dd>
      </Facts>
    </div>
  );
}
