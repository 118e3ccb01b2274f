/**
 * The weekly digest for team leads (issue 14): GET /digest previews the current user's digest of
 * last week; PUT /digest switches it on or off for the user themself, in their language. Team
 * leads and admins only (capability teamReport).
 */
import type { FastifyInstance } from 'fastify';
import type { DigestResponse } from '../../../shared/digest.js';
import { LOCALES, type Locale } from '../../../shared/locales.js';
import { accessOf } from '../../access/guard.js';
import { findDigestSubscription, saveDigestSubscription } from '../../digest/digest-repository.js';
import { buildWeeklyDigest, digestLines, digestWeekAt } from '../../digest/weekly-digest.js';
import { loadCatalogs } from '../../outbox/catalogs.js';
import type { NameLookup } from '../../reports/names.js';
import { getSettings } from '../../settings/settings-repository.js';
import { errorResponses } from './schemas.js';

const locale = { type: 'string', enum: [...LOCALES] };
const week = {
  type: 'object',
  properties: { from: { type: 'string' }, to: { type: 'string' } },
  required: ['from', 'to'],
  additionalProperties: false,
};

const digestResponse = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean', description: 'Whether the user gets the digest every week.' },
    locale,
    delivery: {
      type: 'string',
      enum: ['chat', 'off'],
      description:
        "'chat': posted through the chat webhook in Settings; 'off': no webhook set, nothing is sent.",
    },
    week,
    previousWeek: week,
    lines: {
      type: 'array',
      items: { type: 'string' },
      description: 'The message as it is sent, line by line (plain text; customer text as is).',
    },
  },
  required: ['enabled', 'locale', 'delivery', 'week', 'previousWeek', 'lines'],
  additionalProperties: false,
};

export async function digestRoutes(
  app: FastifyInstance,
  { names }: { names: NameLookup },
): Promise<void> {
  const catalogs = loadCatalogs();

  const preview = async (userId: number, groups: readonly number[] | 'all', asked?: Locale) => {
    const [settings, stored] = await Promise.all([
      getSettings(app.db),
      findDigestSubscription(app.db, userId),
    ]);
    const lang = asked ?? stored?.locale ?? settings.defaultLocale;
    const digest = await buildWeeklyDigest(
      app.db,
      groups,
      await digestWeekAt(app.db, new Date()),
      names,
    );
    const lines = await digestLines(
      app.db,
      catalogs,
      lang,
      digest,
      (id) => `${app.config.zendesk.apiUrl}/agent/tickets/${id}`,
    );
    return {
      enabled: stored?.enabled ?? false,
      locale: lang,
      delivery: settings.alerts.chatWebhookUrl === '' ? 'off' : 'chat',
      week: digest.week,
      previousWeek: digest.previousWeek,
      lines,
    } satisfies DigestResponse;
  };

  app.get<{ Querystring: { locale?: Locale } }>(
    '/digest',
    {
      config: { capability: 'teamReport' },
      schema: {
        tags: ['report'],
        summary:
          "A preview of the current user's weekly digest: last week's figures for their groups beside the week before, difficult answers, top reasons",
        querystring: {
          type: 'object',
          properties: { locale },
          additionalProperties: false,
        },
        response: { 200: digestResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<DigestResponse> => {
      const access = accessOf(request);
      return preview(access.userId, access.reportGroups, request.query.locale);
    },
  );

  app.put<{ Body: { enabled: boolean; locale: Locale } }>(
    '/digest',
    {
      config: { capability: 'teamReport' },
      schema: {
        tags: ['report'],
        summary:
          'Switches the weekly digest on or off for the current user, in their language (it covers the groups they may see when it is sent)',
        body: {
          type: 'object',
          properties: { enabled: { type: 'boolean' }, locale },
          required: ['enabled', 'locale'],
          additionalProperties: false,
        },
        response: { 200: digestResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request): Promise<DigestResponse> => {
      const access = accessOf(request);
      await saveDigestSubscription(app.db, {
        userId: access.userId,
        enabled: request.body.enabled,
        locale: request.body.locale,
      });
      return preview(access.userId, access.reportGroups);
    },
  );
}
