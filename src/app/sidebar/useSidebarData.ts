import type { AgentSummaryResponse, TicketSurveyResponse } from '../../shared/api-types.js';
import {
  AGENT_PERIODS,
  getAgentSummary,
  getRequesterHistory,
  getTicketSurvey,
  REQUESTER_HISTORY_LIMIT,
} from '../api/ces.js';
import { getTicketContext, type TicketContext } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';

/** The open ticket's ids from ZAF. */
export function useTicketContext() {
  const client = useClient();
  return useQuery<TicketContext>(() => getTicketContext(client), 'ticket');
}

/** The ticket's survey state from the service. */
export function useTicketSurvey(ticketId: number) {
  const ces = useCes();
  return useQuery<TicketSurveyResponse>(() => getTicketSurvey(ces, ticketId), `t${ticketId}`);
}

/** The requester's earlier answers (one more than shown, as this ticket may be among them). */
export function useRequesterHistory(requesterId: number) {
  const ces = useCes();
  return useQuery(
    () => getRequesterHistory(ces, requesterId, REQUESTER_HISTORY_LIMIT + 1),
    `r${requesterId}`,
  );
}

/** The agent's figures for the sidebar's periods (30 and 90 days). */
export function useAgentFigures(agentId: number) {
  const ces = useCes();
  return useQuery<AgentSummaryResponse>(
    () => getAgentSummary(ces, agentId, AGENT_PERIODS),
    `a${agentId}`,
  );
}
