import type { RoleDirectory } from '../../access/zendesk-roles.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Catalog } from '../../../shared/i18n.js';
import type { Locale } from '../../../shared/locales.js';
import type { ZendeskClient } from '../../zendesk/index.js';
import { ZendeskRequestError } from '../../zendesk/index.js';

/** What every job needs: storage, configuration, Zendesk and the message catalogs. */
export interface JobDeps {
  db: Database;
  config: Config;
  zendesk: ZendeskClient;
  catalogs: Partial<Record<Locale, Catalog>>;
  /** How long a chat webhook may take to answer (default CHAT_TIMEOUT_MS). */
  chatTimeoutMs?: number;
  /** Who a user is in Zendesk (the weekly digest's leads); by default read through `zendesk`. */
  roles?: RoleDirectory;
}

/** Zendesk no longer has the ticket (deleted or never there): nothing to write, nothing to retry. */
export function isTicketGone(error: unknown): boolean {
  return error instanceof ZendeskRequestError && error.status === 404;
}
