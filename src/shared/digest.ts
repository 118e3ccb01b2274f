import type { Locale } from './locales.js';

/**
 * GET /api/v1/digest (preview) and PUT /api/v1/digest (the user's own choice): the current user's
 * weekly digest of last week, as the chat message says it, line by line.
 */
export interface DigestResponse {
  enabled: boolean;
  locale: Locale;
  /** 'chat': posted through the chat webhook in Settings; 'off': no webhook, nothing is sent. */
  delivery: 'chat' | 'off';
  week: { from: string; to: string };
  previousWeek: { from: string; to: string };
  lines: string[];
}
