import { MAX_PERIOD_DAYS } from '../../shared/period-days.js';

/**
 * A report period in whole days of the Zendesk account's time zone (solve days): from the start
 * of `fromDay` to the end of `toDay` there.
 */
export interface Period {
  /** YYYY-MM-DD, inclusive. */
  fromDay: string;
  /** YYYY-MM-DD, inclusive. */
  toDay: string;
  /** IANA zone of the days. */
  timeZone: string;
  /** The zone's midnight starting `fromDay`. */
  from: Date;
  /** The zone's midnight starting the day after `toDay`: the exclusive end. */
  toExclusive: Date;
}

/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The zone's offset from UTC at `at`, in ms (positive east of Greenwich). */
function offsetAt(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the day YYYY-MM-DD starts in `timeZone` (midnight, or the first hour after a gap). */
export function startOfDay(day: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  // Two passes settle on the offset in force at that midnight, also next to a DST change.
  let at = wall - offsetAt(new Date(wall), timeZone);
  at = wall - offsetAt(new Date(at), timeZone);
  return new Date(at);
}

/** Whether Intl knows the zone (PostgreSQL knows the same IANA names). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_PERIOD_DAYS = 30;
export { MAX_PERIOD_DAYS };
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

// Messages name the parameter, never its value: errors do not echo input.
function parseDay(name: string, value: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) {
    throw new PeriodError(`"${name}" is not a calendar date: give one as YYYY-MM-DD.`);
  }
  return at;
}

/**
 * The latest calendar day anywhere now (UTC+14). A reader east of the account's zone may already
 * be on the next day and pick it as "today"; a later day is in the future wherever one is.
 */
export function latestToday(now: Date): string {
  return dayIn(now, 'Etc/GMT-14');
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** The period asked for; by default the 30 days up to and including today in `timeZone`. */
export function resolvePeriod(
  query: { from?: string; to?: string },
  now = new Date(),
  timeZone = 'UTC',
): Period {
  const to = query.to ? parseDay('to', query.to) : parseDay('to', dayIn(now, timeZone));
  const from = query.from
    ? parseDay('from', query.from)
    : new Date(to.getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS);
  if (from > to) {
    throw new PeriodError('"from" is after "to": swap them.');
  }
  if (day(to) > latestToday(now)) {
    throw new PeriodError('"to" is in the future: choose today or an earlier day.');
  }
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new PeriodError(
      `The period is too long: choose at most ${MAX_PERIOD_DAYS} days from "from" to "to".`,
    );
  }
  const fromDay = day(from);
  const toDay = day(to);
  return {
    fromDay,
    toDay,
    timeZone,
    from: startOfDay(fromDay, timeZone),
    toExclusive: startOfDay(day(new Date(to.getTime() + DAY_MS)), timeZone),
  };
}
