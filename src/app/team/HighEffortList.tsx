import { useState } from 'react';
import styled from 'styled-components';
import { Anchor, Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import type { ReportAnswer, ReportAnswersResponse, ReportFilters } from '../../shared/api-types.js';
import type { ScaleId } from '../../shared/scales.js';
import { getReportAnswers } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { openTicket } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { driverLabel, formatDateTime, formatScore } from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { useAgentDifficultAnswers } from './useTeamData.js';
import { hue } from '../layout/colors.js';

const List = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  li {
    padding: ${(p) => p.theme.space.xs} 0;
    border-bottom: ${(p) => p.theme.borders.sm} ${hue('grey', 200)};
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
  const client = useClient();
  if (answers.length === 0) return <Meta>{t('team.highEffort.empty')}</Meta>;
  return (
    <List>
      {answers.map((a) => (
        <li key={a.surveyId}>
          <Anchor
            href={`#ticket-${a.ticketId}`}
            onClick={(e) => {
              e.preventDefault();
              void openTicket(client, a.ticketId);
            }}
          >
            {t('common.ticketLink', { id: a.ticketId })}
          </Anchor>
          {' · '}
          {formatScore(i18n, scaleId, a.score)}
          {a.driver ? ` · ${driverLabel(i18n, a.driver)}` : ''}
          <Meta>
            {formatDateTime(i18n, a.answeredAt)}
            {a.agentId !== null
              ? ` · ${names.get(a.agentId) ?? t('common.names.userUnknown', { id: a.agentId })}`
              : ''}
          </Meta>
          {/* Customer text: React renders it as text, never as HTML. */}
          {a.comment && <Comment>{a.comment}</Comment>}
        </li>
      ))}
    </List>
  );
}

/** One agent's difficult answers behind the table's figures. */
export function AgentDifficultAnswers({
  filters,
  agentId,
  agentName,
  scaleId,
  names,
  onClose,
}: {
  filters: ReportFilters;
  agentId: number;
  agentName: string;
  names: Map<number, string>;
  scaleId: ScaleId;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const query = useAgentDifficultAnswers(filters, agentId);
  return (
    <div>
      <Meta style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        {t('team.highEffort.forAgent', { name: agentName })}
        <Button size="small" isBasic onClick={onClose}>
          {t('team.highEffort.showAll')}
        </Button>
      </Meta>
      <ResponseHandler query={query}>
        {(first) => (
          <Pages
            filters={filters}
            agentId={agentId}
            first={first}
            scaleId={scaleId}
            names={names}
          />
        )}
      </ResponseHandler>
    </div>
  );
}

/** The first page of answers and any further ones the lead asks for with "Show more". */
function Pages({
  filters,
  agentId,
  first,
  scaleId,
  names,
}: {
  filters: ReportFilters;
  agentId: number;
  first: ReportAnswersResponse;
  scaleId: ScaleId;
  names: Map<number, string>;
}) {
  const { t } = useI18n();
  const ces = useCes();
  const [later, setLater] = useState<ReportAnswer[]>([]);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RequestError | null>(null);
  const more = async () => {
    if (!cursor) return;
    setBusy(true);
    setError(null);
    try {
      const page = await getReportAnswers(ces, { ...filters, agentId, band: 'difficult', cursor });
      setLater((items) => [...items, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(toRequestError('ces', failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <AnswerList answers={[...first.items, ...later]} scaleId={scaleId} names={names} />
      {error && (
        <Alert type="error" role="alert" style={{ marginTop: 8 }}>
          <Alert.Title>{t('common.errors.title')}</Alert.Title>
          {t(errorMessageKey(error))}
        </Alert>
      )}
      {cursor && (
        <Button size="small" style={{ marginTop: 8 }} disabled={busy} onClick={more}>
          {busy ? t('common.loading') : t('team.highEffort.more')}
        </Button>
      )}
    </>
  );
}
