/**
 * Agents' and groups' names from Zendesk (users/show_many, groups), for the reports: the service
 * stores only ids. Names are cached for a few minutes, so a busy team page asks Zendesk once per
 * report at most; a failed lookup is not cached and leaves names unknown, never the report broken.
 */
import type { NamedRef } from '../../shared/api-types.js';
import type { ZendeskClient } from '../zendesk/index.js';

/** How long a name is reused: a renamed agent shows under the new name within this time. */
export const NAME_CACHE_MS = 5 * 60 * 1000;

export interface NameLookup {
  /** Every id, named; `deleted` when Zendesk no longer has the user (or only a deleted one). */
  users(ids: readonly number[]): Promise<NamedRef[]>;
  groups(ids: readonly number[]): Promise<NamedRef[]>;
}

export interface NameLookupOptions {
  now?: () => number;
  /** Told when Zendesk could not be asked; names then stay unknown. */
  onError?: (error: unknown) => void;
}

const unknown = (id: number): NamedRef => ({ id, name: null, deleted: false });

export function createNameLookup(
  zendesk: () => ZendeskClient,
  options: NameLookupOptions = {},
): NameLookup {
  const now = options.now ?? Date.now;
  const users = new Map<number, { ref: NamedRef; until: number }>();
  let groups: { byId: Map<number, NamedRef>; until: number } | null = null;

  async function lookUsers(ids: readonly number[]): Promise<NamedRef[]> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => (users.get(id)?.until ?? 0) <= now());
    if (missing.length > 0) {
      try {
        const found = new Map((await zendesk().showManyUsers(missing)).map((u) => [u.id, u]));
        const until = now() + NAME_CACHE_MS;
        for (const id of missing) {
          const user = found.get(id);
          // Zendesk leaves out ids it no longer has, and keeps soft-deleted users as inactive.
          const ref: NamedRef = user
            ? { id, name: user.name, deleted: !user.active }
            : { id, name: null, deleted: true };
          users.set(id, { ref, until });
        }
      } catch (error) {
        options.onError?.(error);
      }
    }
    // After a failed lookup a name known before is still better than none.
    return wanted.map((id) => users.get(id)?.ref ?? unknown(id));
  }

  async function lookGroups(ids: readonly number[]): Promise<NamedRef[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length > 0 && (groups === null || groups.until <= now())) {
      try {
        const list = await zendesk().listGroups();
        groups = {
          byId: new Map(list.map((g) => [g.id, { id: g.id, name: g.name, deleted: g.deleted }])),
          until: now() + NAME_CACHE_MS,
        };
      } catch (error) {
        options.onError?.(error);
      }
    }
    const known = groups;
    // A group the list lacks was deleted (Zendesk may also list deleted ones, marked as such).
    return wanted.map(
      (id) => known?.byId.get(id) ?? (known ? { id, name: null, deleted: true } : unknown(id)),
    );
  }

  return { users: lookUsers, groups: lookGroups };
}
