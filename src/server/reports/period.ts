/** A report period in whole UTC days: from the start of `from` to the end of `to`. */
export interface Period {
  /** YYYY-MM-DD, inclusive. */
  fromDay: string;
  /** YYYY-MM-DD, inclusive. */
  toDay: string;
  from: Date;
  /** The start of the day after `toDay`: the exclusive end used in queries. */
  toExclusive: Date;
}

export const DEFAULT_PERIOD_DAYS = 30;
/** Long enough for a year-over-year look, short enough to stay fast. */
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

/** A period that cannot be reported on; the message says how to fix the query. */
export class PeriodError extends Error {
  readonly statusCode = 400;
  readonly code = 'invalid_period';
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

function parseDay(name: string, value: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) {
    throw new PeriodError(`"${name}" is "${value}": give a calendar date as YYYY-MM-DD.`);
  }
  return at;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** The period asked for; by default the 30 days up to and including today (UTC). */
export function resolvePeriod(query: { from?: string; to?: string }, now = new Date()): Period {
  const to = query.to ? parseDay('to', query.to) : parseDay('to', day(now));
  const from = query.from
    ? parseDay('from', query.from)
    : new Date(to.getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS);
  if (from > to) {
    throw new PeriodError(`"from" (${day(from)}) is after "to" (${day(to)}): swap them.`);
  }
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new PeriodError(
      `The period is ${days} days long: choose at most ${MAX_PERIOD_DAYS} days between "from" and "to".`,
    );
  }
  return { fromDay: day(from), toDay: day(to), from, toExclusive: new Date(to.getTime() + DAY_MS) };
}
