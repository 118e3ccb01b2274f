import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveLocale, type Locale } from '../../shared/locales.js';
import { getScale, isScaleId, isValidScore, type Scale } from '../../shared/scales.js';
import {
  driverKindOf,
  driversFor,
  MAX_COMMENT_LENGTH,
  type DriverKind,
} from '../../shared/settings.js';
import { isCrossSitePost } from '../security/cross-site.js';
import { RATE_LIMIT_DEFAULTS } from '../config.js';
import { answersSaved } from '../monitoring/metrics.js';
import { limitRequests, type RateLimitOptions } from '../security/rate-limit.js';
import { pageSecurityHeaders } from '../security/security-headers.js';
import { withoutControlChars } from '../security/text-input.js';
import { getSettings } from '../settings/settings-repository.js';
import { saveAnswer } from '../surveys/answer-repository.js';
import {
  localeFromAcceptLanguage,
  pageTranslator,
  renderClosedPage,
  renderFollowupPage,
  renderMessagePage,
  renderQuestionPage,
  renderSummaryPage,
  SURVEY_STYLE_HASH,
  type FormError,
  type FormValues,
  type SurveyPageContext,
} from '../surveys/survey-page.js';
import {
  findSurveyRowByToken,
  toSurveyView,
  type SurveyRow,
} from '../surveys/survey-repository.js';
import { looksLikeToken } from '../surveys/tokens.js';
import type { AnswerView } from '../../shared/api-types.js';

export interface SurveyPageOptions {
  /** Per-address limit on /s/*; false only for measuring the page without it (bench). */
  rateLimit?: RateLimitOptions | false;
}

interface TokenParams {
  token: string;
}

type Form = Record<string, unknown>;

/** The customer's survey page: GET shows, POST records (a GET never records anything). */
export async function surveyPageRoutes(
  app: FastifyInstance,
  options: SurveyPageOptions = {},
): Promise<void> {
  await app.register(formbody);
  if (options.rateLimit !== false) {
    const perMinute = (app.config.rateLimits ?? RATE_LIMIT_DEFAULTS).surveyPerMinute;
    await limitRequests(app, {
      bucket: 'survey',
      ...(options.rateLimit ?? { max: perMinute, timeWindowMs: 60_000 }),
    });
  }

  const headers = pageSecurityHeaders({
    styleHashes: [SURVEY_STYLE_HASH],
    https: app.config.publicUrl.startsWith('https://'),
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(headers);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // Errors on these routes are pages in the reader's language, never a stack trace.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'survey page failed');
    const locale = resolveLocale(localeFromAcceptLanguage(request.headers['accept-language']));
    const t = pageTranslator(locale);
    const [title, body] =
      status === 429
        ? [t('errors.tooManyTitle'), t('errors.tooManyBody')]
        : status === 404
          ? [t('errors.notFoundTitle'), t('errors.notFoundBody')]
          : status < 500
            ? [t('errors.badRequestTitle'), t('errors.badRequestBody')]
            : [t('errors.serverTitle'), t('errors.serverBody')];
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(renderMessagePage({ locale, title, paragraphs: [body] }));
  });

  app.get<{ Params: TokenParams; Querystring: Record<string, string | undefined> }>(
    '/s/:token',
    async (request, reply) => {
      const found = await openSurvey(app, request, reply);
      if (!found) return reply;
      const { ctx, row } = found;
      const answer = toSurveyView(row).answer;
      const closed = closedReason(row, new Date());
      if (closed) return sendPage(reply, 410, renderClosedPage(ctx, closed, answer?.score ?? null));

      const query = request.query;
      // The link names the scale the email showed; the score is read on that scale, never another.
      const linkScale = isScaleId(query.scale) ? getScale(query.scale) : ctx.scale;
      const fromLink = parseScore(query.score, linkScale);
      const sameAsAnswer = answer?.score === fromLink && answer?.scaleId === linkScale.id;
      if (!answer || (fromLink !== null && !sameAsAnswer)) {
        // A score from the email is only shown chosen here; the person's press of the button posts it.
        return sendPage(
          reply,
          200,
          renderQuestionPage({ ...ctx, scale: linkScale }, { checked: fromLink }),
        );
      }
      const values: FormValues = {
        score: answer.score,
        driver: answer.driver,
        comment: answer.comment,
      };
      const followedUp = answer.driver !== null || answer.comment !== null;
      if (query.edit === '1' || (!followedUp && query.saved !== '1')) {
        return sendPage(reply, 200, renderFollowupPage(ctx, values));
      }
      return sendPage(reply, 200, renderSummaryPage(ctx, values));
    },
  );

  const publicOrigin = new URL(app.config.publicUrl).origin.toLowerCase();
  app.post<{ Params: TokenParams; Body: unknown }>('/s/:token', async (request, reply) => {
    const ownOrigins = [publicOrigin, `${request.protocol}://${request.host}`.toLowerCase()];
    // Only the survey's own page posts answers; another site's form never does.
    if (isCrossSitePost(request.headers, ownOrigins)) return sendCrossSite(request, reply);
    const found = await openSurvey(app, request, reply);
    if (!found) return reply;
    const { ctx, row } = found;
    const now = new Date();
    const answer = toSurveyView(row).answer;
    const closed = closedReason(row, now);
    if (closed) return sendPage(reply, 410, renderClosedPage(ctx, closed, answer?.score ?? null));

    const form: Form =
      typeof request.body === 'object' && request.body !== null ? (request.body as Form) : {};
    const step = form.step;
    if (step !== 'score' && step !== 'followup') return sendBadForm(reply, ctx);

    // The form names the scale its score is on; without it, the answer's (or the survey's) scale.
    const scale = isScaleId(form.scale) ? getScale(form.scale) : ctx.scale;
    const page = { ...ctx, scale };
    const score = parseScore(form.score, scale);
    const driver = score === null ? 'fits' : postedDriver(form.driver, page, score, answer);
    const posted: FormValues = {
      score,
      // A reason for the other kind of answer (the score moved across) no longer fits: dropped.
      driver:
        driver === 'fits' && typeof form.driver === 'string' && form.driver !== ''
          ? form.driver
          : null,
      comment: normalizeComment(form.comment),
    };
    const t = ctx.t;
    const error: FormError | null =
      score === null
        ? { field: 'score', message: t('errors.badScore') }
        : step === 'followup' && driver === 'unknown'
          ? { field: 'driver', message: t('errors.badDriver') }
          : step === 'followup' && (posted.comment?.length ?? 0) > MAX_COMMENT_LENGTH
            ? { field: 'comment', message: t('errors.commentTooLong', { max: MAX_COMMENT_LENGTH }) }
            : null;
    if (error || score === null) {
      const html =
        step === 'score'
          ? renderQuestionPage(page, { checked: null, error: error ?? undefined })
          : renderFollowupPage(
              page,
              { ...posted, driver: error?.field === 'driver' ? null : posted.driver },
              error ?? undefined,
            );
      return sendPage(reply, 400, html);
    }

    const result = await saveAnswer(
      app.db,
      row.id,
      step === 'score'
        ? { score, scaleId: scale.id, locale: ctx.locale }
        : {
            score,
            scaleId: scale.id,
            driver: posted.driver,
            comment: posted.comment,
            locale: ctx.locale,
          },
      { quietPeriodSeconds: ctx.settings.quietPeriodSeconds, now, drivers: ctx.settings },
    );
    answersSaved.inc({
      change:
        result.outcome === 'saved'
          ? !result.changed
            ? 'unchanged'
            : result.version === 1
              ? 'new'
              : 'changed'
          : result.outcome,
    });
    if (result.outcome === 'closed') {
      return sendPage(reply, 410, renderClosedPage(ctx, result.reason, answer?.score ?? null));
    }
    if (result.outcome === 'not_found') return sendNotFound(reply, ctx.locale);
    // Post/redirect/get: reloading the next page never posts the answer again.
    const next = `/s/${encodeURIComponent(request.params.token)}`;
    if (step === 'score') return reply.redirect(next, 303);
    // A dropped reason: ask again, now with the reasons that fit the new score.
    return reply.redirect(driver === 'stale' ? `${next}?edit=1` : `${next}?saved=1`, 303);
  });
}

async function openSurvey(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: TokenParams }>,
  reply: FastifyReply,
): Promise<{ ctx: SurveyPageContext; row: SurveyRow } | null> {
  const settings = await getSettings(app.db);
  const row = await findSurveyRowByToken(app.db, request.params.token);
  if (!row) {
    const locale = resolveLocale(
      localeFromAcceptLanguage(request.headers['accept-language']),
      settings.defaultLocale,
    );
    sendNotFound(reply, locale);
    return null;
  }
  const locale = resolveLocale(row.requester_locale, settings.defaultLocale);
  // An answered survey speaks in its answer's scale (the survey's may have changed since).
  const scaleId = row.answer_score !== null ? (row.answer_scale_id ?? row.scale_id) : row.scale_id;
  return {
    row,
    ctx: {
      locale,
      t: pageTranslator(locale),
      token: request.params.token,
      ticketId: row.ticket_id,
      scale: getScale(scaleId),
      settings,
      closesAt: new Date(row.closes_at),
    },
  };
}

function closedReason(row: SurveyRow, now: Date): 'expired' | 'superseded' | null {
  if (row.status === 'superseded' || row.superseded_at !== null) return 'superseded';
  return now.getTime() > new Date(row.closes_at).getTime() ? 'expired' : null;
}

function parseScore(raw: unknown, scale: Scale): number | null {
  if (typeof raw !== 'string' || !/^\d{1,2}$/.test(raw.trim())) return null;
  const score = Number(raw.trim());
  return isValidScore(scale, score) ? score : null;
}

function normalizeComment(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = withoutControlChars(raw.replace(/\r\n?/g, '\n')).trim();
  return text === '' ? null : text;
}

/**
 * How a posted reason fits the posted score: none or one offered for this kind of answer ('fits'),
 * the recorded one while the kind is unchanged (the list may have changed since: 'fits'), one for
 * the other kind of answer ('stale': the score moved across), or none we know ('unknown').
 */
function postedDriver(
  raw: unknown,
  ctx: SurveyPageContext,
  score: number,
  answer: AnswerView | null,
): 'fits' | 'stale' | 'unknown' {
  if (raw === undefined || raw === '') return 'fits';
  if (typeof raw !== 'string') return 'unknown';
  const kind = driverKindOf(ctx.scale, score);
  if (driversFor(ctx.settings, kind).includes(raw)) return 'fits';
  const recordedKind: DriverKind | null = answer
    ? driverKindOf(getScale(answer.scaleId), answer.score)
    : null;
  if (raw === answer?.driver) return recordedKind === kind ? 'fits' : 'stale';
  const other: DriverKind = kind === 'easy' ? 'hard' : 'easy';
  return driversFor(ctx.settings, other).includes(raw) ? 'stale' : 'unknown';
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

function sendNotFound(reply: FastifyReply, locale: Locale): FastifyReply {
  const t = pageTranslator(locale);
  return sendPage(
    reply,
    404,
    renderMessagePage({
      locale,
      title: t('errors.notFoundTitle'),
      paragraphs: [t('errors.notFoundBody')],
    }),
  );
}

function sendCrossSite(
  request: FastifyRequest<{ Params: TokenParams }>,
  reply: FastifyReply,
): FastifyReply {
  const locale = resolveLocale(localeFromAcceptLanguage(request.headers['accept-language']));
  const t = pageTranslator(locale);
  const { token } = request.params;
  return sendPage(
    reply,
    403,
    renderMessagePage({
      locale,
      title: t('errors.badRequestTitle'),
      paragraphs: [t('errors.badRequestBody')],
      ...(looksLikeToken(token)
        ? { link: { href: `/s/${encodeURIComponent(token)}`, text: t('errors.backToSurvey') } }
        : {}),
    }),
  );
}

function sendBadForm(reply: FastifyReply, ctx: SurveyPageContext): FastifyReply {
  const { t } = ctx;
  return sendPage(
    reply,
    400,
    renderMessagePage({
      locale: ctx.locale,
      title: t('errors.badRequestTitle'),
      paragraphs: [t('errors.badRequestBody')],
      link: { href: `/s/${encodeURIComponent(ctx.token)}`, text: t('errors.backToSurvey') },
    }),
  );
}
