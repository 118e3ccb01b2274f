import { useState } from 'react';
import styled from 'styled-components';
import { Anchor, Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { ReportAnswer, ReportAnswersResponse, ReportFilters } from '../../shared/api-types.js';
import { getAgentAnswers } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { openTicket } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  driverLabel,
  formatCount,
  formatDate,
  formatDateTime,
  formatScore,
} from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { hue } from '../layout/colors.js';

/** Answers per "Show more"; the service's largest page is 100 (MAX_ANSWERS_PAGE). */
export const AGENT_ANSWERS_PAGE = 20;

const List = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  li {
    padding: ${(p) => p.theme.space.xs};
    border-bottom: ${(p) => p.theme.borders.sm} ${hue('grey', 200)};
  }
  li[data-highlighted='true'] {
    background: ${hue('blue', 100)};
    border-left: ${(p) => p.theme.borders.md} ${hue('blue', 600)};
  }
`;

const Meta = styled.div`
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${hue('grey', 700)};
`;

const Comment = styled.blockquote`
  margin: ${(p) => p.theme.space.xxs} 0 0;
  padding-left: ${(p) => p.theme.space.xs};
  border-left: ${(p) => p.theme.borders.md} ${hue('grey', 300)};
  white-space: pre-wrap;
  overflow-wrap: anywhere;
`;

/** One answer: its ticket (opened in Zendesk), score, band, reason, dates and comment. */
export function AnswerItem({
  answer,
  highlighted,
}: {
  answer: Pick<ReportAnswer, 'ticketId' | 'scaleId' | 'score' | 'band' | 'driver' | 'comment'> & {
    solvedAt?: string;
    answeredAt: string;
  };
  highlighted: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useClient();
  return (
    <li data-highlighted={highlighted} aria-current={highlighted ? 'true' : undefined}>
      <Anchor
        href={`#ticket-${answer.ticketId}`}
        onClick={(e) => {
          e.preventDefault();
          void openTicket(client, answer.ticketId);
        }}
      >
        {t('common.ticketLink', { id: answer.ticketId })}
      </Anchor>
      {' · '}
      {formatScore(i18n, answer.scaleId, answer.score)}
      {' · '}
      {t(`common.bands.${answer.band}`)}
      {answer.driver ? ` · ${driverLabel(i18n, answer.driver)}` : ''}
      {highlighted && <strong>{` · ${t('agent.answers.linked')}`}</strong>}
      <Meta>
        {answer.solvedAt
          ? t('agent.answers.dates', {
              solved: formatDate(i18n, answer.solvedAt),
              answered: formatDateTime(i18n, answer.answeredAt),
            })
          : formatDateTime(i18n, answer.answeredAt)}
      </Meta>
      {/* Customer text: React renders it as text, never as HTML. */}
      {answer.comment && <Comment>{answer.comment}</Comment>}
    </li>
  );
}

/** Narrows the agent's answers to one reason's difficult answers. */
export type AnswerScope = { band?: 'difficult'; driver?: string };

/** The agent's answers for the filters, a page at a time, with how many of how many are shown. */
export function AgentAnswers({
  agentId,
  filters,
  scope,
  total,
  highlightTicketId,
}: {
  agentId: number;
  filters: ReportFilters;
  /** One reason's difficult answers only; all answers without. */
  scope: AnswerScope;
  /** The answers in scope: the figure the list stands behind. */
  total: number;
  highlightTicketId?: number;
}) {
  const ces = useCes();
  const key = `${agentId}:${JSON.stringify(filters)}:${JSON.stringify(scope)}`;
  const first = useQuery(
    () => getAgentAnswers(ces, agentId, { ...filters, ...scope, limit: AGENT_ANSWERS_PAGE }),
    key,
  );
  const { t } = useI18n();
  return (
    <ResponseHandler
      query={first}
      isEmpty={(page) => page.items.length === 0}
      empty={t('agent.answers.empty')}
    >
      {(page) => (
        <Pages
          key={key}
          agentId={agentId}
          filters={filters}
          scope={scope}
          first={page}
          total={total}
          highlightTicketId={highlightTicketId}
        />
      )}
    </ResponseHandler>
  );
}

function Pages({
  agentId,
  filters,
  scope,
  first,
  total,
  highlightTicketId,
}: {
  agentId: number;
  filters: ReportFilters;
  scope: AnswerScope;
  first: ReportAnswersResponse;
  total: number;
  highlightTicketId?: number;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const [items, setItems] = useState<ReportAnswer[]>(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RequestError | null>(null);
  const more = async () => {
    if (!cursor) return;
    setBusy(true);
    setError(null);
    try {
      const page = await getAgentAnswers(ces, agentId, {
        ...filters,
        ...scope,
        cursor,
        limit: AGENT_ANSWERS_PAGE,
      });
      setItems((shown) => [...shown, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(toRequestError('ces', failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Meta role="status">
        {t('agent.answers.shown', {
          shown: formatCount(i18n, items.length),
          total: formatCount(i18n, Math.max(total, items.length)),
        })}
      </Meta>
      <List aria-label={t('agent.answers.title')}>
        {items.map((a) => (
          <AnswerItem
            key={a.surveyId}
            answer={a}
            highlighted={highlightTicketId !== undefined && a.ticketId === highlightTicketId}
          />
        ))}
      </List>
      {error && (
        <Alert type="error" role="alert" style={{ marginTop: 8 }}>
          <Alert.Title>{t('common.errors.title')}</Alert.Title>
          {t(errorMessageKey(error))}
        </Alert>
      )}
      {cursor !== null && (
        <Button size="small" style={{ marginTop: 8 }} disabled={busy} onClick={more}>
          {busy ? t('common.loading') : t('agent.answers.more')}
        </Button>
      )}
    </>
  );
}
