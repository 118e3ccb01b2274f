/**
 * The weekly digest for team leads (issue 14): GET /digest previews the current user's digest of
 * last week; PUT /digest switches it on or off for the user themself, in their language. Team
 * leads and admins only (capability teamReport).
 */
import type { FastifyInstance } from 'fastify';
import {
  digestPreviewRoute,
  digestSwitchRoute,
  type DigestResponse,
  type RequestOf,
} from '../../../shared/contract/index.js';
import type { Locale } from '../../../shared/locales.js';
import { accessOf } from '../../access/guard.js';
import { findDigestSubscription, saveDigestSubscription } from '../../digest/digest-repository.js';
import { buildWeeklyDigest, digestLines, digestWeekAt } from '../../digest/weekly-digest.js';
import { loadCatalogs } from '../../outbox/catalogs.js';
import type { NameLookup } from '../../reports/names.js';
import { getSettings } from '../../settings/settings-repository.js';
import { routeOf } from './contract-routes.js';

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

  app.route<RequestOf<typeof digestPreviewRoute>>({
    ...routeOf(digestPreviewRoute),
    config: { capability: 'teamReport' },
    handler: async (request): Promise<DigestResponse> => {
      const access = accessOf(request);
      return preview(access.userId, access.reportGroups, request.query.locale);
    },
  });

  app.route<RequestOf<typeof digestSwitchRoute>>({
    ...routeOf(digestSwitchRoute),
    config: { capability: 'teamReport' },
    handler: async (request): Promise<DigestResponse> => {
      const access = accessOf(request);
      await saveDigestSubscription(app.db, {
        userId: access.userId,
        enabled: request.body.enabled,
        locale: request.body.locale,
      });
      return preview(access.userId, access.reportGroups);
    },
  });
}
