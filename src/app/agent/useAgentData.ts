import type { ReportFilters } from '../../shared/api-types.js';
import { getAgentReport, getTicketSurvey } from '../api/ces.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';

/** One agent's page for exactly these filters. */
export function useAgentReport(agentId: number, filters: ReportFilters) {
  const ces = useCes();
  return useQuery(
    () => getAgentReport(ces, agentId, filters),
    `${agentId}:${JSON.stringify(filters)}`,
  );
}

/** The answer a deep link points at: the ticket's (one answer per ticket). */
export function useLinkedAnswer(ticketId: number) {
  const ces = useCes();
  return useQuery(() => getTicketSurvey(ces, ticketId), `ticket:${ticketId}`);
}
