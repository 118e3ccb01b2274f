import { DEFAULT_SCALE_ID, isScaleId, type ScaleId } from './scales.js';
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
}

export interface Settings {
  scaleId: ScaleId;
  /** Shown in the question: "{company} made it easy for me to handle my issue." */
  companyName: string;
  /** Per-locale overrides of the question; empty means the catalog's wording. */
  questionOverrides: Partial<Record<Locale, string>>;
  /** Driver ids offered in the follow-up, in order; custom ones carry their own labels. */
  drivers: string[];
  customDriverLabels: Record<string, Partial<Record<Locale, string>>>;
  rules: Rules;
  /** Seconds after the last change before an answer is written to the ticket. */
  quietPeriodSeconds: number;
  /** Days a customer may answer or change the answer after the survey is created. */
  answerWindowDays: number;
  /** The account's language: used when the requester's is not shipped. */
  defaultLocale: Locale;
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
  customDriverLabels: {},
  rules: {
    samplingRate: 1,
    throttleDays: 0,
    excludedGroupIds: [],
    excludedBrandIds: [],
    excludedChannels: [],
    excludedTags: ['ces_skip'],
    skipWithoutAssignee: true,
  },
  quietPeriodSeconds: 120,
  answerWindowDays: 7,
  defaultLocale: 'en',
  ranking: { priorWeight: 10, minAnswers: 5 },
};

export const MAX_COMMENT_LENGTH = 2000;
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
  if (
    !isStringList(s.drivers) ||
    s.drivers.length < 1 ||
    s.drivers.length > MAX_DRIVERS ||
    new Set(s.drivers).size !== s.drivers.length
  ) {
    problems.push({
      path: 'drivers',
      messageKey: 'settings.errors.drivers',
      vars: { max: MAX_DRIVERS },
    });
  } else {
    for (const d of s.drivers) {
      if (!(DEFAULT_DRIVERS as readonly string[]).includes(d) && !s.customDriverLabels?.[d]?.en) {
        problems.push({
          path: `customDriverLabels.${d}`,
          messageKey: 'settings.errors.driverLabel',
        });
      }
    }
  }
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
  range('quietPeriodSeconds', s.quietPeriodSeconds, 0, 86_400);
  range('answerWindowDays', s.answerWindowDays, 1, 90);
  if (!(LOCALES as readonly string[]).includes(s.defaultLocale))
    problems.push({ path: 'defaultLocale', messageKey: 'settings.errors.locale' });
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
    ranking: { ...DEFAULT_SETTINGS.ranking, ...(stored?.ranking ?? {}) },
  };
}
