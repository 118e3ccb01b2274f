import { createTranslator, type Catalog } from './i18n.js';
import type { Locale } from './locales.js';
import type { Settings } from './settings.js';

/**
 * What a high-effort alert says: the Zendesk trigger's email (placeholders Zendesk fills in from
 * the ticket's CES fields, which the write-back set in the same update that added the tag) and
 * the chat message (filled in by the service). Written in the account's language: agents read it.
 */

type Catalogs = Partial<Record<Locale, Catalog>>;

export interface AlertFieldIds {
  score: number;
  driver: number;
  comment: number;
}

export function alertSubject(settings: Settings, catalogs: Catalogs): string {
  const t = createTranslator(catalogs, settings.defaultLocale);
  return `${t('alert.subject')} #{{ticket.id}}`;
}

/**
 * The trigger's plain-text body. `{{ticket.ticket_field_<id>}}` and
 * `{{ticket.ticket_field_option_title_<id>}}` (the drop-down's option title) and `{{ticket.link}}`
 * are in Zendesk's placeholders reference (support.zendesk.com/hc/en-us/articles/4408886858138).
 */
export function zendeskAlertBody(
  settings: Settings,
  catalogs: Catalogs,
  fields: AlertFieldIds,
): string {
  const t = createTranslator(catalogs, settings.defaultLocale);
  return [
    t('alert.intro'),
    '',
    `${t('alert.score')}: {{ticket.ticket_field_${fields.score}}}`,
    `${t('alert.reason')}: {{ticket.ticket_field_option_title_${fields.driver}}}`,
    `${t('alert.comment')}: {{ticket.ticket_field_${fields.comment}}}`,
    `${t('alert.ticket')}: {{ticket.link}}`,
  ].join('\n');
}

/** One difficult answer, as the chat message tells it. */
export interface AlertContent {
  ticketId: number;
  score: number;
  scaleMax: number;
  /** The reason's label, null when none was given. */
  reason: string | null;
  comment: string | null;
  ticketUrl: string;
  /** Set when this message follows an earlier alert of the same answer. */
  changedFrom: number | null;
}

/** The alert's lines in plain text; customer text is passed as is (each format escapes it). */
export function alertLines(settings: Settings, catalogs: Catalogs, c: AlertContent): string[] {
  const t = createTranslator(catalogs, settings.defaultLocale);
  const none = t('alert.none');
  return [
    c.changedFrom === null
      ? `${t('alert.subject')} #${c.ticketId}`
      : t('alert.changed', { from: c.changedFrom, to: c.score }),
    t('alert.intro'),
    `${t('alert.score')}: ${c.score}/${c.scaleMax}`,
    `${t('alert.reason')}: ${c.reason ?? none}`,
    `${t('alert.comment')}: ${c.comment?.trim() || none}`,
    `${t('alert.ticket')}: ${c.ticketUrl}`,
  ];
}

/** Slack's mrkdwn needs &, < and > escaped (api.slack.com/reference/surfaces/formatting#escaping). */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Teams' text is Markdown-ish; angle brackets and Markdown marks are escaped so customer text stays text. */
function teamsEscape(text: string): string {
  return text.replace(/[\\`*_[\]()#|<>]/g, (c) => `\\${c}`);
}

/**
 * The incoming-webhook payload: Slack's `{ text }` (api.slack.com/messaging/webhooks) or a Teams
 * message card with `text` (learn.microsoft.com, "Create incoming webhooks", MessageCard).
 */
export function chatPayload(
  format: Settings['alerts']['chatFormat'],
  lines: readonly string[],
): Record<string, unknown> {
  if (format === 'slack') return { text: lines.map(slackEscape).join('\n') };
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: lines[0] ?? '',
    text: lines.map(teamsEscape).join('\n\n'),
  };
}
