// Over 400 lines because it is the form's one table: an entry per field, in the order shown.
/**
 * The settings form as data: every field's kind, catalog keys, the settings path its validation
 * problems carry, and how it reads and changes the draft. SettingsForm renders this table.
 */
import { LOCALES } from '../../shared/locales.js';
import { SCALES, type ScaleId } from '../../shared/scales.js';
import type { Settings, SettingsProblem } from '../../shared/settings.js';
import { inPercent, parseNumber, splitList } from './settings-form.js';

interface FieldBase {
  key: string;
  /** Catalog keys of the field's label and hint. */
  label: string;
  hint?: string;
  /** The settings path its validation problems carry. */
  path: string;
}

/** Typed text, kept as typed beside the draft and parsed into it on every change. */
export interface TextFieldSpec extends FieldBase {
  kind: 'text';
  numeric?: boolean;
  show: (s: Settings) => string;
  apply: (s: Settings, text: string) => Settings;
  /** How its problem is worded when the field is typed in other units than stored. */
  problem?: (p: SettingsProblem) => SettingsProblem;
}

/** One of a fixed list; an option reads as a catalog key, a language's name, or a brand name. */
export interface SelectFieldSpec extends FieldBase {
  kind: 'select';
  options: readonly string[];
  optionLabel: { key: (option: string) => string } | 'language' | { name: Record<string, string> };
  get: (s: Settings) => string;
  set: (s: Settings, option: string) => Settings;
}

export interface ToggleFieldSpec extends FieldBase {
  kind: 'toggle';
  get: (s: Settings) => boolean;
  set: (s: Settings, on: boolean) => Settings;
}

/** Zendesk groups or brands picked by name; the settings keep their ids. */
export interface PickerFieldSpec extends FieldBase {
  kind: 'picker';
  list: 'groups' | 'brands';
  /** Catalog key naming an id Zendesk no longer lists. */
  unknown: string;
  get: (s: Settings) => readonly number[];
  set: (s: Settings, ids: number[]) => Settings;
}

export type FieldSpec = TextFieldSpec | SelectFieldSpec | ToggleFieldSpec | PickerFieldSpec;

/** Parts that are more than one value: questions per language, the reasons, the previews. */
export type CustomPart = 'questions' | 'drivers' | 'reminderPreview' | 'alertPreview';

/** A section's rows: one field, fields side by side, or a part of its own. */
export type Row = FieldSpec | { grid: FieldSpec[] } | { part: CustomPart };

export interface SectionSpec {
  id: string;
  title: string;
  rows: Row[];
}

/** A select whose options are typed: a value outside them never reaches the draft. */
function select<V extends string>(
  spec: Omit<SelectFieldSpec, 'kind' | 'options' | 'get' | 'set'> & {
    options: readonly V[];
    get: (s: Settings) => V;
    set: (s: Settings, option: V) => Settings;
  },
): SelectFieldSpec {
  const { options, set } = spec;
  return {
    ...spec,
    kind: 'select',
    set: (s, option) => {
      const chosen = options.find((o) => o === option);
      return chosen === undefined ? s : set(s, chosen);
    },
  };
}

/** Empty means "none" (the service's default) for optional numbers. */
const optionalNumber = (v: string): number | null => (v.trim() === '' ? null : parseNumber(v));
const numberText = (n: number | null): string => (n === null ? '' : String(n));
const rules = (s: Settings, patch: Partial<Settings['rules']>): Settings => ({
  ...s,
  rules: { ...s.rules, ...patch },
});
const ranking = (s: Settings, patch: Partial<Settings['ranking']>): Settings => ({
  ...s,
  ranking: { ...s.ranking, ...patch },
});
const alerts = (s: Settings, patch: Partial<Settings['alerts']>): Settings => ({
  ...s,
  alerts: { ...s.alerts, ...patch },
});

/** The whole form, section by section, in the order it is shown. */
export const SETTINGS_SECTIONS: readonly SectionSpec[] = [
  {
    id: 'ces-settings-question',
    title: 'settings.sections.question',
    rows: [
      {
        grid: [
          select({
            key: 'scaleId',
            label: 'settings.fields.scale',
            path: 'scaleId',
            options: Object.keys(SCALES) as ScaleId[],
            optionLabel: { key: (id) => `settings.scales.${id}` },
            get: (s) => s.scaleId,
            set: (s, scaleId) => ({ ...s, scaleId }),
          }),
          {
            kind: 'text',
            key: 'companyName',
            label: 'settings.fields.companyName',
            hint: 'settings.hints.companyName',
            path: 'companyName',
            show: (s) => s.companyName,
            apply: (s, companyName) => ({ ...s, companyName }),
          },
          select({
            key: 'defaultLocale',
            label: 'settings.fields.defaultLocale',
            path: 'defaultLocale',
            options: LOCALES,
            optionLabel: 'language',
            get: (s) => s.defaultLocale,
            set: (s, defaultLocale) => ({ ...s, defaultLocale }),
          }),
          select({
            key: 'emailFormat',
            label: 'settings.fields.emailFormat',
            hint: 'settings.hints.emailFormat',
            path: 'emailFormat',
            options: ['text', 'html'] as const,
            optionLabel: { key: (format) => `settings.emailFormats.${format}` },
            get: (s) => s.emailFormat,
            set: (s, emailFormat) => ({ ...s, emailFormat }),
          }),
        ],
      },
      { part: 'questions' },
    ],
  },
  { id: 'ces-settings-drivers', title: 'settings.sections.drivers', rows: [{ part: 'drivers' }] },
  {
    id: 'ces-settings-rules',
    title: 'settings.sections.rules',
    rows: [
      {
        grid: [
          {
            kind: 'text',
            key: 'samplingRate',
            label: 'settings.fields.samplingRate',
            hint: 'settings.hints.samplingRate',
            path: 'rules.samplingRate',
            numeric: true,
            // Stored as 0..1, typed in percent: its limits are said in percent too.
            show: (s) => String(Math.round(s.rules.samplingRate * 1000) / 10),
            apply: (s, v) => rules(s, { samplingRate: parseNumber(v) / 100 }),
            problem: inPercent,
          },
          {
            kind: 'text',
            key: 'throttleDays',
            label: 'settings.fields.throttleDays',
            hint: 'settings.hints.throttleDays',
            path: 'rules.throttleDays',
            numeric: true,
            show: (s) => String(s.rules.throttleDays),
            apply: (s, v) => rules(s, { throttleDays: parseNumber(v) }),
          },
          {
            kind: 'text',
            key: 'quietPeriodSeconds',
            label: 'settings.fields.quietPeriodSeconds',
            hint: 'settings.hints.quietPeriodSeconds',
            path: 'quietPeriodSeconds',
            numeric: true,
            show: (s) => String(s.quietPeriodSeconds),
            apply: (s, v) => ({ ...s, quietPeriodSeconds: parseNumber(v) }),
          },
          {
            kind: 'text',
            key: 'answerWindowDays',
            label: 'settings.fields.answerWindowDays',
            hint: 'settings.hints.answerWindowDays',
            path: 'answerWindowDays',
            numeric: true,
            show: (s) => String(s.answerWindowDays),
            apply: (s, v) => ({ ...s, answerWindowDays: parseNumber(v) }),
          },
          {
            kind: 'text',
            key: 'zendeskRequestsPerMinute',
            label: 'settings.fields.zendeskRequestsPerMinute',
            hint: 'settings.hints.zendeskRequestsPerMinute',
            path: 'zendeskRequestsPerMinute',
            numeric: true,
            // Empty: the service's default budget (ZENDESK_REQUESTS_PER_MINUTE).
            show: (s) => numberText(s.zendeskRequestsPerMinute),
            apply: (s, v) => ({ ...s, zendeskRequestsPerMinute: optionalNumber(v) }),
          },
          {
            kind: 'text',
            key: 'commentRetentionDays',
            label: 'settings.fields.commentRetentionDays',
            hint: 'settings.hints.commentRetentionDays',
            path: 'commentRetentionDays',
            numeric: true,
            // Empty: comments are kept (no retention period).
            show: (s) => numberText(s.commentRetentionDays),
            apply: (s, v) => ({ ...s, commentRetentionDays: optionalNumber(v) }),
          },
        ],
      },
      {
        grid: [
          {
            kind: 'picker',
            key: 'excludedGroupIds',
            label: 'settings.fields.excludedGroupIds',
            hint: 'settings.exclusions.groupsHint',
            path: 'rules.excludedGroupIds',
            list: 'groups',
            unknown: 'common.names.groupUnknown',
            get: (s) => s.rules.excludedGroupIds,
            set: (s, excludedGroupIds) => rules(s, { excludedGroupIds }),
          },
          {
            kind: 'picker',
            key: 'excludedBrandIds',
            label: 'settings.fields.excludedBrandIds',
            hint: 'settings.exclusions.brandsHint',
            path: 'rules.excludedBrandIds',
            list: 'brands',
            unknown: 'settings.exclusions.brandUnknown',
            get: (s) => s.rules.excludedBrandIds,
            set: (s, excludedBrandIds) => rules(s, { excludedBrandIds }),
          },
        ],
      },
      {
        grid: [
          {
            kind: 'text',
            key: 'excludedChannels',
            label: 'settings.fields.excludedChannels',
            hint: 'settings.hints.channels',
            path: 'rules.excludedChannels',
            show: (s) => s.rules.excludedChannels.join(', '),
            apply: (s, v) => rules(s, { excludedChannels: splitList(v) }),
          },
          {
            kind: 'text',
            key: 'excludedTags',
            label: 'settings.fields.excludedTags',
            hint: 'settings.hints.tags',
            path: 'rules.excludedTags',
            show: (s) => s.rules.excludedTags.join(', '),
            apply: (s, v) => rules(s, { excludedTags: splitList(v) }),
          },
        ],
      },
      {
        kind: 'toggle',
        key: 'skipWithoutAssignee',
        label: 'settings.fields.skipWithoutAssignee',
        path: 'rules.skipWithoutAssignee',
        get: (s) => s.rules.skipWithoutAssignee,
        set: (s, skipWithoutAssignee) => rules(s, { skipWithoutAssignee }),
      },
      select({
        key: 'resurveyAnswered',
        label: 'settings.fields.resurveyAnswered',
        path: 'rules.resurveyAnswered',
        options: ['never', 'always'] as const,
        optionLabel: { key: (choice) => `settings.resurvey.${choice}` },
        get: (s) => s.rules.resurveyAnswered,
        set: (s, resurveyAnswered) => rules(s, { resurveyAnswered }),
      }),
    ],
  },
  {
    id: 'ces-settings-reminder',
    title: 'settings.sections.reminder',
    rows: [
      {
        kind: 'toggle',
        key: 'reminderEnabled',
        label: 'settings.fields.reminderEnabled',
        hint: 'settings.hints.reminder',
        path: 'reminder.enabled',
        get: (s) => s.reminder.enabled,
        set: (s, enabled) => ({ ...s, reminder: { ...s.reminder, enabled } }),
      },
      {
        grid: [
          {
            kind: 'text',
            key: 'reminderAfterDays',
            label: 'settings.fields.reminderAfterDays',
            hint: 'settings.hints.reminderAfterDays',
            path: 'reminder.afterDays',
            numeric: true,
            show: (s) => String(s.reminder.afterDays),
            apply: (s, v) => ({ ...s, reminder: { ...s.reminder, afterDays: parseNumber(v) } }),
          },
        ],
      },
      { part: 'reminderPreview' },
    ],
  },
  {
    id: 'ces-settings-alerts',
    title: 'settings.sections.alerts',
    rows: [
      {
        kind: 'toggle',
        key: 'alertsZendesk',
        label: 'settings.fields.alertsZendesk',
        path: 'alerts.zendesk',
        get: (s) => s.alerts.zendesk,
        set: (s, zendesk) => alerts(s, { zendesk }),
      },
      {
        grid: [
          select({
            key: 'alertsNotify',
            label: 'settings.fields.alertsNotify',
            path: 'alerts.notify',
            options: ['group', 'lead'] as const,
            optionLabel: { key: (choice) => `settings.alertNotify.${choice}` },
            get: (s) => s.alerts.notify,
            set: (s, notify) => alerts(s, { notify }),
          }),
          select({
            key: 'chatFormat',
            label: 'settings.fields.chatFormat',
            path: 'alerts.chatFormat',
            options: ['slack', 'teams'] as const,
            // Product names: the same in every language.
            optionLabel: { name: { slack: 'Slack', teams: 'Microsoft Teams' } },
            get: (s) => s.alerts.chatFormat,
            set: (s, chatFormat) => alerts(s, { chatFormat }),
          }),
        ],
      },
      {
        grid: [
          {
            kind: 'text',
            key: 'leadUserId',
            label: 'settings.fields.leadUserId',
            hint: 'settings.hints.leadUserId',
            path: 'alerts.leadUserId',
            numeric: true,
            show: (s) => numberText(s.alerts.leadUserId),
            apply: (s, v) => alerts(s, { leadUserId: optionalNumber(v) }),
          },
          {
            kind: 'text',
            key: 'chatWebhookUrl',
            label: 'settings.fields.chatWebhookUrl',
            hint: 'settings.hints.chatWebhookUrl',
            path: 'alerts.chatWebhookUrl',
            show: (s) => s.alerts.chatWebhookUrl,
            apply: (s, v) => alerts(s, { chatWebhookUrl: v.trim() }),
          },
        ],
      },
      { part: 'alertPreview' },
    ],
  },
  {
    id: 'ces-settings-ranking',
    title: 'settings.sections.ranking',
    rows: [
      {
        grid: [
          {
            kind: 'text',
            key: 'priorWeight',
            label: 'settings.fields.priorWeight',
            hint: 'settings.hints.priorWeight',
            path: 'ranking.priorWeight',
            numeric: true,
            show: (s) => String(s.ranking.priorWeight),
            apply: (s, v) => ranking(s, { priorWeight: parseNumber(v) }),
          },
          {
            kind: 'text',
            key: 'minAnswers',
            label: 'settings.fields.minAnswers',
            hint: 'settings.hints.minAnswers',
            path: 'ranking.minAnswers',
            numeric: true,
            show: (s) => String(s.ranking.minAnswers),
            apply: (s, v) => ranking(s, { minAnswers: parseNumber(v) }),
          },
        ],
      },
    ],
  },
];

/** The fields of a row, whatever its shape. */
export function rowFields(row: Row): FieldSpec[] {
  if ('grid' in row) return row.grid;
  if ('part' in row) return [];
  return [row];
}

/** Every typed-text field of the form, in order: their text is kept as the admin typed it. */
export const TEXT_FIELDS: readonly TextFieldSpec[] = SETTINGS_SECTIONS.flatMap((section) =>
  section.rows.flatMap(rowFields),
).filter((f): f is TextFieldSpec => f.kind === 'text');
