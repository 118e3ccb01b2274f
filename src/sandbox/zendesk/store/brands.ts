import type { BrandRecord } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

/** The account's brands; one is the default that new tickets get. */
export class Brands implements Persisted<BrandRecord> {
  private readonly byId = new Map<number, BrandRecord>();

  constructor(private readonly ctx: StoreContext) {}

  create(input: { name: string; subdomain?: string; default?: boolean }): BrandRecord {
    const at = this.ctx.time();
    const brand: BrandRecord = {
      id: this.ctx.ids.next('brand'),
      name: input.name,
      subdomain: input.subdomain ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, ''),
      default: input.default ?? this.byId.size === 0,
      active: true,
      created_at: at,
      updated_at: at,
    };
    this.byId.set(brand.id, brand);
    this.ctx.changed();
    return brand;
  }

  find(id: number | null | undefined): BrandRecord | null {
    return id == null ? null : (this.byId.get(id) ?? null);
  }

  default(): BrandRecord | null {
    for (const brand of this.byId.values()) if (brand.default) return brand;
    return null;
  }

  list(): BrandRecord[] {
    return [...this.byId.values()];
  }

  rows(): BrandRecord[] {
    return this.list();
  }

  load(rows: BrandRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}
