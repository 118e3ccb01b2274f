import { useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import type { ReportAnswer, ReportAnswersResponse, ReportFilters } from '../../shared/api-types.js';
import type { ScaleId } from '../../shared/scales.js';
import { getReportAnswers } from '../api/ces.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { driverLabel, formatCount, formatDateTime, formatScore } from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { ShowMore } from '../layout/ShowMore.js';
import { AnswerComment, AnswerMeta } from '../layout/AnswerText.js';
import { TicketLink } from '../navigation/TicketLink.js';
import { useDifficultAnswers } from './useTeamData.js';
import { hue } from '../layout/colors.js';
import { AgentLink } from '../navigation/AgentLink.js';

const List = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  li {
    padding: ${(p) => p.theme.space.xs} 0;
    border-bottom: ${(p) => p.theme.borders.sm} ${hue('grey', 200)};
  }
`;

/** Difficult answers, each opening its ticket in Zendesk. */
export function AnswerList({
  answers,
  scaleId,
  names,
}: {
  answers: ReportAnswer[];
  scaleId: ScaleId;
  names: Map<number, string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  if (answers.length === 0) return <AnswerMeta>{t('team.highEffort.empty')}</AnswerMeta>;
  return (
    <List>
      {answers.map((a) => (
        <li key={a.surveyId}>
          <TicketLink ticketId={a.ticketId} />
          {' · '}
          {formatScore(i18n, scaleId, a.score)}
          {a.driver ? ` · ${driverLabel(i18n, a.driver)}` : ''}
          <AnswerMeta>
            {formatDateTime(i18n, a.answeredAt)}
            {a.agentId !== null && (
              <>
                {' · '}
                <AgentLink agentId={a.agentId}>
                  {names.get(a.agentId) ?? t('common.names.userUnknown', { id: a.agentId })}
                </AgentLink>
              </>
            )}
          </AnswerMeta>
          {/* Customer text: React renders it as text, never as HTML. */}
          {a.comment && <AnswerComment>{a.comment}</AnswerComment>}
        </li>
      ))}
    </List>
  );
}

/** What narrows the high-effort list beyond the report's filters: one agent, or one reason. */
export interface AnswerScope {
  agentId?: number;
  driver?: string;
}

/** Answers a "Show more" adds; the first "Show more" of the report's own list refetches those too. */
const PAGE = 20;
/** The service's largest page (MAX_ANSWERS_PAGE in src/server/reports/team-report.ts). */
const MAX_PAGE = 100;

/**
 * The difficult answers behind a figure: the report's newest ones, or one agent's or one reason's.
 * Says how many of how many it shows ("20 of 36 shown") and loads more on request.
 */
export function HighEffortAnswers({
  filters,
  scope,
  total,
  heading,
  initial,
  scaleId,
  names,
  onClose,
}: {
  filters: ReportFilters;
  scope: AnswerScope;
  /** Difficult answers in scope: the figure the list stands behind. */
  total: number;
  /** Says what the list is narrowed to; none for the report's own list. */
  heading?: string;
  /** The report's own list, already loaded; scoped lists load their first page. */
  initial?: ReportAnswer[];
  names: Map<number, string>;
  scaleId: ScaleId;
  onClose?: () => void;
}) {
  const { t } = useI18n();
  return (
    <div>
      {heading && (
        <AnswerMeta style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          {heading}
          {onClose && (
            <Button size="small" isBasic onClick={onClose}>
              {t('team.highEffort.showAll')}
            </Button>
          )}
        </AnswerMeta>
      )}
      {initial ? (
        <Pages
          filters={filters}
          scope={scope}
          first={{ items: initial, nextCursor: null }}
          loaded={false}
          total={total}
          scaleId={scaleId}
          names={names}
        />
      ) : (
        <FirstPage filters={filters} scope={scope} total={total} scaleId={scaleId} names={names} />
      )}
    </div>
  );
}

function FirstPage(props: {
  filters: ReportFilters;
  scope: AnswerScope;
  total: number;
  names: Map<number, string>;
  scaleId: ScaleId;
}) {
  const query = useDifficultAnswers(props.filters, props.scope);
  return (
    <ResponseHandler query={query}>
      {(first) => <Pages {...props} first={first} loaded />}
    </ResponseHandler>
  );
}

/** The answers so far and any further ones the lead asks for with "Show more". */
function Pages({
  filters,
  scope,
  first,
  loaded,
  total,
  scaleId,
  names,
}: {
  filters: ReportFilters;
  scope: AnswerScope;
  first: ReportAnswersResponse;
  /** Whether `first` came from the service's answers listing (so its cursor is the truth). */
  loaded: boolean;
  total: number;
  scaleId: ScaleId;
  names: Map<number, string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const [items, setItems] = useState<ReportAnswer[]>(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  // Once loaded from the service, its cursor alone says whether more exist.
  const [fromService, setFromService] = useState(loaded);
  const hasMore = cursor !== null || (!fromService && items.length < total);
  const more = async () => {
    const base = { ...filters, ...scope, band: 'difficult' as const };
    if (cursor) {
      const page = await getReportAnswers(ces, { ...base, cursor, limit: PAGE });
      setItems((shown) => [...shown, ...page.items]);
      setCursor(page.nextCursor);
    } else {
      // The report's own list has no cursor: load it again from the top, one page longer.
      const page = await getReportAnswers(ces, {
        ...base,
        limit: Math.min(MAX_PAGE, items.length + PAGE),
      });
      setItems(page.items);
      setCursor(page.nextCursor);
    }
    setFromService(true);
  };
  return (
    <>
      {items.length > 0 && (
        <AnswerMeta role="status">
          {t('team.highEffort.shown', {
            shown: formatCount(i18n, items.length),
            total: formatCount(i18n, Math.max(total, items.length)),
          })}
        </AnswerMeta>
      )}
      <AnswerList answers={items} scaleId={scaleId} names={names} />
      {hasMore && <ShowMore label={t('team.highEffort.more')} load={more} />}
    </>
  );
}
