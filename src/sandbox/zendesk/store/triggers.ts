import { ZendeskApiError, notFound } from '../api-error.js';
import type { TriggerCategoryRecord, TriggerRecord } from '../records.js';
import type { AccountLookups } from '../trigger-account.js';
import { validateTrigger, type TriggerInputRecord } from '../trigger-validation.js';
import type { Persisted, StoreContext } from './context.js';

/** The account's ticket triggers; trigger-engine.ts runs them. */
export class Triggers implements Persisted<TriggerRecord> {
  private readonly byId = new Map<number, TriggerRecord>();

  constructor(
    private readonly ctx: StoreContext,
    /** The records a trigger may name, so a trigger naming a missing one is refused. */
    private readonly lookups: AccountLookups,
  ) {}

  /** In the order the engine runs them: position, then id. */
  list(): TriggerRecord[] {
    return [...this.byId.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  }

  get(id: number): TriggerRecord {
    const trigger = this.byId.get(id);
    if (!trigger) throw notFound();
    return trigger;
  }

  create(raw: unknown): TriggerRecord {
    const input = validateTrigger(this.lookups, raw, null);
    const at = this.ctx.time();
    const last = Math.max(0, ...[...this.byId.values()].map((t) => t.position));
    const trigger: TriggerRecord = {
      id: this.ctx.ids.next('trigger'),
      title: input.title,
      description: input.description ?? null,
      active: input.active ?? true,
      // New triggers go last, as in Zendesk.
      position: input.position ?? last + 1,
      category_id: input.category_id ?? null,
      conditions: input.conditions,
      actions: input.actions,
      created_at: at,
      updated_at: at,
    };
    this.byId.set(trigger.id, trigger);
    this.ctx.changed();
    return trigger;
  }

  update(id: number, raw: unknown): TriggerRecord {
    const trigger = this.get(id);
    const input: TriggerInputRecord = validateTrigger(this.lookups, raw, trigger);
    Object.assign(trigger, {
      title: input.title,
      description: input.description ?? trigger.description,
      active: input.active ?? trigger.active,
      position: input.position ?? trigger.position,
      category_id: input.category_id === undefined ? trigger.category_id : input.category_id,
      conditions: input.conditions,
      actions: input.actions,
      updated_at: this.ctx.time(),
    });
    this.ctx.changed();
    return trigger;
  }

  delete(id: number): void {
    this.get(id);
    this.byId.delete(id);
    this.ctx.changed();
  }

  /** Creation order, as the snapshot has always kept them. */
  rows(): TriggerRecord[] {
    return [...this.byId.values()];
  }

  load(rows: TriggerRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}

/** Trigger categories (Zendesk groups triggers by them in Admin Center). */
export class TriggerCategories implements Persisted<TriggerCategoryRecord> {
  private readonly byId = new Map<string, TriggerCategoryRecord>();

  constructor(private readonly ctx: StoreContext) {}

  list(): TriggerCategoryRecord[] {
    return [...this.byId.values()].sort((a, b) => a.position - b.position);
  }

  find(id: string): TriggerCategoryRecord | null {
    return this.byId.get(id) ?? null;
  }

  create(input: { name?: unknown; position?: unknown }): TriggerCategoryRecord {
    if (typeof input.name !== 'string' || input.name.trim() === '') {
      throw new ZendeskApiError(400, {
        errors: [
          { code: 'InvalidTriggerCategory', title: 'Invalid data', detail: 'Name cannot be blank' },
        ],
      });
    }
    const at = this.ctx.time();
    const category: TriggerCategoryRecord = {
      id: String(this.ctx.ids.next('category')),
      name: input.name,
      position: typeof input.position === 'number' ? input.position : this.byId.size,
      created_at: at,
      updated_at: at,
    };
    this.byId.set(category.id, category);
    this.ctx.changed();
    return category;
  }

  rows(): TriggerCategoryRecord[] {
    return [...this.byId.values()];
  }

  load(rows: TriggerCategoryRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}
