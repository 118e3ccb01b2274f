import { notFound } from '../api-error.js';
import { SANDBOX_LOCALES, type UserRecord, type UserRole } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

export interface NewUserInput {
  name: string;
  email?: string | null;
  role?: UserRole;
  locale?: string;
  default_group_id?: number | null;
  group_ids?: number[];
  custom_role_id?: number | null;
  id?: number;
}

/** The account's users (agents, admins, end users). */
export class Users implements Persisted<UserRecord> {
  private readonly byId = new Map<number, UserRecord>();

  constructor(
    private readonly ctx: StoreContext,
    /** Called when a user is (soft) deleted: the user.deleted webhook event hangs here. */
    private readonly onDeleted: (user: UserRecord, at: string) => void,
  ) {}

  create(input: NewUserInput): UserRecord {
    const locale = input.locale ?? 'en-US';
    const known = SANDBOX_LOCALES.find((l) => l.locale.toLowerCase() === locale.toLowerCase());
    const at = this.ctx.time();
    const user: UserRecord = {
      id: input.id ?? this.ctx.ids.next('user'),
      name: input.name,
      email: input.email ?? null,
      role: input.role ?? 'end-user',
      locale: known?.locale ?? locale,
      locale_id: known?.id ?? 1,
      default_group_id: input.default_group_id ?? null,
      group_ids: input.group_ids ?? [],
      custom_role_id: input.custom_role_id ?? null,
      role_type: input.custom_role_id ? 0 : input.role === 'admin' ? 4 : null,
      active: true,
      created_at: at,
      updated_at: at,
    };
    if (input.id !== undefined) this.ctx.ids.claim('user', input.id);
    this.byId.set(user.id, user);
    this.ctx.changed();
    return user;
  }

  get(id: number): UserRecord {
    const user = this.byId.get(id);
    if (!user) throw notFound();
    return user;
  }

  find(id: number | null | undefined): UserRecord | null {
    return id == null ? null : (this.byId.get(id) ?? null);
  }

  byEmail(email: string): UserRecord | null {
    const wanted = email.toLowerCase();
    for (const user of this.byId.values()) if (user.email?.toLowerCase() === wanted) return user;
    return null;
  }

  list(): UserRecord[] {
    return [...this.byId.values()];
  }

  /**
   * Delete User (soft delete): the user stays readable as inactive, as Zendesk's example
   * answer shows, and every active webhook subscribed to zen:event-type:user.deleted gets the
   * event (https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/).
   * Deleting twice is a 404: a deleted user is not found for deletion again (a guess).
   */
  delete(id: number): UserRecord {
    const user = this.get(id);
    if (!user.active) throw notFound();
    const at = this.ctx.time();
    user.active = false;
    user.updated_at = at;
    this.onDeleted(user, at);
    this.ctx.changed();
    return user;
  }

  rows(): UserRecord[] {
    return this.list();
  }

  load(rows: UserRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}
