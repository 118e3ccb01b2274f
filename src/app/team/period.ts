import type { ReportFilters } from '../../shared/api-types.js';

/** The periods a team lead can pick, in days up to and including today. */
export const PERIOD_CHOICES = [7, 30, 90, 365] as const;
export type PeriodDays = (typeof PERIOD_CHOICES)[number];
export const DEFAULT_PERIOD: PeriodDays = 30;

/** Zendesk's channels (ticket.via.channel) that a report can be narrowed to. */
export const CHANNELS = ['email', 'web', 'api', 'chat', 'voice', 'native_messaging'] as const;

const DAY_MS = 86_400_000;
const day = (at: Date) => at.toISOString().slice(0, 10);

export interface FilterChoice {
  days: PeriodDays;
  groupId?: number;
  brandId?: number;
  channel?: string;
}

/** The report query for a choice: whole UTC days, `to` (today) included, as the service reads them. */
export function toReportFilters(choice: FilterChoice, now: Date): ReportFilters {
  const filters: ReportFilters = {
    from: day(new Date(now.getTime() - (choice.days - 1) * DAY_MS)),
    to: day(now),
  };
  if (choice.groupId !== undefined) filters.groupId = choice.groupId;
  if (choice.brandId !== undefined) filters.brandId = choice.brandId;
  if (choice.channel !== undefined) filters.channel = choice.channel;
  return filters;
}
