import type { FastifyInstance } from 'fastify';
import {
  getSettingsRoute,
  putSettingsRoute,
  zendeskSyncRoute,
  type ReplyOf,
  type RequestOf,
  type SettingsInvalidResponse,
  type SettingsResponse,
} from '../../../shared/contract/index.js';
import {
  DEFAULT_SETTINGS,
  validateSettings,
  withDefaults,
  type Settings,
} from '../../../shared/settings.js';
import { diffDocuments, recordAudit } from '../../access/access-repository.js';
import { accessOf } from '../../access/guard.js';
import { loadCatalogs } from '../../outbox/catalogs.js';
import {
  ERASE_OLD_COMMENTS_KEY,
  ERASE_OLD_COMMENTS_KIND,
} from '../../outbox/jobs/erase-old-comments.js';
import { enqueueZendeskSync } from '../../outbox/jobs/sync-zendesk.js';
import { enqueueJob } from '../../outbox/outbox-repository.js';
import { getSettings, saveSettings } from '../../settings/settings-repository.js';
import { zendeskView } from '../../setup/desired.js';
import { zendeskSyncStatus } from '../../setup/sync-status.js';
import { routeOf } from './contract-routes.js';

/**
 * A chat incoming-webhook address is a credential (whoever has it can post): responses and the
 * audit log show only its origin. A PUT that sends the shown form back keeps the stored address.
 */
export function maskedWebhookUrl(url: string): string {
  if (url === '') return '';
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}

function shown(settings: Settings): Settings {
  return {
    ...settings,
    alerts: {
      ...settings.alerts,
      chatWebhookUrl: maskedWebhookUrl(settings.alerts.chatWebhookUrl),
    },
  };
}

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  // Read once: the texts Zendesk shows come from these, as in the sync job.
  const catalogs = loadCatalogs();

  app.route<RequestOf<typeof getSettingsRoute>>({
    ...routeOf(getSettingsRoute),
    config: { capability: 'settings' },
    handler: async (): Promise<SettingsResponse> => ({
      settings: shown(await getSettings(app.db)),
    }),
  });

  app.route<RequestOf<typeof putSettingsRoute>>({
    ...routeOf(putSettingsRoute),
    config: { capability: 'settings' },
    handler: async (request, reply): Promise<SettingsResponse | SettingsInvalidResponse> => {
      const current = await getSettings(app.db);
      // Only keys the service knows are stored; the ones left out keep their current value.
      const body = Object.fromEntries(
        Object.entries(request.body).filter(([key]) => key in DEFAULT_SETTINGS),
      ) as Partial<Settings>;
      const next = withDefaults({
        ...current,
        ...body,
        rules: { ...current.rules, ...body.rules },
        reminder: { ...current.reminder, ...body.reminder },
        alerts: { ...current.alerts, ...body.alerts },
        ranking: { ...current.ranking, ...body.ranking },
      });
      // The shown (masked) chat address sent back means "keep the stored one".
      if (
        current.alerts.chatWebhookUrl !== '' &&
        next.alerts.chatWebhookUrl === maskedWebhookUrl(current.alerts.chatWebhookUrl)
      ) {
        next.alerts.chatWebhookUrl = current.alerts.chatWebhookUrl;
      }
      const problems = validateSettings(next);
      if (problems.length > 0) {
        reply.status(422);
        return { error: 'invalid_settings', problems };
      }
      // The sync is queued with the save or not at all: a change customers see always reaches Zendesk.
      const reachesZendesk = zendeskView(current, catalogs) !== zendeskView(next, catalogs);
      const access = accessOf(request);
      await app.db.transaction(async (tx) => {
        await saveSettings(tx, next);
        if (reachesZendesk) await enqueueZendeskSync(tx);
        // A new retention period applies now, not at the next hourly sweep.
        if (
          next.commentRetentionDays !== null &&
          next.commentRetentionDays !== current.commentRetentionDays
        ) {
          await enqueueJob(tx, {
            kind: ERASE_OLD_COMMENTS_KIND,
            dedupeKey: ERASE_OLD_COMMENTS_KEY,
            payload: {},
          });
        }
        // The chat address is a credential: the audit says it changed, never what it is.
        const changes = diffDocuments(current, next, new Set(['alerts.chatWebhookUrl']));
        if (changes.length > 0) {
          await recordAudit(tx, {
            userId: access.userId,
            userName: access.name,
            action: 'settings.update',
            changes,
          });
        }
      });
      if (reachesZendesk)
        request.log.info('settings changed what customers see: Zendesk sync queued');
      return { settings: shown(next) };
    },
  });

  app.route<RequestOf<typeof zendeskSyncRoute>>({
    ...routeOf(zendeskSyncRoute),
    config: { capability: 'settings' },
    handler: async (): Promise<ReplyOf<typeof zendeskSyncRoute>> => zendeskSyncStatus(app.db),
  });
}
