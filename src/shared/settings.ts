import { DEFAULT_SCALE_ID, isEasy, isScaleId, type Scale, type ScaleId } from './scales.js';
import { LOCALES, type Locale } from './locales.js';

/** Gartner's effort drivers; labels live in the catalogs under `drivers.<id>`. */
export const DEFAULT_DRIVERS = [
  'contacted_more_than_once',
  'transferred',
  'repeated_information',
  'took_too_long',
  'answer_unclear',
  'self_service_failed',
  'other',
] as const;

/** The same drivers seen from the easy side, asked after an easy answer; labels under `drivers.<id>`. */
export const DEFAULT_EASY_DRIVERS = [
  'one_contact',
  'no_transfer',
  'no_repeating',
  'quick',
  'clear_answer',
  'self_service_worked',
  'other_easy',
] as const;

/** Which list an answer is asked its reason from: easy answers, or difficult and neutral ones. */
export type DriverKind = 'easy' | 'hard';

export function driverKindOf(scale: Scale, score: number): DriverKind {
  return isEasy(scale, score) ? 'easy' : 'hard';
}

/** The reasons offered for an answer of this kind, in order. */
export function driversFor(
  settings: Pick<Settings, 'drivers' | 'easyDrivers'>,
  kind: DriverKind,
): readonly string[] {
  return kind === 'easy' ? settings.easyDrivers : settings.drivers;
}

/** A shipped driver id (labelled by the catalogs); any other id needs the admin's labels. */
export function isShippedDriver(id: string): boolean {
  return (
    (DEFAULT_DRIVERS as readonly string[]).includes(id) ||
    (DEFAULT_EASY_DRIVERS as readonly string[]).includes(id)
  );
}

/** Budget per minute when neither settings nor ZENDESK_REQUESTS_PER_MINUTE name one: half of Team's 200. */
export const DEFAULT_REQUESTS_PER_MINUTE = 100;
/** The highest budget accepted: above every plan's account limit. */
export const MAX_REQUESTS_PER_MINUTE = 100_000;
/** Zendesk's account-wide API limits per minute, by plan ("Rate limits"), shown beside the setting. */
export const ZENDESK_PLAN_LIMITS = {
  team: 200,
  growth: 400,
  professional: 400,
  enterprise: 700,
  highVolume: 2500,
} as const;

export interface Rules {
  /** Share of eligible solves that get a survey, 0..1. */
  samplingRate: number;
  /** A requester surveyed in the last N days is not surveyed again (0 = no throttle). */
  throttleDays: number;
  excludedGroupIds: number[];
  excludedBrandIds: number[];
  excludedChannels: string[];
  excludedTags: string[];
  skipWithoutAssignee: boolean;
  /** A ticket solved again after its survey was answered gets a new survey: 'never' (default) or 'always'. */
  resurveyAnswered: 'never' | 'always';
}

export interface Settings {
  scaleId: ScaleId;
  /** Shown in the question: "{company} made it easy for me to handle my issue." */
  companyName: string;
  /** Per-locale overrides of the question; empty means the catalog's wording. */
  questionOverrides: Partial<Record<Locale, string>>;
  /** What made it hard: driver ids offered after a difficult or neutral answer, in order. */
  drivers: string[];
  /** What made it easy: driver ids offered after an easy answer, in order (may be empty). */
  easyDrivers: string[];
  /** Labels of the admin's own drivers per language; English is required (the fallback). */
  customDriverLabels: Record<string, Partial<Record<Locale, string>>>;
  rules: Rules;
  /**
   * The survey email: 'html' (default; a row of score buttons, localized with Liquid, no dynamic
   * content in the body) or 'text' (one link per point, localized with dynamic content).
   */
  emailFormat: 'text' | 'html';
  /** Seconds after the last change before an answer is written to the ticket. */
  quietPeriodSeconds: number;
  /** Days a customer may answer or change the answer after the survey is created. */
  answerWindowDays: number;
  /** The account's language: used when the requester's is not shipped. */
  defaultLocale: Locale;
  /**
   * Zendesk API requests per minute the service may use, all workers and replicas together; null:
   * the service's default (ZENDESK_REQUESTS_PER_MINUTE, else 100). Zendesk's limit is per account
   * and shared with the customer's other integrations.
   */
  zendeskRequestsPerMinute: number | null;
  /**
   * Days a customer's comment is kept, counted from when it was last written; after that the
   * service erases it (the score and reason stay). null: kept (the default). docs/data-protection.md.
   */
  commentRetentionDays: number | null;
  /** One reminder to customers who have not answered (never after an answer, close or supersede). */
  reminder: {
    enabled: boolean;
    /** Days after the survey email; must be within the answer window. */
    afterDays: number;
  };
  /** Telling someone about a difficult answer, after the quiet period (one alert per answer). */
  alerts: {
    /** The setup-managed Zendesk trigger that emails the ticket's group (or the lead) is active. */
    zendesk: boolean;
    /** Who that email goes to: the ticket's group, or one lead (a Zendesk user id). */
    notify: 'group' | 'lead';
    leadUserId: number | null;
    /** An incoming-webhook address (Slack or Microsoft Teams); empty: no chat message. */
    chatWebhookUrl: string;
    chatFormat: 'slack' | 'teams';
  };
  ranking: {
    /** Pseudo-answers at the team mean added to each agent's answers (C). */
    priorWeight: number;
    /** Agents with fewer answers are shown but not ranked. */
    minAnswers: number;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  scaleId: DEFAULT_SCALE_ID,
  companyName: 'We',
  questionOverrides: {},
  drivers: [...DEFAULT_DRIVERS],
  easyDrivers: [...DEFAULT_EASY_DRIVERS],
  customDriverLabels: {},
  rules: {
    samplingRate: 1,
    throttleDays: 0,
    excludedGroupIds: [],
    excludedBrandIds: [],
    excludedChannels: [],
    excludedTags: ['ces_skip'],
    skipWithoutAssignee: true,
    resurveyAnswered: 'never',
  },
  emailFormat: 'html',
  quietPeriodSeconds: 120,
  answerWindowDays: 7,
  defaultLocale: 'en',
  zendeskRequestsPerMinute: null,
  commentRetentionDays: null,
  reminder: { enabled: true, afterDays: 3 },
  alerts: {
    zendesk: true,
    notify: 'group',
    leadUserId: null,
    chatWebhookUrl: '',
    chatFormat: 'slack',
  },
  ranking: { priorWeight: 10, minAnswers: 5 },
};

export const MAX_COMMENT_LENGTH = 2000;
/** The longest comment retention period accepted: ten years. */
export const MAX_COMMENT_RETENTION_DAYS = 3650;
export const MAX_DRIVERS = 12;

/** A problem with one field of a settings document, for a validation message next to it. */
export interface SettingsProblem {
  path: string;
  /** Catalog key of the message, e.g. `settings.errors.range`. */
  messageKey: string;
  vars?: Record<string, string | number>;
}

function isIdList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x) && x > 0);
}
function isStringList(v: unknown): v is string[] {
  return (
    Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '' && x.length <= 100)
  );
}
function inRange(v: unknown, min: number, max: number, integer = true): v is number {
  return (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    v >= min &&
    v <= max &&
    (!integer || Number.isInteger(v))
  );
}

/** A driver list: unique ids, within its size, every custom id labelled at least in English. */
function driverListProblems(
  s: Settings,
  key: 'drivers' | 'easyDrivers',
  min: number,
  problems: SettingsProblem[],
): void {
  const messageKey = key === 'drivers' ? 'settings.errors.drivers' : 'settings.errors.easyDrivers';
  const list: unknown = s[key];
  if (
    !isStringList(list) ||
    list.length < min ||
    list.length > MAX_DRIVERS ||
    new Set(list).size !== list.length
  ) {
    problems.push({ path: key, messageKey, vars: { max: MAX_DRIVERS } });
    return;
  }
  for (const d of list) {
    if (isShippedDriver(d)) continue;
    const labels = s.customDriverLabels?.[d];
    if (!labels?.en?.trim()) {
      problems.push({ path: `customDriverLabels.${d}`, messageKey: 'settings.errors.driverLabel' });
    } else if (Object.values(labels).some((l) => typeof l !== 'string' || l.length > 100)) {
      problems.push({
        path: `customDriverLabels.${d}`,
        messageKey: 'settings.errors.length',
        vars: { min: 1, max: 100 },
      });
    }
  }
}

/**
 * `{{` or `}}` in text customers see: Zendesk renders such text as a placeholder wherever it goes
 * into an email or trigger, and a proxy may fill in `{{setting.*}}`: it is refused, not escaped.
 */
const PLACEHOLDER_MARK = /\{\{|\}\}/;

function placeholderProblems(s: Settings): SettingsProblem[] {
  const texts: [string, unknown][] = [['companyName', s.companyName]];
  for (const [loc, q] of Object.entries(s.questionOverrides ?? {})) {
    if ((LOCALES as readonly string[]).includes(loc)) texts.push([`questionOverrides.${loc}`, q]);
  }
  // The form shows a driver's problems under its English label, whichever language holds them.
  for (const [driver, labels] of Object.entries(s.customDriverLabels ?? {})) {
    if (typeof labels !== 'object' || labels === null) continue;
    for (const label of Object.values(labels)) texts.push([`customDriverLabels.${driver}`, label]);
  }
  const paths = texts
    .filter(([, text]) => typeof text === 'string' && PLACEHOLDER_MARK.test(text))
    .map(([path]) => path);
  return [...new Set(paths)].map((path) => ({ path, messageKey: 'settings.errors.placeholder' }));
}

/** Empty (no chat message), or an https address (http only for a local receiver). */
export function isWebhookUrl(value: string): boolean {
  if (value === '') return true;
  if (value.length > 500) return false;
  try {
    const url = new URL(value);
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local);
  } catch {
    return false;
  }
}

/** Checks a whole settings document; returns every problem found (empty when valid). */
export function validateSettings(s: Settings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const range = (path: string, v: unknown, min: number, max: number, integer = true) => {
    if (!inRange(v, min, max, integer))
      problems.push({ path, messageKey: 'settings.errors.range', vars: { min, max } });
  };
  if (!isScaleId(s.scaleId))
    problems.push({ path: 'scaleId', messageKey: 'settings.errors.scale' });
  if (
    typeof s.companyName !== 'string' ||
    s.companyName.trim() === '' ||
    s.companyName.length > 80
  ) {
    problems.push({
      path: 'companyName',
      messageKey: 'settings.errors.length',
      vars: { min: 1, max: 80 },
    });
  }
  for (const [loc, q] of Object.entries(s.questionOverrides ?? {})) {
    // A key that is no language of ours came from the request alone: it is not repeated.
    if (!(LOCALES as readonly string[]).includes(loc))
      problems.push({ path: 'questionOverrides', messageKey: 'settings.errors.locale' });
    else if (typeof q !== 'string' || q.length > 300)
      problems.push({
        path: `questionOverrides.${loc}`,
        messageKey: 'settings.errors.length',
        vars: { min: 0, max: 300 },
      });
  }
  driverListProblems(s, 'drivers', 1, problems);
  driverListProblems(s, 'easyDrivers', 0, problems);
  problems.push(...placeholderProblems(s));
  const r = s.rules;
  range('rules.samplingRate', r?.samplingRate, 0, 1, false);
  range('rules.throttleDays', r?.throttleDays, 0, 365);
  if (!isIdList(r?.excludedGroupIds))
    problems.push({ path: 'rules.excludedGroupIds', messageKey: 'settings.errors.ids' });
  if (!isIdList(r?.excludedBrandIds))
    problems.push({ path: 'rules.excludedBrandIds', messageKey: 'settings.errors.ids' });
  if (!isStringList(r?.excludedChannels))
    problems.push({ path: 'rules.excludedChannels', messageKey: 'settings.errors.list' });
  if (!isStringList(r?.excludedTags))
    problems.push({ path: 'rules.excludedTags', messageKey: 'settings.errors.list' });
  if (typeof r?.skipWithoutAssignee !== 'boolean')
    problems.push({ path: 'rules.skipWithoutAssignee', messageKey: 'settings.errors.boolean' });
  if (r?.resurveyAnswered !== 'never' && r?.resurveyAnswered !== 'always')
    problems.push({ path: 'rules.resurveyAnswered', messageKey: 'settings.errors.choice' });
  if (s.emailFormat !== 'text' && s.emailFormat !== 'html')
    problems.push({ path: 'emailFormat', messageKey: 'settings.errors.choice' });
  range('quietPeriodSeconds', s.quietPeriodSeconds, 0, 86_400);
  range('answerWindowDays', s.answerWindowDays, 1, 90);
  if (!(LOCALES as readonly string[]).includes(s.defaultLocale))
    problems.push({ path: 'defaultLocale', messageKey: 'settings.errors.locale' });
  if (s.zendeskRequestsPerMinute !== null && s.zendeskRequestsPerMinute !== undefined)
    range('zendeskRequestsPerMinute', s.zendeskRequestsPerMinute, 1, MAX_REQUESTS_PER_MINUTE);
  if (s.commentRetentionDays !== null && s.commentRetentionDays !== undefined)
    range('commentRetentionDays', s.commentRetentionDays, 1, MAX_COMMENT_RETENTION_DAYS);
  if (typeof s.reminder?.enabled !== 'boolean')
    problems.push({ path: 'reminder.enabled', messageKey: 'settings.errors.boolean' });
  range('reminder.afterDays', s.reminder?.afterDays, 1, 30);
  // A reminder on or after the day the survey closes could never be answered.
  if (
    s.reminder?.enabled === true &&
    inRange(s.reminder.afterDays, 1, 30) &&
    inRange(s.answerWindowDays, 1, 90) &&
    s.reminder.afterDays >= s.answerWindowDays
  ) {
    problems.push({
      path: 'reminder.afterDays',
      messageKey: 'settings.errors.reminderWindow',
      vars: { max: s.answerWindowDays - 1 },
    });
  }
  const a = s.alerts;
  if (typeof a?.zendesk !== 'boolean')
    problems.push({ path: 'alerts.zendesk', messageKey: 'settings.errors.boolean' });
  if (a?.notify !== 'group' && a?.notify !== 'lead')
    problems.push({ path: 'alerts.notify', messageKey: 'settings.errors.choice' });
  if (
    (a?.leadUserId !== null && !isIdList([a?.leadUserId])) ||
    (a?.notify === 'lead' && a.leadUserId === null)
  )
    problems.push({ path: 'alerts.leadUserId', messageKey: 'settings.errors.ids' });
  if (a?.chatFormat !== 'slack' && a?.chatFormat !== 'teams')
    problems.push({ path: 'alerts.chatFormat', messageKey: 'settings.errors.choice' });
  if (typeof a?.chatWebhookUrl !== 'string' || !isWebhookUrl(a.chatWebhookUrl))
    problems.push({ path: 'alerts.chatWebhookUrl', messageKey: 'settings.errors.webhookUrl' });
  range('ranking.priorWeight', s.ranking?.priorWeight, 0, 1000);
  range('ranking.minAnswers', s.ranking?.minAnswers, 1, 1000);
  return problems;
}

/** Stored settings merged over the defaults, so a new setting never reads as undefined. */
export function withDefaults(stored: Partial<Settings> | null | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...(stored ?? {}),
    rules: { ...DEFAULT_SETTINGS.rules, ...(stored?.rules ?? {}) },
    reminder: { ...DEFAULT_SETTINGS.reminder, ...(stored?.reminder ?? {}) },
    alerts: { ...DEFAULT_SETTINGS.alerts, ...(stored?.alerts ?? {}) },
    ranking: { ...DEFAULT_SETTINGS.ranking, ...(stored?.ranking ?? {}) },
  };
}
