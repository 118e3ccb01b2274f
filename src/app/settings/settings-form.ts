/** Converting between what the admin types and the Settings document the service stores. */
import type { Locale } from '../../shared/locales.js';
import {
  isShippedDriver,
  type DriverKind,
  type Settings,
  type SettingsProblem,
} from '../../shared/settings.js';

/** "email, web" → ["email", "web"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A number field's text → number; empty or garbage → NaN so validation names it. */
export function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** A driver id an admin adds: lower case words joined by underscores. */
export function toDriverId(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
}

/** The sampling rate is stored as 0..1 but typed in percent: say its limits in percent too. */
export function inPercent(problem: SettingsProblem): SettingsProblem {
  const { min, max } = problem.vars ?? {};
  if (typeof min !== 'number' || typeof max !== 'number') return problem;
  return { ...problem, vars: { ...problem.vars, min: min * 100, max: max * 100 } };
}

/** A free-text field of the form: how its text is shown, and how it is applied to the draft. */
export interface TextFieldSpec {
  key: string;
  /** Catalog keys of the field's label and hint. */
  label: string;
  hint: string;
  /** The settings path its validation problems carry. */
  path: string;
  numeric?: boolean;
  show: (s: Settings) => string;
  apply: (s: Settings, text: string) => Settings;
}

const rules = (s: Settings, patch: Partial<Settings['rules']>): Settings => ({
  ...s,
  rules: { ...s.rules, ...patch },
});
const ranking = (s: Settings, patch: Partial<Settings['ranking']>): Settings => ({
  ...s,
  ranking: { ...s.ranking, ...patch },
});

/** The free-text fields, by section, in the order they are shown. */
export const TEXT_FIELDS: Record<
  'timing' | 'exclusions' | 'ranking' | 'reminder' | 'alerts',
  TextFieldSpec[]
> = {
  reminder: [
    {
      key: 'reminderAfterDays',
      label: 'settings.fields.reminderAfterDays',
      hint: 'settings.hints.reminderAfterDays',
      path: 'reminder.afterDays',
      numeric: true,
      show: (s) => String(s.reminder.afterDays),
      apply: (s, v) => ({ ...s, reminder: { ...s.reminder, afterDays: parseNumber(v) } }),
    },
  ],
  alerts: [
    {
      key: 'leadUserId',
      label: 'settings.fields.leadUserId',
      hint: 'settings.hints.leadUserId',
      path: 'alerts.leadUserId',
      numeric: true,
      show: (s) => (s.alerts.leadUserId === null ? '' : String(s.alerts.leadUserId)),
      apply: (s, v) => ({
        ...s,
        alerts: { ...s.alerts, leadUserId: v.trim() === '' ? null : parseNumber(v) },
      }),
    },
    {
      key: 'chatWebhookUrl',
      label: 'settings.fields.chatWebhookUrl',
      hint: 'settings.hints.chatWebhookUrl',
      path: 'alerts.chatWebhookUrl',
      show: (s) => s.alerts.chatWebhookUrl,
      apply: (s, v) => ({ ...s, alerts: { ...s.alerts, chatWebhookUrl: v.trim() } }),
    },
  ],
  timing: [
    {
      key: 'samplingRate',
      label: 'settings.fields.samplingRate',
      hint: 'settings.hints.samplingRate',
      path: 'rules.samplingRate',
      numeric: true,
      show: (s) => String(Math.round(s.rules.samplingRate * 1000) / 10),
      apply: (s, v) => rules(s, { samplingRate: parseNumber(v) / 100 }),
    },
    {
      key: 'throttleDays',
      label: 'settings.fields.throttleDays',
      hint: 'settings.hints.throttleDays',
      path: 'rules.throttleDays',
      numeric: true,
      show: (s) => String(s.rules.throttleDays),
      apply: (s, v) => rules(s, { throttleDays: parseNumber(v) }),
    },
    {
      key: 'quietPeriodSeconds',
      label: 'settings.fields.quietPeriodSeconds',
      hint: 'settings.hints.quietPeriodSeconds',
      path: 'quietPeriodSeconds',
      numeric: true,
      show: (s) => String(s.quietPeriodSeconds),
      apply: (s, v) => ({ ...s, quietPeriodSeconds: parseNumber(v) }),
    },
    {
      key: 'answerWindowDays',
      label: 'settings.fields.answerWindowDays',
      hint: 'settings.hints.answerWindowDays',
      path: 'answerWindowDays',
      numeric: true,
      show: (s) => String(s.answerWindowDays),
      apply: (s, v) => ({ ...s, answerWindowDays: parseNumber(v) }),
    },
    {
      key: 'zendeskRequestsPerMinute',
      label: 'settings.fields.zendeskRequestsPerMinute',
      hint: 'settings.hints.zendeskRequestsPerMinute',
      path: 'zendeskRequestsPerMinute',
      numeric: true,
      // Empty: the service's default budget (ZENDESK_REQUESTS_PER_MINUTE).
      show: (s) => (s.zendeskRequestsPerMinute === null ? '' : String(s.zendeskRequestsPerMinute)),
      apply: (s, v) => ({
        ...s,
        zendeskRequestsPerMinute: v.trim() === '' ? null : parseNumber(v),
      }),
    },
    {
      key: 'commentRetentionDays',
      label: 'settings.fields.commentRetentionDays',
      hint: 'settings.hints.commentRetentionDays',
      path: 'commentRetentionDays',
      numeric: true,
      // Empty: comments are kept (no retention period).
      show: (s) => (s.commentRetentionDays === null ? '' : String(s.commentRetentionDays)),
      apply: (s, v) => ({
        ...s,
        commentRetentionDays: v.trim() === '' ? null : parseNumber(v),
      }),
    },
  ],
  exclusions: [
    {
      key: 'excludedChannels',
      label: 'settings.fields.excludedChannels',
      hint: 'settings.hints.channels',
      path: 'rules.excludedChannels',
      show: (s) => s.rules.excludedChannels.join(', '),
      apply: (s, v) => rules(s, { excludedChannels: splitList(v) }),
    },
    {
      key: 'excludedTags',
      label: 'settings.fields.excludedTags',
      hint: 'settings.hints.tags',
      path: 'rules.excludedTags',
      show: (s) => s.rules.excludedTags.join(', '),
      apply: (s, v) => rules(s, { excludedTags: splitList(v) }),
    },
  ],
  ranking: [
    {
      key: 'priorWeight',
      label: 'settings.fields.priorWeight',
      hint: 'settings.hints.priorWeight',
      path: 'ranking.priorWeight',
      numeric: true,
      show: (s) => String(s.ranking.priorWeight),
      apply: (s, v) => ranking(s, { priorWeight: parseNumber(v) }),
    },
    {
      key: 'minAnswers',
      label: 'settings.fields.minAnswers',
      hint: 'settings.hints.minAnswers',
      path: 'ranking.minAnswers',
      numeric: true,
      show: (s) => String(s.ranking.minAnswers),
      apply: (s, v) => ranking(s, { minAnswers: parseNumber(v) }),
    },
  ],
};

/** Which settings list holds the reasons of one kind of answer. */
export function driverListKey(kind: DriverKind): 'drivers' | 'easyDrivers' {
  return kind === 'easy' ? 'easyDrivers' : 'drivers';
}

/** Turns a shipped reason on (at the end of the list) or off. */
export function toggleDriver(s: Settings, kind: DriverKind, id: string, on: boolean): Settings {
  const key = driverListKey(kind);
  const rest = s[key].filter((x) => x !== id);
  return { ...s, [key]: on ? [...rest, id] : rest };
}

/**
 * Adds the admin's own reason from its English label. An id taken by the other list gets a
 * suffix: one id is one reason for one kind of answer.
 */
export function addCustomDriver(s: Settings, kind: DriverKind, label: string): Settings {
  const key = driverListKey(kind);
  const base = toDriverId(label);
  if (!base) return s;
  const other = s[driverListKey(kind === 'easy' ? 'hard' : 'easy')];
  const id = other.includes(base) || isShippedDriver(base) ? `${base}_${kind}` : base;
  if (s[key].includes(id)) return s;
  return {
    ...s,
    [key]: [...s[key], id],
    customDriverLabels: { ...s.customDriverLabels, [id]: { en: label.trim() } },
  };
}

export function removeCustomDriver(s: Settings, kind: DriverKind, id: string): Settings {
  const key = driverListKey(kind);
  const labels = { ...s.customDriverLabels };
  delete labels[id];
  return { ...s, [key]: s[key].filter((x) => x !== id), customDriverLabels: labels };
}

/** One language's label of a custom reason; an empty one is dropped (English then shows). */
export function setDriverLabel(s: Settings, id: string, locale: Locale, text: string): Settings {
  const labels = { ...s.customDriverLabels[id] };
  if (text === '' && locale !== 'en') delete labels[locale];
  else labels[locale] = text;
  return { ...s, customDriverLabels: { ...s.customDriverLabels, [id]: labels } };
}
