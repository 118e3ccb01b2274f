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

/** A run of days, both included, and whether the rollup reader adds (1) or takes away (-1) them. */
export interface DayRange {
  from: string;
  to: string;
  sign: 1 | -1;
}

/**
 * A period as the rollups read it: week rows for every ISO week (Monday–Sunday) it covers more
 * than half of, then day rows: added for the loose days of the other weeks, taken away for the days
 * of a week row that fall outside the period. At most 3 day rows are read at each end: the last
 * 30 days are 4 to 6 week rows and at most 6 day rows per agent, where the day rollup has 30.
 */
export interface PeriodWeeks {
  /** Mondays of the first and last week row to add; null when none. */
  weeks: { from: string; to: string } | null;
  /** At most four runs: before and after the weeks, each added or taken away. */
  days: DayRange[];
}

/** How to read `from`..`to` (both included) from week and day rollups with the fewest day rows. */
export function periodWeeks(from: string, to: string): PeriodWeeks {
  const first = dayNumber(from);
  const last = dayNumber(to);
  // 1970-01-01 was a Thursday: day n is (n + 3) mod 7 days after a Monday.
  const mondayOf = (n: number) => n - ((((n + 3) % 7) + 7) % 7);
  const days: DayRange[] = [];
  const run = (a: number, b: number, sign: 1 | -1) => {
    if (a <= b) days.push({ from: dayOf(a), to: dayOf(b), sign });
  };
  let firstWeek = Infinity;
  let lastWeek = -Infinity;
  for (let monday = mondayOf(first); monday <= last; monday += 7) {
    const inside = Math.min(last, monday + 6) - Math.max(first, monday) + 1;
    if (inside > 7 - inside) {
      // The week row, less the days of it outside the period (none for a whole week).
      firstWeek = Math.min(firstWeek, monday);
      lastWeek = monday;
      run(monday, first - 1, -1);
      run(last + 1, monday + 6, -1);
    } else {
      run(Math.max(first, monday), Math.min(last, monday + 6), 1);
    }
  }
  return {
    weeks: firstWeek <= lastWeek ? { from: dayOf(firstWeek), to: dayOf(lastWeek) } : null,
    days,
  };
}

/** A Monday that starts a 4-week block: blocks are 28 days from 2001-01-01 (a Monday), on. */
const BLOCK_EPOCH = dayNumber('2001-01-01');

/** The Monday that starts the 4-week block of the week starting `monday` (as SQL report_block). */
export function blockOf(monday: string): string {
  const n = dayNumber(monday);
  return dayOf(n - ((((n - BLOCK_EPOCH) % 28) + 28) % 28));
}

/** A run of week rows to add, Mondays of the first and last. */
export interface WeekRange {
  from: string;
  to: string;
}

/**
 * A run of whole weeks as 4-week block rows (migration 025, agent rows only) and the loose weeks
 * at either end (at most 3 each): 13 weeks are 2 or 3 block rows and up to 5 week rows per agent.
 */
export function periodBlocks(weeks: WeekRange): { blocks: WeekRange | null; weeks: WeekRange[] } {
  const first = dayNumber(weeks.from);
  const last = dayNumber(weeks.to);
  // The first block that starts on or after the first week, and the last that ends by the last.
  const firstBlock =
    dayNumber(blockOf(weeks.from)) + (dayNumber(blockOf(weeks.from)) < first ? 28 : 0);
  const lastBlock =
    dayNumber(blockOf(weeks.to)) + (dayNumber(blockOf(weeks.to)) + 21 > last ? -28 : 0);
  if (firstBlock > lastBlock) return { blocks: null, weeks: [weeks] };
  const loose: WeekRange[] = [];
  if (first < firstBlock) loose.push({ from: dayOf(first), to: dayOf(firstBlock - 7) });
  if (lastBlock + 28 <= last) loose.push({ from: dayOf(lastBlock + 28), to: dayOf(last) });
  return { blocks: { from: dayOf(firstBlock), to: dayOf(lastBlock) }, weeks: loose };
}
