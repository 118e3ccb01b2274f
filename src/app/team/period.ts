import type { ReportFilters } from '../../shared/api-types.js';
import { MAX_PERIOD_DAYS, periodLength } from '../../shared/period-days.js';

/** The periods a team lead can pick, in days up to and including today. */
export const PERIOD_CHOICES = [7, 30, 90, 365] as const;
export type PeriodDays = (typeof PERIOD_CHOICES)[number];
export const DEFAULT_PERIOD: PeriodDays = 30;

/** Zendesk's channels (ticket.via.channel) that a report can be narrowed to. */
export const CHANNELS = ['email', 'web', 'api', 'chat', 'voice', 'native_messaging'] as const;

const DAY_MS = 86_400_000;
const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * What the team page's filter bar holds, and what a page opened from it (an agent's) reuses:
 * a preset of `days` up to today, or a custom `range` of solve days (it wins when set), and the
 * group, brand and channel. `toReportFilters` turns it into the API's query.
 */
export interface FilterChoice {
  days: PeriodDays;
  /** A custom period: first and last solve day (YYYY-MM-DD, account's zone), both included. */
  range?: { from: string; to: string };
  groupId?: number;
  brandId?: number;
  channel?: string;
}

/** The report query for a choice: the custom range, or whole days up to `now`'s day included. */
export function toReportFilters(choice: FilterChoice, now: Date): ReportFilters {
  const filters: ReportFilters = choice.range
    ? { from: choice.range.from, to: choice.range.to }
    : { from: day(new Date(now.getTime() - (choice.days - 1) * DAY_MS)), to: day(now) };
  if (choice.groupId !== undefined) filters.groupId = choice.groupId;
  if (choice.brandId !== undefined) filters.brandId = choice.brandId;
  if (choice.channel !== undefined) filters.channel = choice.channel;
  return filters;
}

/** The reader's today (YYYY-MM-DD, their own zone): the last day a date input offers. */
export function localToday(now: Date): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return day(local);
}

/** Why a custom range cannot be asked for (a catalog key under team.filters.rangeErrors), or null. */
export function rangeProblem(
  from: string,
  to: string,
  today: string,
): 'missing' | 'order' | 'future' | 'tooLong' | null {
  const isDay = (v: string) => {
    const at = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
    return at !== null && !Number.isNaN(at.getTime()) && day(at) === v;
  };
  if (!isDay(from) || !isDay(to)) return 'missing';
  if (from > to) return 'order';
  if (to > today) return 'future';
  if (periodLength(from, to) > MAX_PERIOD_DAYS) return 'tooLong';
  return null;
}
