import type { Queryable } from '../db/database.js';
import { isTimeZone } from '../reports/period.js';
import type { ZendeskClient } from '../zendesk/index.js';
import { saveAccountTimeZone } from './zendesk-state.js';

/**
 * Reads the account's time zone from Zendesk (account settings, localization.iana_time_zone) and
 * keeps it for the reports: their days are solve days in that zone. A zone neither Intl nor
 * PostgreSQL knows is left out (the reports stay on the zone they had, UTC at first).
 * Returns the zone kept, or null when Zendesk gave none usable.
 */
export async function keepAccountTimeZone(deps: {
  db: Queryable;
  zendesk: Pick<ZendeskClient, 'getAccountTimeZone'>;
}): Promise<string | null> {
  const zone = await deps.zendesk.getAccountTimeZone();
  if (!isTimeZone(zone)) return null;
  try {
    await deps.db.query(`SELECT now() AT TIME ZONE $1`, [zone]);
  } catch {
    return null;
  }
  await saveAccountTimeZone(deps.db, zone);
  return zone;
}
