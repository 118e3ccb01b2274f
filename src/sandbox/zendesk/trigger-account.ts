import type {
  BrandRecord,
  DynamicContentItemRecord,
  GroupRecord,
  TicketFieldRecord,
  TicketRecord,
  TriggerCategoryRecord,
  TriggerRecord,
  UserRecord,
  WebhookRecord,
} from './records.js';
import type { TicketChanges } from './store/ticket-changes.js';

/**
 * What the trigger engine (trigger-engine.ts, trigger-validation.ts) and the placeholders it
 * renders need from the account, and nothing more: the store satisfies it, and the engine never
 * imports the store.
 */

/** The records a trigger may name, looked up by id (null when there is none). */
export interface AccountLookups {
  users: { find(id: number | null | undefined): UserRecord | null };
  groups: { find(id: number | null | undefined): GroupRecord | null };
  brands: { find(id: number | null | undefined): BrandRecord | null };
  ticketFields: { find(id: number): TicketFieldRecord | null };
  webhooks: { find(id: string): WebhookRecord | null };
  triggerCategories: { find(id: string): TriggerCategoryRecord | null };
}

/** What {{placeholders}} read: the ticket's people, group, brand, fields and dynamic content. */
export interface PlaceholderAccount extends Pick<
  AccountLookups,
  'users' | 'groups' | 'brands' | 'ticketFields'
> {
  dynamicContent: { byPlaceholderKey(key: string): DynamicContentItemRecord | null };
  /** See placeholders.ts: 'empty' plays a Zendesk that renders only documented placeholders. */
  readonly undocumentedPlaceholders: 'render' | 'empty';
}

/** Everything a trigger run reads, and the one way it changes a ticket. */
export interface TriggerAccount extends AccountLookups, PlaceholderAccount {
  users: AccountLookups['users'] & { list(): UserRecord[] };
  now(): number;
  /** In the order the engine runs them: position, then id. */
  triggers: { list(): TriggerRecord[] };
  emails: { nextId(): number };
  /** Applies a trigger action with Zendesk's update semantics; returns the changed ticket. */
  applyChanges(
    ticket: TicketRecord,
    changes: TicketChanges,
    actorId: number,
    events: Array<Record<string, unknown>>,
  ): TicketRecord;
}
