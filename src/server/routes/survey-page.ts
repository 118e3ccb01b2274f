import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveLocale, type Locale } from '../../shared/locales.js';
import { getScale } from '../../shared/scales.js';
import { isCrossSitePost } from '../security/cross-site.js';
import { RATE_LIMIT_DEFAULTS } from '../config.js';
import { answersSaved } from '../monitoring/metrics.js';
import { limitRequests, type RateLimitOptions } from '../security/rate-limit.js';
import { pageSecurityHeaders } from '../security/security-headers.js';
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
  type SurveyPageContext,
} from '../surveys/survey-page.js';
import {
  findSurveyRowByToken,
  toSurveyView,
  type SurveyRow,
} from '../surveys/survey-repository.js';
import { looksLikeToken } from '../surveys/tokens.js';
import {
  checkPostedForm,
  closedReason,
  surveyFormSchema,
  visitPage,
  type VisitQuery,
} from '../surveys/visit.js';

export interface SurveyPageOptions {
  /** Per-address limit on /s/*; false only for measuring the page without it (bench). */
  rateLimit?: RateLimitOptions | false;
}

/** Where each outcome of a saved form sends the visitor: see PostedForm['next']. */
const AFTER_SAVE = { followup: '', ask_again: '?edit=1', summary: '?saved=1' } as const;

interface TokenParams {
  token: string;
}

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

  app.get<{ Params: TokenParams; Querystring: VisitQuery }>('/s/:token', async (request, reply) => {
    const found = await openSurvey(app, request, reply);
    if (!found) return reply;
    const { ctx, row } = found;
    const answer = toSurveyView(row).answer;
    const closed = closedReason(row, new Date());
    if (closed) return sendPage(reply, 410, renderClosedPage(ctx, closed, answer?.score ?? null));
    const view = visitPage(ctx.scale, answer, request.query);
    if (view.page === 'question') {
      const page = { ...ctx, scale: view.scale };
      return sendPage(reply, 200, renderQuestionPage(page, { checked: view.checked }));
    }
    const render = view.page === 'followup' ? renderFollowupPage : renderSummaryPage;
    return sendPage(reply, 200, render(ctx, view.values));
  });

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

    const form = surveyFormSchema.safeParse(request.body);
    if (!form.success) return sendBadForm(reply, ctx);
    const posted = checkPostedForm(form.data, ctx, answer, ctx.t);
    if (posted.outcome === 'invalid') {
      const page = { ...ctx, scale: posted.scale };
      const html =
        posted.page === 'question'
          ? renderQuestionPage(page, { checked: null, error: posted.error })
          : renderFollowupPage(page, posted.values, posted.error);
      return sendPage(reply, 400, html);
    }

    const { score, scaleId, followup } = posted.answer;
    const result = await saveAnswer(
      app.db,
      row.id,
      { score, scaleId, ...(followup ?? {}), locale: ctx.locale },
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
    // A dropped reason: ask again, now with the reasons that fit the new score.
    const query = AFTER_SAVE[posted.next];
    return reply.redirect(`${next}${query}`, 303);
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
