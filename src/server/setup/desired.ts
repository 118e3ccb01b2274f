/**
 * What CES wants in Zendesk, piece by piece. Long (~430 lines) on purpose: it is the whole shape
 * of the provisioned account in one place, read beside the steps in steps/ that compare against it.
 */
import type { Config } from '../config.js';
import type {
  TicketFieldInput,
  TicketFieldOption,
  TriggerAction,
  TriggerCondition,
  WebhookInput,
} from '../zendesk/index.js';
import { createTranslator } from '../../shared/i18n.js';
import { LOCALES, type Locale } from '../../shared/locales.js';
import { getScale, points } from '../../shared/scales.js';
import type { Settings } from '../../shared/settings.js';
import { alertSubject, zendeskAlertBody, type AlertFieldIds } from '../../shared/alert-texts.js';
import {
  ALERT_SENT_TAG,
  driverOptionValue,
  FOLLOW_UP_TAG,
  HIGH_EFFORT_TAG,
  REMINDER_DUE_TAG,
  REMINDER_SENT_TAG,
  SKIP_TAG,
  SURVEY_READY_TAG,
  SURVEY_SENT_TAG,
} from './definitions.js';
import {
  DC,
  dcPlaceholder,
  emailBody,
  emailTexts,
  languageNames,
  type EmailTexts,
  type LanguageNames,
} from './survey-email.js';
import type { FieldIds } from './zendesk-state.js';
import type { Catalogs } from '../outbox/catalogs.js';

export { DC, dcPlaceholder, emailBody, languageNames, type LanguageNames };

/**
 * What Zendesk should hold for CES, computed from the configuration and the settings. Setup
 * compares these with what Zendesk has; nothing here talks to Zendesk.
 */

export type { Catalogs };
export type FieldKey = keyof FieldIds;

export interface DesiredField {
  key: FieldKey;
  input: TicketFieldInput & { type: string; title: string };
}

/** Agents and Explore read these; customers never see them in the help center. */
const HIDDEN_FROM_CUSTOMERS = { visible_in_portal: false, editable_in_portal: false } as const;

function driverName(settings: Settings, catalogs: Catalogs, driver: string): string {
  const custom = settings.customDriverLabels[driver]?.en;
  if (custom) return custom;
  const t = createTranslator(catalogs, 'en');
  const label = t(`drivers.${driver}`);
  return label === `drivers.${driver}` ? driver : label;
}

/** Every reason a customer can pick: for difficult answers and (when configured) for easy ones. */
export function driverIds(settings: Settings): string[] {
  // An easy answer's reason lands in the same field as a difficult one's.
  return [...new Set([...settings.drivers, ...settings.easyDrivers])];
}

export function driverOptions(
  settings: Settings,
  catalogs: Catalogs,
  ids: readonly string[] = driverIds(settings),
): TicketFieldOption[] {
  return ids.map((d) => ({
    name: driverName(settings, catalogs, d),
    value: driverOptionValue(d),
  }));
}

/**
 * The drop-down's options after an update: the wanted ones (new, or renamed by value) in settings
 * order, then every option Zendesk has that settings no longer name. Zendesk removes an option left
 * out of an update, and with it that value from every ticket, so nothing is ever left out.
 */
export function mergeDriverOptions(
  existing: readonly TicketFieldOption[] | undefined,
  wanted: readonly TicketFieldOption[],
): TicketFieldOption[] {
  const values = new Set(wanted.map((o) => o.value));
  const kept = (existing ?? []).filter((o) => !values.has(o.value));
  return [...wanted, ...kept].map((o) => ({ name: o.name, value: o.value }));
}

/** True when every wanted option is there under its wanted name; extra (retired) options are fine. */
export function hasDriverOptions(
  existing: readonly TicketFieldOption[] | undefined,
  wanted: readonly TicketFieldOption[],
): boolean {
  return wanted.every((w) => existing?.some((o) => o.value === w.value && o.name === w.name));
}

/** What admins and agents read about the link field in Zendesk. */
export const LINK_FIELD_AGENT_DESCRIPTION =
  "Keep this field off every ticket form: it holds the customer's own survey link, and whoever opens it can answer for the customer. Only the CES service and the survey email use it.";

export function desiredFields(settings: Settings, catalogs: Catalogs): DesiredField[] {
  const common = { active: true, required: false, ...HIDDEN_FROM_CUSTOMERS };
  return [
    {
      key: 'link',
      // On no ticket form: where tickets show their form's fields, agents never see the
      // customer's private link (docs/zendesk-endpoints.md, "The survey link field").
      input: {
        type: 'text',
        title: 'CES survey link',
        description:
          "The customer's survey address, set by the CES service; the email links to it.",
        agent_description: LINK_FIELD_AGENT_DESCRIPTION,
        ...common,
      },
    },
    {
      key: 'score',
      // Numeric, so Explore can average and filter it.
      input: {
        type: 'integer',
        title: 'CES score',
        description: "The customer's effort score, on the scale set in the CES app.",
        ...common,
      },
    },
    {
      key: 'driver',
      input: {
        type: 'tagger',
        title: 'CES driver',
        description: 'What the customer said made it easy or hard.',
        custom_field_options: driverOptions(settings, catalogs),
        ...common,
      },
    },
    {
      key: 'comment',
      input: {
        type: 'textarea',
        title: 'CES comment',
        description: "The customer's own words about the effort.",
        ...common,
      },
    },
  ];
}

export const WEBHOOK_NAME = 'CES solve webhook';

export function desiredWebhook(config: Pick<Config, 'publicUrl'>): WebhookInput {
  return {
    name: WEBHOOK_NAME,
    description: 'Tells the Customer Effort Score service that a ticket was solved.',
    status: 'active',
    endpoint: `${config.publicUrl}/webhooks/zendesk`,
    http_method: 'POST',
    request_format: 'json',
    // Webhooks that triggers call subscribe to conditional ticket events.
    subscriptions: ['conditional_ticket_events'],
  };
}

export const USER_EVENTS_WEBHOOK_NAME = 'CES user events webhook';

/**
 * Zendesk's user-deleted event, sent to a webhook subscribed to it
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/): the
 * service erases the deleted user's answers (docs/data-protection.md).
 */
export const USER_DELETED_SUBSCRIPTION = 'zen:event-type:user.deleted';

export function desiredUserEventsWebhook(config: Pick<Config, 'publicUrl'>): WebhookInput {
  return {
    name: USER_EVENTS_WEBHOOK_NAME,
    description:
      "Tells the Customer Effort Score service that a user was deleted, so it erases that requester's answers.",
    status: 'active',
    endpoint: `${config.publicUrl}/webhooks/zendesk/users`,
    http_method: 'POST',
    request_format: 'json',
    // An event webhook: Zendesk sends the event itself, no trigger calls it.
    subscriptions: [USER_DELETED_SUBSCRIPTION],
  };
}

/**
 * The solve webhook's body in Zendesk placeholders; values arrive as strings and an empty string
 * means none. Only placeholders in Zendesk's reference
 * (https://support.zendesk.com/hc/en-us/articles/4408886858138): it lists no id of the requester,
 * assignee, group or brand, nor the requester's locale code or role, so the webhook only says
 * "look at this ticket" and the publish job reads who and what it is from the API
 * (surveys/confirm.ts). `solved_at`: the update that solved the ticket is its last update.
 */
export const SOLVE_WEBHOOK_BODY: Readonly<Record<string, string>> = {
  type: 'ticket_solved',
  ticket_id: '{{ticket.id}}',
  channel: '{{ticket.via}}',
  solved_at: '{{ticket.updated_at_with_timestamp}}',
  satisfaction: '{{satisfaction.current_rating}}',
  tags: '{{ticket.tags}}',
};

export function solveWebhookBody(): string {
  return JSON.stringify(SOLVE_WEBHOOK_BODY, null, 2);
}

/** A dynamic content item: its name (which gives the `{{dc.name}}` placeholder) and text per locale. */
export interface DesiredDynamicContent {
  name: string;
  title: string;
  content: Record<Locale, string>;
}

export function desiredDynamicContent(
  settings: Settings,
  catalogs: Catalogs,
): DesiredDynamicContent[] {
  const scale = getScale(settings.scaleId);
  const texts = Object.fromEntries(
    LOCALES.map((l) => {
      const reminder = emailTexts(settings, catalogs, l, 'reminder');
      const survey = emailTexts(settings, catalogs, l);
      return [l, { ...survey, reminderSubject: reminder.subject, reminderIntro: reminder.intro }];
    }),
  ) as Record<Locale, EmailTexts & { reminderSubject: string; reminderIntro: string }>;
  const perLocale = (text: (t: (typeof texts)[Locale]) => string) =>
    Object.fromEntries(LOCALES.map((l) => [l, text(texts[l])])) as Record<Locale, string>;
  const items: DesiredDynamicContent[] = [
    { name: DC.subject, title: 'CES email subject', content: perLocale((t) => t.subject) },
    { name: DC.intro, title: 'CES email intro', content: perLocale((t) => t.intro) },
    {
      name: DC.question(scale.id),
      title: `CES question (${scale.id})`,
      content: perLocale((t) => t.question),
    },
    {
      name: DC.instruction,
      title: 'CES email instruction',
      content: perLocale((t) => t.instruction),
    },
    { name: DC.outro, title: 'CES email outro', content: perLocale((t) => t.outro) },
    {
      name: DC.reminderSubject,
      title: 'CES reminder subject',
      content: perLocale((t) => t.reminderSubject),
    },
    {
      name: DC.reminderIntro,
      title: 'CES reminder intro',
      content: perLocale((t) => t.reminderIntro),
    },
  ];
  for (const p of points(scale)) {
    items.push({
      name: DC.label(scale.id, p),
      title: `CES label ${p} (${scale.id})`,
      content: perLocale((t) => t.labels[p] ?? String(p)),
    });
  }
  return items;
}

export const TRIGGER_TITLES = {
  solve: 'CES: survey on solve',
  email: 'CES: email survey link',
  reminder: 'CES: email survey reminder',
  alert: 'CES: high effort alert',
  followUp: 'CES: high effort follow-up',
} as const;
export type TriggerKey = keyof typeof TRIGGER_TITLES;

export interface DesiredTrigger {
  key: TriggerKey;
  title: string;
  description: string;
  active: boolean;
  conditions: { all: TriggerCondition[]; any: TriggerCondition[] };
  actions: TriggerAction[];
}

export function desiredTriggers(
  settings: Settings,
  catalogs: Catalogs,
  ids: {
    webhookId: string;
    linkFieldId: number;
    languages: LanguageNames;
    fields?: Partial<AlertFieldIds>;
  },
): DesiredTrigger[] {
  const alertFields = {
    score: ids.fields?.score ?? 0,
    driver: ids.fields?.driver ?? 0,
    comment: ids.fields?.comment ?? 0,
  };
  return [
    {
      key: 'solve',
      title: TRIGGER_TITLES.solve,
      description: 'Tells the CES service that a ticket was solved, so it can send a survey.',
      active: true,
      conditions: {
        all: [
          { field: 'status', operator: 'value', value: 'solved' },
          { field: 'current_tags', operator: 'not_includes', value: SKIP_TAG },
        ],
        any: [],
      },
      actions: [{ field: 'notification_webhook', value: [ids.webhookId, solveWebhookBody()] }],
    },
    {
      key: 'email',
      title: TRIGGER_TITLES.email,
      description:
        'Emails the requester the CES question once the service has put the link on the ticket.',
      active: true,
      conditions: {
        all: [
          { field: 'current_tags', operator: 'includes', value: SURVEY_READY_TAG },
          { field: 'current_tags', operator: 'not_includes', value: SURVEY_SENT_TAG },
        ],
        any: [],
      },
      actions: [
        {
          field: 'notification_user',
          value: [
            'requester_id',
            `${dcPlaceholder(DC.subject)} [#{{ticket.id}}]`,
            emailBody(settings, catalogs, ids.linkFieldId, ids.languages),
          ],
        },
        { field: 'current_tags', value: SURVEY_SENT_TAG },
      ],
    },
    {
      key: 'reminder',
      title: TRIGGER_TITLES.reminder,
      description:
        'Emails the requester the one CES reminder once the service tags the ticket as due (after the days set in the CES app, only when the survey is still unanswered and open).',
      active: true,
      conditions: {
        all: [
          { field: 'current_tags', operator: 'includes', value: REMINDER_DUE_TAG },
          { field: 'current_tags', operator: 'not_includes', value: REMINDER_SENT_TAG },
        ],
        any: [],
      },
      actions: [
        {
          field: 'notification_user',
          value: [
            'requester_id',
            `${dcPlaceholder(DC.reminderSubject)} [#{{ticket.id}}]`,
            emailBody(settings, catalogs, ids.linkFieldId, ids.languages, 'reminder'),
          ],
        },
        { field: 'current_tags', value: REMINDER_SENT_TAG },
      ],
    },
    {
      key: 'alert',
      title: TRIGGER_TITLES.alert,
      description:
        "Emails the ticket's group (or the lead set in the CES app) once when a customer's answer is difficult, with score, reason, comment and the ticket's link. Switch it in the CES app's settings.",
      active: settings.alerts.zendesk,
      conditions: {
        all: [
          { field: 'current_tags', operator: 'includes', value: HIGH_EFFORT_TAG },
          { field: 'current_tags', operator: 'not_includes', value: ALERT_SENT_TAG },
        ],
        any: [],
      },
      actions: [
        {
          // The actions reference: "group_id" is the ticket's group; a number is one user.
          field: settings.alerts.notify === 'lead' ? 'notification_user' : 'notification_group',
          value: [
            settings.alerts.notify === 'lead' ? String(settings.alerts.leadUserId) : 'group_id',
            alertSubject(settings, catalogs),
            zendeskAlertBody(settings, catalogs, alertFields),
          ],
        },
        { field: 'current_tags', value: ALERT_SENT_TAG },
      ],
    },
    {
      key: 'followUp',
      title: TRIGGER_TITLES.followUp,
      description:
        'Example, inactive: reopens tickets with a high-effort answer for a follow-up. Activate it to use it.',
      active: false,
      conditions: {
        all: [
          { field: 'current_tags', operator: 'includes', value: HIGH_EFFORT_TAG },
          { field: 'current_tags', operator: 'not_includes', value: FOLLOW_UP_TAG },
        ],
        any: [],
      },
      actions: [
        { field: 'status', value: 'open' },
        { field: 'current_tags', value: FOLLOW_UP_TAG },
      ],
    },
  ];
}

/**
 * Everything of the settings that Zendesk shows (email texts, triggers, reason options), as one
 * comparable string: saving settings queues a sync to Zendesk exactly when this changes.
 */
export function zendeskView(settings: Settings, catalogs: Catalogs): string {
  return JSON.stringify([
    desiredDynamicContent(settings, catalogs),
    // Every shipped language named by its code: a text change in any language shows.
    desiredTriggers(settings, catalogs, {
      webhookId: '',
      linkFieldId: 0,
      languages: Object.fromEntries(LOCALES.map((l) => [l, [l]])),
    }),
    driverOptions(settings, catalogs),
  ]);
}
