/** The weekly digest for team leads: a preview, and each user's own switch (issue 14). */
import { z } from 'zod';
import { LOCALES } from '../locales.js';
import { errors, route } from './route.js';

const week = z.object({ from: z.string(), to: z.string() });

/**
 * GET /api/v1/digest (preview) and PUT /api/v1/digest (the user's own choice): the current user's
 * weekly digest of last week, as the chat message says it, line by line.
 */
export const DigestResponse = z.object({
  enabled: z.boolean().describe('Whether the user gets the digest every week.'),
  locale: z.enum(LOCALES),
  delivery: z
    .enum(['chat', 'off'])
    .describe(
      "'chat': posted through the chat webhook in Settings; 'off': no webhook set, nothing is sent.",
    ),
  week,
  previousWeek: week,
  lines: z
    .array(z.string())
    .describe('The message as it is sent, line by line (plain text; customer text as is).'),
});
export type DigestResponse = z.output<typeof DigestResponse>;

export const digestPreviewRoute = route({
  method: 'GET',
  url: '/digest',
  tags: ['report'],
  summary:
    "A preview of the current user's weekly digest: last week's figures for their groups beside the week before, difficult answers, top reasons",
  querystring: z.strictObject({ locale: z.enum(LOCALES).optional() }),
  response: { 200: DigestResponse, ...errors(400, 401, 403, 503) },
});

export const digestSwitchRoute = route({
  method: 'PUT',
  url: '/digest',
  tags: ['report'],
  summary:
    'Switches the weekly digest on or off for the current user, in their language (it covers the groups they may see when it is sent)',
  body: z.strictObject({ enabled: z.boolean(), locale: z.enum(LOCALES) }),
  response: { 200: DigestResponse, ...errors(400, 401, 403, 503) },
});

export const DIGEST_ROUTES = [digestPreviewRoute, digestSwitchRoute] as const;
