import { createTranslator, type Translate } from '../../shared/i18n.js';
import { matchLocale, type Locale } from '../../shared/locales.js';
import { points, type Scale } from '../../shared/scales.js';
import {
  DEFAULT_SETTINGS,
  driverKindOf,
  driversFor,
  MAX_COMMENT_LENGTH,
  type Settings,
} from '../../shared/settings.js';
import { loadCatalogs } from '../outbox/catalogs.js';
import { styleHash } from '../security/security-headers.js';
import { html, rawHtml, type SafeHtml } from '../../shared/html.js';
import type { FormError, FormValues } from './visit.js';

/** A translator for the survey page; a key missing in the locale falls back to English. */
export function pageTranslator(locale: Locale): Translate {
  return createTranslator(loadCatalogs(), locale);
}

/** The first shipped language the browser asks for ("nl-BE,nl;q=0.9,en;q=0.8" → "nl"), or null. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    const locale = matchLocale(r.tag);
    if (locale) return locale;
  }
  return null;
}

/** The survey question in the page's language: the admin's override, else the catalog's wording. */
export function questionText(
  t: Translate,
  locale: Locale,
  scale: Scale,
  settings: Settings,
): string {
  const override = settings.questionOverrides[locale]?.trim();
  // The untouched default name reads well only in English; elsewhere a neutral "the company".
  const company =
    settings.companyName === DEFAULT_SETTINGS.companyName
      ? t('survey.defaultCompany')
      : settings.companyName;
  const text = override
    ? override.replace(/\{company\}/g, () => company) // a function: "$&" in a name stays text
    : t(scale.questionKey, { company });
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

export function driverLabel(
  t: Translate,
  locale: Locale,
  settings: Settings,
  driver: string,
): string {
  const custom = settings.customDriverLabels[driver];
  // A language the admin left empty reads the English label.
  if (custom) return custom[locale]?.trim() || custom.en?.trim() || driver;
  const label = t(`drivers.${driver}`);
  return label === `drivers.${driver}` ? driver : label;
}

export function formatDate(date: Date, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

export const SURVEY_CSS = `:root{color-scheme:light;--ink:#1f2328;--muted:#4a5158;--line:#c2c8cc;--accent:#1f5fa8;--bg:#f4f6f8;--err:#b3261e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:36rem;margin:0 auto;padding:1rem .75rem 3rem}
.card{background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}
p{margin:0 0 1rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
legend{font-weight:600;font-size:1.125rem;margin:0 0 .75rem;padding:0}
.hint{color:var(--muted);font-size:.9375rem;margin:-.5rem 0 .75rem}
.options{display:grid;gap:.5rem}
.option{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.5rem .875rem;border:1px solid var(--line);border-radius:.5rem;cursor:pointer}
.option:has(input:checked){border-color:var(--accent);background:#eaf2fb;box-shadow:inset 0 0 0 1px var(--accent)}
.option:has(input:focus-visible){outline:3px solid #0b3d91;outline-offset:2px}
.option input{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:var(--accent)}
.num{font-weight:700;min-width:1.5rem;text-align:center}
.field label{display:block;font-weight:600;margin-bottom:.25rem}
.field .hint{margin:0 0 .5rem}
textarea{display:block;width:100%;min-height:7rem;font:inherit;padding:.625rem;border:1px solid #6b7378;border-radius:.5rem;margin-bottom:1.5rem}
button{font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:.5rem;padding:.75rem 1.25rem;min-height:3rem;width:100%;cursor:pointer}
button:hover{background:#174a85}
:focus-visible{outline:3px solid #0b3d91;outline-offset:2px}
.alert{border-left:4px solid var(--err);background:#fdf0ef;padding:.75rem 1rem;margin:0 0 1rem}
.alert h2{font-size:1rem;margin:0 0 .25rem;color:var(--err)}
.alert p{margin:0}
dl{margin:0 0 1rem}
dt{font-weight:600;margin-top:.75rem}
dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
a{color:var(--accent)}
@media (min-width:40rem){main{padding-top:3rem}.card{padding:2rem}button{width:auto}}`;

export const SURVEY_STYLE_HASH = styleHash(SURVEY_CSS);

interface Shell {
  locale: Locale;
  title: string;
  body: SafeHtml;
}

// The survey pages' markup is written out by hand below (`prettier-ignore`): byte for byte what
// the tests read, and the style element exactly the text whose hash the CSP allows.

// No script on any survey page: a scanner that runs scripts finds nothing that would post.
function page({ locale, title, body }: Shell): string {
  // prettier-ignore
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${rawHtml(SURVEY_CSS)}</style>
</head>
<body>
<main><div class="card">
${body}
</div></main>
</body>
</html>
`.value;
}

/** What every survey page knows about the survey it shows. */
export interface SurveyPageContext {
  locale: Locale;
  t: Translate;
  token: string;
  ticketId: number;
  /** The scale the page asks on: the email link's, else the answer's, else the survey's. */
  scale: Scale;
  settings: Settings;
  closesAt: Date;
}

function actionOf(ctx: SurveyPageContext): string {
  return `/s/${encodeURIComponent(ctx.token)}`;
}

/** Fragments joined by line breaks. */
function lines(fragments: SafeHtml[]): SafeHtml[] {
  return fragments.map((fragment, i) => (i === 0 ? fragment : html` ${fragment}`));
}

function alertBox(ctx: SurveyPageContext, error: FormError | undefined): SafeHtml | '' {
  if (!error) return '';
  // prettier-ignore
  return html`<div class="alert" role="alert" id="form-error"><h2>${ctx.t('survey.errorSummary')}</h2><p>${error.message}</p></div>\n`;
}

function invalid(error: FormError | undefined, field: FormError['field']): SafeHtml | '' {
  return error?.field === field ? html` aria-invalid="true" aria-describedby="form-error"` : '';
}

function checkedIf(on: boolean): SafeHtml | '' {
  return on ? html` checked` : '';
}

function scaleFieldset(
  ctx: SurveyPageContext,
  checked: number | null,
  error?: FormError,
): SafeHtml {
  const question = questionText(ctx.t, ctx.locale, ctx.scale, ctx.settings);
  // prettier-ignore
  const options = points(ctx.scale).map((point) => {
    const label = ctx.t(`${ctx.scale.labelKey}.${point}`);
    return html`<label class="option"><input type="radio" name="score" value="${point}" required${checkedIf(point === checked)}><span class="num">${point}</span><span>${label}</span></label>`;
  });
  // prettier-ignore
  return html`<fieldset${invalid(error, 'score')}>
<legend>${question}</legend>
<div class="options">
${lines(options)}
</div>
</fieldset>`;
}

/** Names the scale the form's score is on, so the answer is stored on the scale the customer saw. */
function scaleInput(ctx: SurveyPageContext): SafeHtml {
  // prettier-ignore
  return html`<input type="hidden" name="scale" value="${ctx.scale.id}">`;
}

/**
 * The question, with the score from the email link chosen. Only the person's press of the button
 * records it: no script, no timer, so a scanner that opens the link records nothing.
 */
export function renderQuestionPage(
  ctx: SurveyPageContext,
  options: { checked: number | null; error?: FormError },
): string {
  const { t } = ctx;
  const confirmNote =
    options.checked !== null
      ? html`<p class="hint" id="confirm-note">${t('survey.confirmNote')}</p> `
      : '';
  // prettier-ignore
  const body = html`<h1>${t('survey.heading', { ticket: ctx.ticketId })}</h1>
${alertBox(ctx, options.error)}<form method="post" action="${actionOf(ctx)}">
<input type="hidden" name="step" value="score">
${scaleInput(ctx)}
${scaleFieldset(ctx, options.checked, options.error)}
${confirmNote}<button type="submit">${t('survey.submit')}</button>
</form>`;
  return page({ locale: ctx.locale, title: t('survey.pageTitle'), body });
}

/** After the score: what made it hard (or easy), optional, and a comment; the score can still change. */
export function renderFollowupPage(
  ctx: SurveyPageContext,
  values: FormValues,
  error?: FormError,
): string {
  const { t } = ctx;
  // The reasons that fit the answer; nothing is chosen unless the customer chose it.
  const kind = values.score === null ? 'hard' : driverKindOf(ctx.scale, values.score);
  const drivers = [...driversFor(ctx.settings, kind)];
  if (values.driver && !drivers.includes(values.driver)) drivers.push(values.driver);
  // prettier-ignore
  const driverOptions = drivers.map(
    (d) =>
      html`<label class="option"><input type="radio" name="driver" value="${d}"${checkedIf(d === values.driver)}><span>${driverLabel(t, ctx.locale, ctx.settings, d)}</span></label>`,
  );
  // prettier-ignore
  const driverFieldset =
    drivers.length === 0
      ? ''
      : html`<fieldset aria-describedby="driver-hint"${invalid(error, 'driver')}>
<legend>${t(kind === 'easy' ? 'survey.easyDriverLegend' : 'survey.driverLegend')}</legend>
<p class="hint" id="driver-hint">${t('survey.driverHint')}</p>
<div class="options">
${lines(driverOptions)}
</div>
</fieldset>
`;
  const commentInvalid = error?.field === 'comment' ? html` aria-invalid="true"` : '';
  // prettier-ignore
  const body = html`<h1>${t('survey.thanksHeading')}</h1>
<p>${t('survey.changeUntil', { date: formatDate(ctx.closesAt, ctx.locale) })}</p>
${alertBox(ctx, error)}<form method="post" action="${actionOf(ctx)}">
<input type="hidden" name="step" value="followup">
${scaleInput(ctx)}
${scaleFieldset(ctx, values.score, error)}
${driverFieldset}<div class="field">
<label for="comment">${t('survey.commentLabel')}</label>
<p class="hint" id="comment-hint">${t('survey.commentHint', { max: MAX_COMMENT_LENGTH })}</p>
<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT_LENGTH}" aria-describedby="comment-hint"${commentInvalid}>${values.comment ?? ''}</textarea>
</div>
<button type="submit">${t('survey.sendFollowup')}</button>
</form>`;
  return page({ locale: ctx.locale, title: t('survey.pageTitle'), body });
}

function scoreText(ctx: SurveyPageContext, score: number): string {
  return `${score} – ${ctx.t(`${ctx.scale.labelKey}.${score}`)}`;
}

/** The thank-you: what we recorded, and a way to change it while the survey is open. */
export function renderSummaryPage(ctx: SurveyPageContext, values: FormValues): string {
  const { t } = ctx;
  const rows = [
    [t('survey.summaryScore'), values.score === null ? '' : scoreText(ctx, values.score)],
    [
      t(
        values.score !== null && driverKindOf(ctx.scale, values.score) === 'easy'
          ? 'survey.summaryEasyDriver'
          : 'survey.summaryDriver',
      ),
      values.driver ? driverLabel(t, ctx.locale, ctx.settings, values.driver) : null,
    ],
    [t('survey.summaryComment'), values.comment],
  ]
    .filter((row): row is [string, string] => typeof row[1] === 'string' && row[1] !== '')
    .map(
      ([term, detail]) =>
        html`<dt>${term}</dt>
          <dd>${detail}</dd>`,
    );
  // prettier-ignore
  const body = html`<h1>${t('survey.savedHeading')}</h1>
<p>${t('survey.savedBody')}</p>
<dl>
${lines(rows)}
</dl>
<p>${t('survey.changeUntil', { date: formatDate(ctx.closesAt, ctx.locale) })}</p>
<p><a href="${actionOf(ctx)}?edit=1">${t('survey.changeAnswer')}</a></p>`;
  return page({ locale: ctx.locale, title: t('survey.pageTitle'), body });
}

/** A page that only says something: not found, closed, too many requests, our error. */
export function renderMessagePage(options: {
  locale: Locale;
  title: string;
  paragraphs: string[];
  link?: { href: string; text: string };
}): string {
  const link = options.link
    ? html` <p><a href="${options.link.href}">${options.link.text}</a></p>`
    : '';
  // prettier-ignore
  const body = html`<h1>${options.title}</h1>
${lines(options.paragraphs.map((p) => html`<p>${p}</p>`))}${link}`;
  return page({ locale: options.locale, title: options.title, body });
}

/** The closed page, with the answer we have when there is one. */
export function renderClosedPage(
  ctx: SurveyPageContext,
  reason: 'expired' | 'superseded',
  score: number | null,
): string {
  const { t } = ctx;
  const paragraphs =
    reason === 'superseded'
      ? [t('errors.supersededBody')]
      : [t('errors.closedBody', { date: formatDate(ctx.closesAt, ctx.locale) })];
  if (score !== null) paragraphs.push(t('errors.closedAnswer', { answer: scoreText(ctx, score) }));
  return renderMessagePage({
    locale: ctx.locale,
    title: reason === 'superseded' ? t('errors.supersededTitle') : t('errors.closedTitle'),
    paragraphs,
  });
}
