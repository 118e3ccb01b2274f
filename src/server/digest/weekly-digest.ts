import type { Queryable } from '../db/database.js';
import type { NameLookup } from '../reports/names.js';
import { dayIn, startOfDay, type Period } from '../reports/period.js';
import { buildTeamReport } from '../reports/team-report.js';
import { getSettings } from '../settings/settings-repository.js';
import { readAccountTimeZone } from '../setup/zendesk-state.js';
import { driverLabel } from '../surveys/survey-page.js';
import type { Metrics, ReportAnswer } from '../../shared/api-types.js';
import { createTranslator, type Catalog } from '../../shared/i18n.js';
import type { Locale } from '../../shared/locales.js';
import { dayNumber } from '../../shared/period-days.js';
import { getScale } from '../../shared/scales.js';
import type { DigestGroups } from './digest-repository.js';

/** Difficult answers listed in one digest, newest first; the team page has the rest. */
export const DIGEST_ANSWERS = 10;
/** Reasons listed in one digest, most named first. */
export const DIGEST_REASONS = 3;

export interface DigestWeek {
  /** Monday and Sunday of the week, YYYY-MM-DD in the account's time zone. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The last complete week (Monday to Sunday, in the account's time zone) before `now`. */
export function lastCompleteWeek(now: Date, timeZone: string): DigestWeek {
  const today = dayNumber(dayIn(now, timeZone));
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  const sinceMonday = (today + 3) % 7;
  const monday = today - sinceMonday - 7;
  return { from: dayOf(monday), to: dayOf(monday + 6) };
}

export interface DigestGroup {
  /** null: every group together (admins, and team leads who see every group). */
  groupId: number | null;
  name: string | null;
  week: Metrics;
  previous: Metrics;
}

/** What one lead's digest says: the team report's figures for their groups, week by week. */
export interface WeeklyDigest {
  week: DigestWeek;
  previousWeek: DigestWeek;
  groups: DigestGroup[];
  difficult: ReportAnswer[];
  reasons: Array<{ driver: string; count: number }>;
}

/**
 * Builds a lead's digest from the team report (the very figures GET /api/v1/report gives for the
 * same group and week, with its previous period: the week before).
 */
export async function buildWeeklyDigest(
  db: Queryable,
  groups: DigestGroups,
  week: DigestWeek,
  names?: NameLookup,
): Promise<WeeklyDigest> {
  const scopes: Array<number | null> = groups === 'all' ? [null] : [...new Set(groups)];
  // The week as the report resolves it, given whole: the sweep's clock decides which week it is.
  const timeZone = await readAccountTimeZone(db);
  const period: Period = {
    fromDay: week.from,
    toDay: week.to,
    timeZone,
    from: startOfDay(week.from, timeZone),
    toExclusive: startOfDay(dayOf(dayNumber(week.to) + 1), timeZone),
  };
  const reports = await Promise.all(
    scopes.map((groupId) =>
      buildTeamReport(db, {
        period,
        ...(groupId === null ? {} : { groupId }),
      }),
    ),
  );
  const ids = scopes.filter((g) => g !== null);
  const named = new Map(
    names && ids.length > 0 ? (await names.groups(ids)).map((g) => [g.id, g.name]) : [],
  );
  const reasons = new Map<string, number>();
  for (const r of reports) {
    for (const d of r.drivers) reasons.set(d.driver, (reasons.get(d.driver) ?? 0) + d.count);
  }
  const first = reports[0];
  return {
    week,
    previousWeek: first
      ? { from: first.previous.from, to: first.previous.to }
      : { from: week.from, to: week.to },
    groups: reports.map((r, i) => ({
      groupId: scopes[i] ?? null,
      name: named.get(scopes[i] ?? -1) ?? null,
      week: r.team,
      previous: r.previous.team,
    })),
    difficult: reports
      .flatMap((r) => r.highEffort)
      .sort((a, b) => b.answeredAt.localeCompare(a.answeredAt) || b.surveyId - a.surveyId)
      .slice(0, DIGEST_ANSWERS),
    reasons: [...reasons]
      .filter(([, count]) => count > 0)
      .map(([driver, count]) => ({ driver, count }))
      .sort((a, b) => b.count - a.count || a.driver.localeCompare(b.driver))
      .slice(0, DIGEST_REASONS),
  };
}

const percent = (share: { value: number } | null) =>
  share === null ? '–' : `${Math.round(share.value * 100)}%`;
const rate = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

/**
 * The digest as plain-text lines in the lead's language; customer text is passed as is (the chat
 * format escapes it, the app shows it as text).
 */
export async function digestLines(
  db: Queryable,
  catalogs: Partial<Record<Locale, Catalog>>,
  locale: Locale,
  digest: WeeklyDigest,
  ticketUrl: (ticketId: number) => string,
): Promise<string[]> {
  const settings = await getSettings(db);
  const t = createTranslator(catalogs, locale);
  const figure = (label: string, value: string, previous: string) =>
    t('digest.figure', { label: t(label), value, previous });
  const lines = [t('digest.title', { from: digest.week.from, to: digest.week.to })];
  for (const g of digest.groups) {
    lines.push(
      '',
      g.groupId === null
        ? t('digest.allGroups')
        : t('digest.group', { name: g.name ?? `#${g.groupId}` }),
      figure('digest.answers', String(g.week.n), String(g.previous.n)),
      figure('digest.easy', percent(g.week.easy), percent(g.previous.easy)),
      figure('digest.difficult', percent(g.week.difficult), percent(g.previous.difficult)),
      figure('digest.responseRate', rate(g.week.responseRate), rate(g.previous.responseRate)),
    );
  }
  const none = t('alert.none');
  lines.push('', t('digest.difficultAnswers'));
  if (digest.difficult.length === 0) lines.push(t('digest.noDifficult'));
  for (const a of digest.difficult) {
    const reason = a.driver ? driverLabel(t, locale, settings, a.driver) : none;
    lines.push(
      `#${a.ticketId} · ${a.score}/${getScale(a.scaleId).max} · ${reason} · ${a.comment?.trim() || none} · ${ticketUrl(a.ticketId)}`,
    );
  }
  lines.push('', t('digest.topReasons'));
  if (digest.reasons.length === 0) lines.push(t('digest.noReasons'));
  for (const r of digest.reasons) {
    lines.push(`${driverLabel(t, locale, settings, r.driver)}: ${r.count}`);
  }
  return lines;
}

/** The week a digest sent at `now` covers, in the account's time zone. */
export async function digestWeekAt(db: Queryable, now: Date): Promise<DigestWeek> {
  return lastCompleteWeek(now, await readAccountTimeZone(db));
}
