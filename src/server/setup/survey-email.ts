import { createTranslator, type Catalog } from '../../shared/i18n.js';
import { LOCALES, matchLocale, type Locale } from '../../shared/locales.js';
import { getScale, points, type Scale, type ScaleId } from '../../shared/scales.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.js';

/**
 * The survey email that setup puts into the "CES: email survey link" trigger: the button email (a
 * Liquid `case` over the requester's language, the default) or the plain-text email (dynamic
 * content), and the texts both are made of (docs/survey-email.md). Nothing here talks to Zendesk.
 */

/**
 * Dynamic content names. The question and the point labels depend on the scale, so their names
 * carry its id: a scale change creates new items before the email trigger points at them, and an
 * email is rendered wholly on the old scale or wholly on the new one, never half and half.
 */
export const DC = {
  subject: 'ces_email_subject',
  intro: 'ces_email_intro',
  question: (scaleId: ScaleId) => `ces_question_${scaleId}`,
  instruction: 'ces_email_instruction',
  outro: 'ces_email_outro',
  label: (scaleId: ScaleId, point: number) => `ces_label_${scaleId}_${point}`,
  reminderSubject: 'ces_reminder_subject',
  reminderIntro: 'ces_reminder_intro',
} as const;

/** The first email, or the one reminder: the same question and links, its own subject and intro. */
export type EmailKind = 'survey' | 'reminder';

export function dcPlaceholder(name: string): string {
  return `{{dc.${name}}}`;
}

/** The account's Zendesk locales as `GET /api/v2/locales` lists them (only what is read here). */
export interface AccountLocale {
  locale: string;
  name: string;
}

/** The Zendesk language names per shipped locale: `{% when %}` values of the button email. */
export type LanguageNames = Partial<Record<Locale, string[]>>;

/**
 * English names of the shipped languages. `{{ticket.requester.language}}` is "the user's language
 * preference" (placeholders reference); Zendesk's own Liquid example compares it with a native name
 * ('Italiano') and an English one ('Danish'), so each branch accepts both.
 */
const ENGLISH_NAMES: Record<Locale, string> = {
  en: 'English',
  nl: 'Dutch',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  pt: 'Portuguese',
  ro: 'Romanian',
};

/**
 * The names `{{ticket.requester.language}}` may render for each shipped locale: the name of every
 * locale the account has that maps to it (`name` of `GET /api/v2/locales`), then the English name.
 * A shipped locale the account does not have gets no names: no requester can have it.
 */
export function languageNames(locales: readonly AccountLocale[]): LanguageNames {
  const names: LanguageNames = {};
  for (const z of locales) {
    const locale = matchLocale(z.locale);
    if (!locale || z.name.trim() === '') continue;
    (names[locale] ??= []).push(z.name.trim());
  }
  for (const locale of LOCALES) {
    if (names[locale]) names[locale] = [...new Set([...names[locale], ENGLISH_NAMES[locale]])];
  }
  return names;
}

/** What the email says in one language; plain text (escaped where it is written into HTML). */
export interface EmailTexts {
  subject: string;
  intro: string;
  question: string;
  instruction: string;
  outro: string;
  /** Label of every point of the scale. */
  labels: Record<number, string>;
}

/** The email's texts in one language: the admin's question if set, else the catalogs'. */
export function emailTexts(
  settings: Settings,
  catalogs: Partial<Record<Locale, Catalog>>,
  locale: Locale,
  kind: EmailKind = 'survey',
): EmailTexts {
  const scale = getScale(settings.scaleId);
  const t = createTranslator(catalogs, locale);
  return {
    subject: t(kind === 'reminder' ? 'email.reminderSubject' : 'email.subject'),
    intro: t(kind === 'reminder' ? 'email.reminderIntro' : 'email.intro'),
    question:
      settings.questionOverrides[locale]?.trim() ||
      t(scale.questionKey, { company: settings.companyName }),
    instruction: t('email.instruction'),
    outro: t('email.outro'),
    labels: Object.fromEntries(points(scale).map((p) => [p, t(`${scale.labelKey}.${p}`)])),
  };
}

/**
 * Text written into the HTML body: HTML-escaped, and braces as character references, so that no
 * admin or catalog text can open a Liquid output or tag (`{{`, `{%`) in the trigger body.
 */
export function htmlText(text: string): string {
  return text.replace(
    /[&<>"'{}]/g,
    (c) =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#39;',
        '{': '&#123;',
        '}': '&#125;',
      })[c] ?? c,
  );
}

/**
 * Buttons of 44 px (the smallest touch target Apple and Google advise), seven to a 390 px row,
 * wrapping when there are more. Colours that read on a light page, on a dark one and after a mail
 * app inverts them: a tinted button with a border and text in one blue, so no white-on-white if a
 * background is dropped.
 */
const EMAIL_STYLE = {
  brand: 'margin:0 0 16px;font-size:16px;font-weight:bold;',
  text: 'margin:0 0 16px;font-size:16px;line-height:1.5;',
  question: 'margin:0 0 16px;font-size:19px;line-height:1.4;font-weight:bold;',
  row: 'margin:0 0 8px;',
  button:
    'display:inline-block;box-sizing:border-box;min-width:44px;height:44px;margin:0 4px 8px 0;padding:0 6px;' +
    'border:2px solid #1f6fb2;border-radius:10px;background-color:#e3eefa;color:#14568c;' +
    'font-size:18px;line-height:40px;font-weight:bold;text-align:center;text-decoration:none;',
  legend: 'margin:0 0 20px;font-size:14px;line-height:1.4;',
} as const;

/**
 * Who the email is from: the company name the admin set, else the ticket's brand name (a
 * documented placeholder) while the name is still the default "We" of the question.
 */
function brandLine(settings: Settings): string {
  const name = settings.companyName.trim();
  return name === DEFAULT_SETTINGS.companyName ? '{{ticket.brand.name}}' : htmlText(name);
}

/**
 * The survey email's body for the trigger's "Email user" action, by the admin's choice
 * (settings.emailFormat): the button email (the default) or the plain-text one.
 */
export function emailBody(
  settings: Settings,
  catalogs: Partial<Record<Locale, Catalog>>,
  linkFieldId: number,
  languages: LanguageNames,
  kind: EmailKind = 'survey',
): string {
  return settings.emailFormat === 'html'
    ? htmlEmailBody(settings, catalogs, linkFieldId, languages, kind)
    : textEmailBody(settings, linkFieldId, kind);
}

/**
 * The plain-text email: one line and one link per point, its texts in dynamic content (the variant
 * of the reader's language), which Zendesk documents for plain-text bodies without reservation.
 */
export function textEmailBody(
  settings: Settings,
  linkFieldId: number,
  kind: EmailKind = 'survey',
): string {
  const scale = getScale(settings.scaleId);
  const link = `{{ticket.ticket_field_${linkFieldId}}}`;
  return [
    dcPlaceholder(kind === 'reminder' ? DC.reminderIntro : DC.intro),
    '',
    dcPlaceholder(DC.question(scale.id)),
    '',
    dcPlaceholder(DC.instruction),
    '',
    ...points(scale).map(
      (p) => `${p} – ${dcPlaceholder(DC.label(scale.id, p))}: ${link}?scale=${scale.id}&score=${p}`,
    ),
    '',
    dcPlaceholder(DC.outro),
  ].join('\n');
}

/** One language's part of the button email: texts, the row of buttons, both end labels. */
function htmlBlock(scale: Scale, texts: EmailTexts, link: string): string {
  const all = points(scale);
  const first = all[0] ?? scale.min;
  const last = all[all.length - 1] ?? scale.max;
  const label = (p: number) => htmlText(texts.labels[p] ?? String(p));
  const buttons = all
    .map(
      (p) =>
        // The label as a tooltip; both end labels are spelled out under the row.
        `<a href="${link}?scale=${scale.id}&amp;score=${p}" title="${label(p)}" style="${EMAIL_STYLE.button}">${p}</a>`,
    )
    .join('');
  return [
    `<p style="${EMAIL_STYLE.text}">${htmlText(texts.intro)}</p>`,
    `<p style="${EMAIL_STYLE.question}">${htmlText(texts.question)}</p>`,
    `<p style="${EMAIL_STYLE.text}">${htmlText(texts.instruction)}</p>`,
    `<div style="${EMAIL_STYLE.row}">${buttons}</div>`,
    // The meaning of both ends, in the customer's language, right under the row.
    `<p style="${EMAIL_STYLE.legend}">${first} = ${label(first)}<br>${last} = ${label(last)}</p>`,
    `<p style="${EMAIL_STYLE.text}">${htmlText(texts.outro)}</p>`,
  ].join('');
}

/** A Liquid string literal, or null for a name no literal can hold (both quote kinds). */
function liquidString(value: string): string | null {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return null;
}

/**
 * The button email, the default: an HTML fragment that Zendesk puts into the account's email
 * template at {{content}} (support.zendesk.com/hc/en-us/articles/8407456809754, "Understanding how
 * to format email notifications": HTML in a trigger body, compact, on one line; not with dynamic
 * content). The customer's language comes from Liquid instead, as Zendesk's "Using Liquid markup to
 * support multiple languages" (support.zendesk.com/hc/en-us/articles/4408842967578) shows it:
 * `{% case ticket.requester.language %}`, one `when` per shipped language the account has, the
 * account's default language (settings.defaultLocale) under `else`. Every text is written in,
 * escaped; no dynamic content. No images, no script, no CSS outside style attributes. One link per
 * point: a click opens the page with that point chosen (a GET records nothing); the link names its
 * scale, so an answer is stored on the scale the customer saw.
 */
export function htmlEmailBody(
  settings: Settings,
  catalogs: Partial<Record<Locale, Catalog>>,
  linkFieldId: number,
  languages: LanguageNames,
  kind: EmailKind = 'survey',
): string {
  const scale = getScale(settings.scaleId);
  const link = `{{ticket.ticket_field_${linkFieldId}}}`;
  const block = (locale: Locale) =>
    htmlBlock(scale, emailTexts(settings, catalogs, locale, kind), link);
  const branches = LOCALES.filter((l) => l !== settings.defaultLocale).flatMap((locale) => {
    const values = (languages[locale] ?? [])
      .map(liquidString)
      .filter((v): v is string => v !== null);
    return values.length ? [`{% when ${values.join(', ')} %}${block(locale)}`] : [];
  });
  const localized = branches.length
    ? `{% case ticket.requester.language %}${branches.join('')}{% else %}${block(settings.defaultLocale)}{% endcase %}`
    : block(settings.defaultLocale);
  return [
    '<div style="max-width:560px;">',
    `<p style="${EMAIL_STYLE.brand}">${brandLine(settings)}</p>`,
    localized,
    '</div>',
  ].join('');
}
