/**
 * The Zendesk app's pages, served by the service as a server-side ZAF app. Zendesk POSTs its
 * signed request (form field `token`) to each location URL; a verified request gets the page with
 * a short-lived app session for that user, a refused one a readable 401 page in the iframe.
 */
import formbody from '@fastify/formbody';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveLocale } from '../../shared/locales.js';
import type { ApiError } from '../../shared/api-types.js';
import {
  verifyZafRequest,
  ZafKeyUnavailableError,
  zafKeySource,
  ZafTokenError,
  type ZafKeySource,
} from '../auth/zaf-jwt.js';
import { bearerToken, issueSession, SessionError, verifySession } from '../auth/session.js';
import { html } from '../../shared/html.js';
import { localeFromAcceptLanguage, pageTranslator } from '../surveys/survey-page.js';
import { authBlocked, countAuthFailure, sendAuthTooMany } from '../security/auth-failure-limit.js';
import { refuse } from '../security/rate-limit.js';

export const APP_PAGES_PREFIX = '/app';
/** The location pages Zendesk loads (manifest.json points at these). */
export const APP_PAGES = ['sidebar.html', 'team.html'] as const;
export const SESSION_RENEW_PATH = `${APP_PAGES_PREFIX}/session`;
/** The element of the page the app reads its session from. */
export const SESSION_ELEMENT_ID = 'ces-session';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface AppPagesOptions {
  /** Where the app's public key comes from; by default the configuration's (pinned or Zendesk). */
  keys?: ZafKeySource;
}

/** JSON inside a <script type="application/json">: nothing in it may close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

export async function appPageRoutes(app: FastifyInstance, options: AppPagesOptions): Promise<void> {
  await app.register(formbody);
  const { config } = app;
  const keys = options.keys ?? zafKeySource(config);
  const expected = {
    subdomain: config.zendesk.subdomain,
    installationId: config.zendeskApp.installationId,
  };
  // Only Zendesk's agent interface may frame the app (and, outside production, the local sandbox).
  const ancestors = [`https://${config.zendesk.subdomain}.zendesk.com`];
  if (config.env !== 'production') ancestors.push('http://localhost:*', 'http://127.0.0.1:*');
  const pageHeaders = {
    'content-security-policy': `frame-ancestors ${ancestors.join(' ')}; base-uri 'none'; object-src 'none'`,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };

  const refusal = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: 401 | 429 | 503,
    kind: 'missing' | 'refused' | 'expired' | 'unavailable' | 'tooMany',
  ) => {
    const locale = resolveLocale(localeFromAcceptLanguage(request.headers['accept-language']));
    const t = pageTranslator(locale);
    const title = t(
      kind === 'tooMany'
        ? 'errors.tooManyTitle'
        : kind === 'unavailable'
          ? 'appPage.unavailableTitle'
          : 'appPage.refusedTitle',
    );
    const body = t(
      kind === 'tooMany'
        ? 'errors.tooManyBody'
        : kind === 'missing'
          ? 'appPage.missing'
          : kind === 'expired'
            ? 'appPage.expired'
            : kind === 'unavailable'
              ? 'appPage.unavailable'
              : 'appPage.refused',
    );
    const page = html`<!doctype html>
      <html lang="${locale}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title}</title>
        </head>
        <body style="font-family:system-ui,sans-serif;margin:12px;color:#2f3941">
          <div role="alert">
            <h1 style="font-size:16px">${title}</h1>
            <p>${body}</p>
          </div>
        </body>
      </html>`.value;
    return reply.status(status).headers(pageHeaders).type('text/html; charset=utf-8').send(page);
  };

  const servePage = async (request: FastifyRequest, reply: FastifyReply, name: string) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof form.token === 'string' && form.token !== '' ? form.token : null;
    const blocked = authBlocked(app, request);
    if (blocked) {
      refuse(reply, 'auth', blocked);
      return refusal(request, reply, 429, 'tooMany');
    }
    let identity;
    try {
      identity = await verifyZafRequest(token, keys, expected);
    } catch (error) {
      if (error instanceof ZafTokenError) {
        request.log.info({ problem: error.problem }, "Zendesk's signed app request refused");
        const verdict = await countAuthFailure(app, request);
        if (!verdict.allowed) {
          refuse(reply, 'auth', verdict);
          return refusal(request, reply, 429, 'tooMany');
        }
        const kind =
          error.problem === 'missing'
            ? 'missing'
            : error.problem === 'expired'
              ? 'expired'
              : 'refused';
        return refusal(request, reply, 401, kind);
      }
      if (error instanceof ZafKeyUnavailableError) {
        request.log.error({ reason: error.message }, "the app's public key is not available");
        return refusal(request, reply, 503, 'unavailable');
      }
      throw error;
    }
    let html: string;
    try {
      html = await readFile(path.join(config.appDir, name), 'utf8');
    } catch {
      request.log.error({ appDir: config.appDir }, 'the app pages are not built');
      return refusal(request, reply, 503, 'unavailable');
    }
    const session = await issueSession(config, identity, { startedAt: identity.issuedAt });
    const element = `<script type="application/json" id="${SESSION_ELEMENT_ID}">${scriptJson({ ...session, renewUrl: SESSION_RENEW_PATH })}</script>`;
    return reply
      .headers(pageHeaders)
      .type('text/html; charset=utf-8')
      .send(html.replace('</head>', `${element}\n</head>`));
  };

  for (const name of APP_PAGES) {
    app.post(`${APP_PAGES_PREFIX}/${name}`, (request, reply) => servePage(request, reply, name));
    // Without Zendesk's POST there is nobody to vouch for the user: explain, never serve.
    app.get(`${APP_PAGES_PREFIX}/${name}`, async (request, reply) =>
      refusal(request, reply, 401, 'missing'),
    );
  }

  // Renewal: a page whose session still works gets a fresh one, same user, same start.
  app.post(SESSION_RENEW_PATH, async (request, reply) => {
    const blocked = authBlocked(app, request);
    if (blocked) return sendAuthTooMany(reply, blocked);
    try {
      const current = await verifySession(config, bearerToken(request.headers.authorization));
      const session = await issueSession(config, current, { startedAt: current.startedAt });
      return reply.header('cache-control', 'no-store').send(session);
    } catch (error) {
      if (!(error instanceof SessionError)) throw error;
      const verdict = await countAuthFailure(app, request);
      if (!verdict.allowed) return sendAuthTooMany(reply, verdict);
      const body: ApiError = { error: 'unauthorized', message: error.message };
      return reply.status(401).header('WWW-Authenticate', 'Bearer').send(body);
    }
  });

  // The pages' scripts, styles and images: public build output, hashed names.
  app.get<{ Params: { file: string } }>(`${APP_PAGES_PREFIX}/:file`, async (request, reply) => {
    const { file } = request.params;
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
    if (!type || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) {
      return reply.status(404).send({ error: 'not_found', message: 'No such app file.' });
    }
    try {
      const content = await readFile(path.join(config.appDir, file));
      return reply.type(type).header('cache-control', 'public, max-age=3600').send(content);
    } catch {
      return reply.status(404).send({ error: 'not_found', message: 'No such app file.' });
    }
  });
}
