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

/** Appends the run of day numbers a..b (both included; nothing when a > b) with its sign. */
function pushRun(out: DayRange[] | WeekRun[], a: number, b: number, sign: 1 | -1): void {
  if (a <= b) out.push({ from: dayOf(a), to: dayOf(b), sign });
}

/** How to read `from`..`to` (both included) from week and day rollups with the fewest day rows. */
export function periodWeeks(from: string, to: string): PeriodWeeks {
  const first = dayNumber(from);
  const last = dayNumber(to);
  // 1970-01-01 was a Thursday: day n is (n + 3) mod 7 days after a Monday.
  const mondayOf = (n: number) => n - ((((n + 3) % 7) + 7) % 7);
  const days: DayRange[] = [];
  const run = (a: number, b: number, sign: 1 | -1) => pushRun(days, a, b, sign);
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

/** A run of week rows added (1) or taken away (-1). */
export interface WeekRun extends WeekRange {
  sign: 1 | -1;
}

/**
 * A run of whole weeks as 4-week block rows (migration 025, agent rows only) and week rows at
 * either end: a block the run covers 3 of 4 weeks of is read whole, less its week outside the run
 * (2 rows where the loose weeks were 3), as weeks are read less their days outside; a block it
 * covers 1 or 2 weeks of is read as those weeks. At most 2 week rows at each end: 13 weeks are 3
 * block rows and 1 to 3 week rows per agent (up to 5 week rows when each end was read as weeks).
 */
export function periodBlocks(weeks: WeekRange): { blocks: WeekRange | null; weeks: WeekRun[] } {
  const first = dayNumber(weeks.from);
  const last = dayNumber(weeks.to);
  const out: WeekRun[] = [];
  const run = (a: number, b: number, sign: 1 | -1) => pushRun(out, a, b, sign);
  const frontBlock = dayNumber(blockOf(weeks.from));
  const backBlock = dayNumber(blockOf(weeks.to));
  if (frontBlock === backBlock) {
    // Within one block: whole, less the week outside, when the run holds 3 or 4 of its weeks.
    if ((last - first) / 7 + 1 < 3) return { blocks: null, weeks: [{ ...weeks, sign: 1 }] };
    run(frontBlock, first - 7, -1);
    run(last + 7, frontBlock + 21, -1);
    const block = { from: dayOf(frontBlock), to: dayOf(frontBlock) };
    return { blocks: block, weeks: out };
  }
  // The block at each end holds 1 to 4 of the run's weeks.
  let firstBlock = frontBlock;
  if ((frontBlock + 21 - first) / 7 + 1 >= 3) run(frontBlock, first - 7, -1);
  else {
    firstBlock += 28;
    run(first, frontBlock + 21, 1);
  }
  let lastBlock = backBlock;
  if ((last - backBlock) / 7 + 1 >= 3) run(last + 7, backBlock + 21, -1);
  else {
    lastBlock -= 28;
    run(backBlock, last, 1);
  }
  return {
    blocks: firstBlock <= lastBlock ? { from: dayOf(firstBlock), to: dayOf(lastBlock) } : null,
    weeks: out,
  };
}
