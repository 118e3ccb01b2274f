import { useEffect, useRef, useState } from 'react';
import styled from 'styled-components';
import type { TicketSurveyResponse } from '../../shared/api-types.js';
import type { TicketContext } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useCan, useSession } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Muted, Section } from '../layout/Section.js';
import { useAutoResize } from '../layout/useAutoResize.js';
import { AgentFigures } from '../sidebar/AgentFigures.js';
import { RequesterHistory } from '../sidebar/RequesterHistory.js';
import { EraseRequester } from '../sidebar/EraseRequester.js';
import { SendSurvey } from '../sidebar/SendSurvey.js';
import { SurveyState } from '../sidebar/SurveyState.js';
import { useTicketContext, useTicketSurvey } from '../sidebar/useSidebarData.js';

/** Solving triggers the survey through a webhook; give it a moment before re-reading. */
const SAVE_SETTLE_MS = 2000;

const Main = styled.main`
  box-sizing: border-box;
  max-width: 320px;
  padding: 0 ${(p) => p.theme.space.xxs} ${(p) => p.theme.space.xs};
`;

/** The ticket sidebar: this ticket's survey, the requester's history, the agent's figures. */
export function TicketSidebar() {
  const client = useClient();
  const ref = useRef<HTMLElement>(null);
  const ticket = useTicketContext();
  useAutoResize(client, ref);
  // The ticket's ids change when an agent reassigns it; re-read them after a save.
  useEffect(() => client.on('ticket.saved', () => ticket.refetch()), [client, ticket.refetch]);
  return (
    <Main ref={ref}>
      <ResponseHandler query={ticket}>{(t) => <SidebarBody ticket={t} />}</ResponseHandler>
    </Main>
  );
}

function SidebarBody({ ticket }: { ticket: TicketContext }) {
  const { t } = useI18n();
  const client = useClient();
  const survey = useTicketSurvey(ticket.id);
  useEffect(
    () => client.on('ticket.saved', () => setTimeout(survey.refetch, SAVE_SETTLE_MS)),
    [client, survey.refetch],
  );
  return (
    <>
      <Section id="ces-this-ticket" title={t('sidebar.sections.ticket')}>
        <ResponseHandler query={survey}>
          {(d) => (
            <>
              <SurveyState ticket={ticket} response={d} />
              <SendSurvey ticket={ticket} survey={d.survey} onSent={survey.refetch} />
            </>
          )}
        </ResponseHandler>
      </Section>
      {/* One service answers every section: when it fails, say so once, not three times. */}
      {survey.status !== 'error' && (
        <OtherSections
          ticket={ticket}
          survey={survey.data}
          loading={survey.status === 'loading'}
          onErased={survey.refetch}
        />
      )}
    </>
  );
}

function OtherSections({
  ticket,
  survey,
  loading,
  onErased,
}: {
  ticket: TicketContext;
  survey: TicketSurveyResponse | undefined;
  loading: boolean;
  /** This ticket's answer loses its comment too: read it again. */
  onErased: () => void;
}) {
  const { t } = useI18n();
  // Credit goes to whoever was assigned at solve (the survey's snapshot), else the assignee now.
  const creditedId = survey?.survey?.assigneeId ?? ticket.assigneeId;
  const isAssignee = creditedId !== null && creditedId === ticket.assigneeId;
  // Agents see their own figures only: a colleague's ticket shows theirs, and says why.
  const { me } = useSession();
  const canSeeOthers = useCan('teamReport');
  const canErase = useCan('dataProtection');
  // Remounting the history after an erasure reads it again (it is empty then).
  const [historyVersion, setHistoryVersion] = useState(0);
  const ownInstead =
    creditedId !== null && me !== null && creditedId !== me.user.id && !canSeeOthers;
  return (
    <>
      <Section id="ces-requester" title={t('sidebar.sections.requester')}>
        {ticket.requesterId === null ? (
          <Muted>{t('sidebar.history.noRequester')}</Muted>
        ) : (
          <>
            <RequesterHistory
              key={historyVersion}
              requesterId={ticket.requesterId}
              ticketId={ticket.id}
            />
            {canErase && (
              <EraseRequester
                requesterId={ticket.requesterId}
                onErased={() => {
                  setHistoryVersion((v) => v + 1);
                  onErased();
                }}
              />
            )}
          </>
        )}
      </Section>
      <Section id="ces-agent" title={t('sidebar.sections.agent')}>
        {loading && survey === undefined ? null : creditedId === null ? (
          <Muted>{t('sidebar.agent.noAgent')}</Muted>
        ) : ownInstead && me ? (
          <>
            <Muted role="note">{t('roles.colleague')}</Muted>
            <AgentFigures agentId={me.user.id} knownName={me.user.name} assignedNow={null} />
          </>
        ) : (
          <AgentFigures
            agentId={creditedId}
            knownName={isAssignee ? ticket.assigneeName : null}
            assignedNow={isAssignee ? null : ticket.assigneeName}
          />
        )}
      </Section>
    </>
  );
}
