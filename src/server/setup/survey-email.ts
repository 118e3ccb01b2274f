import { getScale, points, type ScaleId } from '../../shared/scales.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.js';

/**
 * The survey email that setup puts into the "CES: email survey link" trigger: its dynamic content
 * names and its HTML body (docs/survey-email.md). Nothing here talks to Zendesk.
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
} as const;

export function dcPlaceholder(name: string): string {
  return `{{dc.${name}}}`;
}

/** Escapes admin text (company name) written straight into the email's HTML. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
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
  return name === DEFAULT_SETTINGS.companyName ? '{{ticket.brand.name}}' : escapeHtml(name);
}

/**
 * The survey email's body for the trigger's "Email user" action: an HTML fragment that Zendesk puts
 * into the account's email template at {{content}} (support.zendesk.com/hc/en-us/articles/8407456809754,
 * "Understanding how to format email notifications"). That page says HTML in a trigger body is
 * fine, should be compact (line breaks show as gaps), and that "HTML isn't supported when using
 * dynamic content": so the dynamic content items hold plain text only and every tag is here
 * (docs/survey-email.md has the reading and what is unverified). No images, no script, no CSS
 * outside style attributes. One link per point: a click opens the page with that point chosen
 * (a GET records nothing); the link names its scale, so an answer is stored on the scale the
 * customer saw.
 */
export function emailBody(settings: Settings, linkFieldId: number): string {
  return settings.emailFormat === 'html'
    ? htmlEmailBody(settings, linkFieldId)
    : textEmailBody(settings, linkFieldId);
}

/**
 * The plain-text email, the default: one line and one link per point. Dynamic content in a
 * plain-text body is what Zendesk documents without reservation, so it works in every account.
 */
export function textEmailBody(settings: Settings, linkFieldId: number): string {
  const scale = getScale(settings.scaleId);
  const link = `{{ticket.ticket_field_${linkFieldId}}}`;
  return [
    dcPlaceholder(DC.intro),
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

/**
 * The button email (settings.emailFormat 'html'): opt-in, because the page above also says HTML
 * isn't supported with dynamic content in the body, which this body uses for the customer's
 * language; an admin turns it on after one test email shows buttons (docs/survey-email.md).
 */
export function htmlEmailBody(settings: Settings, linkFieldId: number): string {
  const scale = getScale(settings.scaleId);
  const link = `{{ticket.ticket_field_${linkFieldId}}}`;
  const all = points(scale);
  const first = all[0] ?? scale.min;
  const last = all[all.length - 1] ?? scale.max;
  const label = (p: number) => dcPlaceholder(DC.label(scale.id, p));
  const buttons = all
    .map(
      (p) =>
        // The label as a tooltip; both end labels are spelled out under the row.
        `<a href="${link}?scale=${scale.id}&amp;score=${p}" title="${label(p)}" style="${EMAIL_STYLE.button}">${p}</a>`,
    )
    .join('');
  return [
    '<div style="max-width:560px;">',
    `<p style="${EMAIL_STYLE.brand}">${brandLine(settings)}</p>`,
    `<p style="${EMAIL_STYLE.text}">${dcPlaceholder(DC.intro)}</p>`,
    `<p style="${EMAIL_STYLE.question}">${dcPlaceholder(DC.question(scale.id))}</p>`,
    `<p style="${EMAIL_STYLE.text}">${dcPlaceholder(DC.instruction)}</p>`,
    `<div style="${EMAIL_STYLE.row}">${buttons}</div>`,
    // The meaning of both ends, in the customer's language, right under the row.
    `<p style="${EMAIL_STYLE.legend}">${first} = ${label(first)}<br>${last} = ${label(last)}</p>`,
    `<p style="${EMAIL_STYLE.text}">${dcPlaceholder(DC.outro)}</p>`,
    '</div>',
  ].join('');
}
