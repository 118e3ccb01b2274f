/** Settings (scale, question, drivers, rules) and whether Zendesk shows what they say. */
import { z } from 'zod';
import { LOCALES, type Locale } from '../locales.js';
import type { Settings, SettingsProblem } from '../settings.js';
import { int, nullableDateTime, nullableInt, nullableStr, scaleId } from './common.js';
import { errors, route, type Exactly } from './route.js';

/**
 * Texts per language. The wire takes any key, so that a key that is no language of ours gets the
 * 422 that names the field (validateSettings), not a bare 400; the type says what is kept.
 */
const perLocale = z.record(z.string(), z.string()) as unknown as z.ZodType<
  Partial<Record<Locale, string>>
>;

// Nested groups stay open (looseObject): unknown keys are kept for newer versions of the app.
const rules = z.looseObject({
  samplingRate: z.number(),
  throttleDays: int,
  excludedGroupIds: z.array(int),
  excludedBrandIds: z.array(int),
  excludedChannels: z.array(z.string()),
  excludedTags: z.array(z.string()),
  skipWithoutAssignee: z.boolean(),
  resurveyAnswered: z.enum(['never', 'always']),
});
const reminder = z
  .looseObject({ enabled: z.boolean(), afterDays: int })
  .describe('One reminder, N days after the survey email, to customers who did not answer.');
const alerts = z
  .looseObject({
    zendesk: z.boolean(),
    notify: z.enum(['group', 'lead']),
    leadUserId: nullableInt,
    chatWebhookUrl: z.string(),
    chatFormat: z.enum(['slack', 'teams']),
  })
  .describe(
    'High-effort alerts: the Zendesk trigger (on/off, group or lead) and an optional chat incoming webhook.',
  );
const ranking = z.looseObject({ priorWeight: z.number(), minAnswers: int });

const settingsFields = {
  scaleId,
  companyName: z.string(),
  questionOverrides: perLocale,
  drivers: z.array(z.string()),
  easyDrivers: z.array(z.string()),
  customDriverLabels: z.record(z.string(), perLocale),
  rules,
  emailFormat: z.enum(['text', 'html']),
  quietPeriodSeconds: int,
  answerWindowDays: int,
  zendeskRequestsPerMinute: nullableInt,
  commentRetentionDays: nullableInt,
  reminder,
  alerts,
  defaultLocale: z.enum(LOCALES),
  ranking,
};

export const SettingsDocument = z.looseObject(settingsFields).meta({
  id: 'Settings',
  description: 'Scale, question, drivers and rules. Unknown keys are kept for newer versions.',
});

/**
 * A PUT's body: any of the settings; keys left out (also inside rules, reminder, alerts, ranking)
 * keep their current value, so an older app never wipes a newer setting.
 */
export const SettingsChange = z
  .looseObject({
    ...settingsFields,
    rules: rules.partial(),
    reminder: reminder.partial(),
    alerts: alerts.partial(),
    ranking: ranking.partial(),
  })
  .partial();

type Closed<T> = { [K in keyof T as string extends K ? never : K]: Closed<T[K]> };
/**
 * The settings module (src/shared/settings.ts) owns the Settings type, its defaults and its checks;
 * this line stops the build when the document above and that type list different fields.
 */
const settingsMatch: Exactly<Closed<z.output<typeof SettingsDocument>>, Closed<Settings>> = true;
void settingsMatch;

/** GET/PUT /api/v1/settings — PUT answers 422 with problems when invalid. */
export const SettingsResponse = z.object({ settings: SettingsDocument });
export interface SettingsResponse {
  settings: Settings;
}

export const SettingsInvalidResponse = z.object({
  error: z.literal('invalid_settings'),
  problems: z.array(
    z.object({
      path: z.string(),
      messageKey: z.string(),
      vars: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
});
export type SettingsInvalidResponse = z.output<typeof SettingsInvalidResponse>;
const problemsMatch: Exactly<SettingsInvalidResponse['problems'][number], SettingsProblem> = true;
void problemsMatch;

/**
 * GET /api/v1/settings/zendesk — whether Zendesk's email, triggers and reason options show what
 * the settings say. `updating`: a sync is queued or running (`lastError` says why an earlier
 * attempt failed); `failed`: it gave up (retry with POST /api/v1/outbox/:jobId/retry);
 * `drifted`: someone changed pieces in Zendesk, which only Setup's repair puts back.
 */
export const ZendeskSyncStatus = z.object({
  state: z.enum(['up_to_date', 'updating', 'failed', 'drifted', 'setup_needed']),
  jobId: nullableInt,
  attempts: int,
  lastError: nullableStr,
  /** Titles of the pieces edited in Zendesk by someone else. */
  drifted: z.array(z.string()),
  /** When Zendesk was last brought in line with the settings. */
  syncedAt: nullableDateTime,
});
export type ZendeskSyncStatus = z.output<typeof ZendeskSyncStatus>;

export const getSettingsRoute = route({
  method: 'GET',
  url: '/settings',
  tags: ['settings'],
  summary: 'Scale, question, drivers, rules and ranking',
  response: { 200: SettingsResponse, ...errors(401, 403, 503) },
});

export const putSettingsRoute = route({
  method: 'PUT',
  url: '/settings',
  tags: ['settings'],
  summary: 'Replace the settings; 422 lists every problem by field',
  description:
    'Keys left out keep their current value, so an older app never wipes a newer setting.',
  body: SettingsChange,
  response: {
    200: SettingsResponse,
    422: SettingsInvalidResponse,
    ...errors(400, 401, 403, 503),
  },
});

export const zendeskSyncRoute = route({
  method: 'GET',
  url: '/settings/zendesk',
  tags: ['settings'],
  summary: 'Whether Zendesk shows what the settings say (up to date, updating, failed, ...)',
  response: { 200: ZendeskSyncStatus, ...errors(401, 403, 503) },
});

export const SETTINGS_ROUTES = [getSettingsRoute, putSettingsRoute, zendeskSyncRoute] as const;
