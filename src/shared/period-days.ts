/**
 * Report periods as calendar days (YYYY-MM-DD, in the account's time zone): the rules the service
 * enforces and the app's date inputs follow. No I/O.
 */

/** Long enough for a year-over-year look (a leap year too), short enough to stay fast. */
export const MAX_PERIOD_DAYS = 366;

const DAY_MS = 86_400_000;
/** Days since 1970-01-01. */
export const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
/** The day `n` days after 1970-01-01. */
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The N days just before `from` (N = the period's length in days), as YYYY-MM-DD. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const first = dayNumber(from);
  const days = dayNumber(to) - first + 1;
  return { from: dayOf(first - days), to: dayOf(first - 1) };
}

/** Days from `from` to `to`, both included. */
export function periodLength(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}
