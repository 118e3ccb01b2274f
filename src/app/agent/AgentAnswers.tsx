import { useState } from 'react';
import styled from 'styled-components';
import type { ReportAnswer, ReportAnswersResponse, ReportFilters } from '../../shared/api-types.js';
import { getAgentAnswers } from '../api/ces.js';
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
import { ShowMore } from '../layout/ShowMore.js';
import { AnswerComment, AnswerMeta } from '../layout/AnswerText.js';
import { TicketLink } from '../navigation/TicketLink.js';
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
  return (
    <li data-highlighted={highlighted} aria-current={highlighted ? 'true' : undefined}>
      <TicketLink ticketId={answer.ticketId} />
      {' · '}
      {formatScore(i18n, answer.scaleId, answer.score)}
      {' · '}
      {t(`common.bands.${answer.band}`)}
      {answer.driver ? ` · ${driverLabel(i18n, answer.driver)}` : ''}
      {highlighted && <strong>{` · ${t('agent.answers.linked')}`}</strong>}
      <AnswerMeta>
        {answer.solvedAt
          ? t('agent.answers.dates', {
              solved: formatDate(i18n, answer.solvedAt),
              answered: formatDateTime(i18n, answer.answeredAt),
            })
          : formatDateTime(i18n, answer.answeredAt)}
      </AnswerMeta>
      {/* Customer text: React renders it as text, never as HTML. */}
      {answer.comment && <AnswerComment>{answer.comment}</AnswerComment>}
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
  const more = async (from: string) => {
    const page = await getAgentAnswers(ces, agentId, {
      ...filters,
      ...scope,
      cursor: from,
      limit: AGENT_ANSWERS_PAGE,
    });
    setItems((shown) => [...shown, ...page.items]);
    setCursor(page.nextCursor);
  };
  return (
    <>
      <AnswerMeta role="status">
        {t('agent.answers.shown', {
          shown: formatCount(i18n, items.length),
          total: formatCount(i18n, Math.max(total, items.length)),
        })}
      </AnswerMeta>
      <List aria-label={t('agent.answers.title')}>
        {items.map((a) => (
          <AnswerItem
            key={a.surveyId}
            answer={a}
            highlighted={highlightTicketId !== undefined && a.ticketId === highlightTicketId}
          />
        ))}
      </List>
      {cursor !== null && <ShowMore label={t('agent.answers.more')} load={() => more(cursor)} />}
    </>
  );
}
