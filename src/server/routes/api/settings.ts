import type { FastifyInstance } from 'fastify';
import type { SettingsInvalidResponse, SettingsResponse } from '../../../shared/api-types.js';
import {
  DEFAULT_SETTINGS,
  validateSettings,
  withDefaults,
  type Settings,
} from '../../../shared/settings.js';
import { getSettings, saveSettings } from '../../settings/settings-repository.js';
import { errorResponses, settingsInvalidResponse, settingsResponse } from './schemas.js';

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Scale, question, drivers, rules and ranking',
        response: { 200: settingsResponse, ...errorResponses(401) },
      },
    },
    async (): Promise<SettingsResponse> => ({ settings: await getSettings(app.db) }),
  );

  app.put<{ Body: Partial<Settings> }>(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Replace the settings; 422 lists every problem by field',
        description:
          'Keys left out keep their current value, so an older app never wipes a newer setting.',
        body: { $ref: 'Settings#' },
        response: {
          200: settingsResponse,
          422: settingsInvalidResponse,
          ...errorResponses(400, 401),
        },
      },
    },
    async (request, reply): Promise<SettingsResponse | SettingsInvalidResponse> => {
      const current = await getSettings(app.db);
      // Only keys the service knows are stored; the ones left out keep their current value.
      const body = Object.fromEntries(
        Object.entries(request.body).filter(([key]) => key in DEFAULT_SETTINGS),
      ) as Partial<Settings>;
      const next = withDefaults({
        ...current,
        ...body,
        rules: { ...current.rules, ...body.rules },
        ranking: { ...current.ranking, ...body.ranking },
      });
      const problems = validateSettings(next);
      if (problems.length > 0) {
        reply.status(422);
        return { error: 'invalid_settings', problems };
      }
      await saveSettings(app.db, next);
      return { settings: next };
    },
  );
}
