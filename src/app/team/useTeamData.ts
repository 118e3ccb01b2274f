import type { ReportAnswersResponse, ReportFilters } from '../../shared/api-types.js';
import { getReport, getReportAnswers } from '../api/ces.js';
import { getBrands, getGroups } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';

/** The team report for exactly these filters. */
export function useReport(filters: ReportFilters) {
  const ces = useCes();
  return useQuery(() => getReport(ces, filters), JSON.stringify(filters));
}

/** The difficult answers behind a figure: one agent's, or one reason's. */
export function useDifficultAnswers(
  filters: ReportFilters,
  scope: { agentId?: number; driver?: string },
) {
  const ces = useCes();
  return useQuery<ReportAnswersResponse>(
    () => getReportAnswers(ces, { ...filters, ...scope, band: 'difficult' }),
    `${JSON.stringify(filters)}:${JSON.stringify(scope)}`,
  );
}

/** The account's groups and brands, for the filters. */
export function useAccountLists() {
  const client = useClient();
  return useQuery(async () => {
    const [groups, brands] = await Promise.all([getGroups(client), getBrands(client)]);
    return { groups, brands };
  }, 'lists');
}
