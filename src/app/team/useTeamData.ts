import type { ReportAnswersResponse, ReportFilters } from '../../shared/api-types.js';
import { getReport, getReportAnswers } from '../api/ces.js';
import { getBrands, getGroups, getUsers, type NamedRecord } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';

/** The team report for exactly these filters. */
export function useReport(filters: ReportFilters) {
  const ces = useCes();
  return useQuery(() => getReport(ces, filters), JSON.stringify(filters));
}

/** One agent's difficult answers behind the report's figures. */
export function useAgentDifficultAnswers(filters: ReportFilters, agentId: number) {
  const ces = useCes();
  return useQuery<ReportAnswersResponse>(
    () => getReportAnswers(ces, { ...filters, agentId, band: 'difficult' }),
    `${JSON.stringify(filters)}:${agentId}`,
  );
}

/** The account's groups and brands, for filters and names. */
export function useAccountLists() {
  const client = useClient();
  return useQuery(async () => {
    const [groups, brands] = await Promise.all([getGroups(client), getBrands(client)]);
    return { groups, brands };
  }, 'lists');
}

/** Agents' names by id (the service knows only ids). */
export function useUserNames(ids: number[]) {
  const client = useClient();
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return useQuery<Map<number, string>>(async () => {
    if (sorted.length === 0) return new Map();
    const users: NamedRecord[] = await getUsers(client, sorted);
    return new Map(users.map((u) => [u.id, u.name]));
  }, sorted.join(','));
}
