/**
 * How figures read: numbers, shares and dates in the user's locale. Formatting only: every figure
 * arrives computed by the service (src/shared/scoring.ts); nothing here derives one.
 */
import type { NamedRef, ShareWithInterval, TrendPoint } from '../../shared/api-types.js';
import type { Vars } from '../../shared/i18n.js';
import { getScale, type ScaleId } from '../../shared/scales.js';
import type { I18n } from './I18nProvider.js';

/** A number with fixed decimals, or an en dash when there is none. */
export function formatNumber(i18n: I18n, value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(i18n.intlLocale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A whole count. */
export function formatCount(i18n: I18n, value: number): string {
  return new Intl.NumberFormat(i18n.intlLocale, { maximumFractionDigits: 0 }).format(value);
}

/**
 * A message that counts something, in the plural form the catalog's language uses for the number
 * (`Intl.PluralRules`): `key.one` and `key.other` everywhere, and the language's other forms where
 * its catalog has them — Romanian says "2 răspunsuri" (`few`) but "20 de răspunsuri" (`other`).
 * A form the catalog lacks falls back to `other`. The rules are the catalog's language, not the
 * user's locale, so an English fallback still says "1 answer". `count` is passed formatted.
 */
export function countMessage(i18n: I18n, key: string, count: number, vars: Vars = {}): string {
  const form = new Intl.PluralRules(i18n.locale).select(count);
  const withCount = { ...vars, count: formatCount(i18n, count) };
  const own =
    form === 'one' || form === 'other' ? null : i18n.optional(`${key}.${form}`, withCount);
  return own ?? i18n.t(`${key}.${form === 'one' ? 'one' : 'other'}`, withCount);
}

/** A fraction 0..1 as a whole percentage. */
export function formatPercent(i18n: I18n, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(i18n.intlLocale, {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(value);
}

/** "62% (48–74%)": the share with its 95% interval. */
export function formatShare(i18n: I18n, share: ShareWithInterval | null | undefined): string {
  if (!share) return '–';
  return i18n.t('common.figures.shareWithInterval', {
    value: formatPercent(i18n, share.value),
    low: formatPercent(i18n, share.low),
    high: formatPercent(i18n, share.high),
  });
}

/** The Net Easy Score in points, signed: "+24", "−8". */
export function formatNes(i18n: I18n, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(i18n.intlLocale, {
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  }).format(value);
}

/** A date and time, medium length. */
export function formatDateTime(i18n: I18n, iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return new Intl.DateTimeFormat(i18n.intlLocale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}

/** A calendar date (YYYY-MM-DD or ISO), medium length, read in UTC so a week start stays put. */
export function formatDate(i18n: I18n, iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.intlLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    d,
  );
}

/** A short date for chart axes ("23 Nov"). */
export function formatShortDate(i18n: I18n, iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.intlLocale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(d);
}

/** "4.2 on 1–7": a mean with the range of its scale. */
export function formatMeanOnScale(
  i18n: I18n,
  scaleId: ScaleId,
  mean: number | null | undefined,
): string {
  const scale = getScale(scaleId);
  return i18n.t('common.figures.meanOnScale', {
    mean: formatNumber(i18n, mean),
    min: formatCount(i18n, scale.min),
    max: formatCount(i18n, scale.max),
  });
}

/** A mean's label: "Mean", or "Mean, CES 2.0" where a period holds answers on several scales. */
export function meanLabel(i18n: I18n, scaleId: ScaleId, severalScales: boolean): string {
  return severalScales
    ? i18n.t('common.scaleChange.meanOn', { scale: i18n.t(`common.scaleNames.${scaleId}`) })
    : i18n.t('common.figures.mean');
}

/** The label of a scale point, or null when the catalog has none for it. */
export function pointLabel(i18n: I18n, scaleId: ScaleId, score: number): string | null {
  return i18n.optional(`${getScale(scaleId).labelKey}.${score}`);
}

/** "2/7 · Disagree": the score on its scale, with the point's label when there is one. */
export function formatScore(i18n: I18n, scaleId: ScaleId, score: number): string {
  const scale = getScale(scaleId);
  const label = pointLabel(i18n, scaleId, score);
  const onScale = i18n.t('common.figures.scoreOnScale', {
    score: formatCount(i18n, score),
    max: formatCount(i18n, scale.max),
  });
  return label ? i18n.t('common.figures.scoreWithLabel', { score: onScale, label }) : onScale;
}

/** A driver's label: the shipped catalog's, else the id as the admin typed it. */
export function driverLabel(i18n: I18n, driver: string): string {
  return i18n.optional(`drivers.${driver}`) ?? driver;
}

/** One week of a trend in words, for the text alternative of a chart. */
export function weekSummary(i18n: I18n, point: TrendPoint): string {
  const week = formatShortDate(i18n, point.weekStart);
  if (point.n === 0) return i18n.t('common.figures.weekEmpty', { week });
  return countMessage(i18n, 'common.figures.weekSummary', point.n, {
    week,
    mean: formatNumber(i18n, point.mean),
  });
}

/**
 * A Zendesk user's or group's name as people read it: the name, else why there is none (deleted,
 * or Zendesk not reachable just now) with the id, so the row can still be told apart.
 */
export function nameLabel(i18n: I18n, kind: 'user' | 'group', ref: NamedRef): string {
  const { t } = i18n;
  if (ref.name !== null)
    return ref.deleted ? t('common.names.deleted', { name: ref.name }) : ref.name;
  return t(ref.deleted ? `common.names.${kind}Deleted` : `common.names.${kind}Unknown`, {
    id: ref.id,
  });
}

/** Labels by id, for tables and lists that show many names. */
export function nameLabels(
  i18n: I18n,
  kind: 'user' | 'group',
  refs: readonly NamedRef[],
): Map<number, string> {
  return new Map(refs.map((r) => [r.id, nameLabel(i18n, kind, r)]));
}
