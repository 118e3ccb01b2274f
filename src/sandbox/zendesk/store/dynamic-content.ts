import { notFound, recordInvalid } from '../api-error.js';
import { SANDBOX_LOCALES, type DynamicContentItemRecord, type VariantRecord } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

/** Zendesk derives a dynamic content placeholder from the item's name. */
export function placeholderFor(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `{{dc.${key}}}`;
}

/** Dynamic content items and their per-locale variants ({{dc.name}} in notifications). */
export class DynamicContent implements Persisted<DynamicContentItemRecord> {
  private readonly byId = new Map<number, DynamicContentItemRecord>();

  constructor(private readonly ctx: StoreContext) {}

  list(): DynamicContentItemRecord[] {
    return [...this.byId.values()];
  }

  get(id: number): DynamicContentItemRecord {
    const item = this.byId.get(id);
    if (!item) throw notFound();
    return item;
  }

  byPlaceholderKey(key: string): DynamicContentItemRecord | null {
    for (const item of this.byId.values()) if (item.placeholder === `{{dc.${key}}}`) return item;
    return null;
  }

  create(input: Record<string, unknown>): DynamicContentItemRecord {
    const name = input.name;
    if (typeof name !== 'string' || name.trim() === '')
      throw recordInvalid({ name: ['Name: cannot be blank'] });
    const placeholder = placeholderFor(name);
    if (this.list().some((i) => i.placeholder === placeholder)) {
      throw recordInvalid({ name: ['Name: has already been taken'] });
    }
    const defaultLocale = Number(input.default_locale_id);
    if (!SANDBOX_LOCALES.some((l) => l.id === defaultLocale)) {
      throw recordInvalid({ default_locale_id: ['Default locale: is invalid'] });
    }
    const rawVariants = Array.isArray(input.variants) ? (input.variants as unknown[]) : [];
    const at = this.ctx.time();
    const item: DynamicContentItemRecord = {
      id: this.ctx.ids.next('item'),
      name,
      placeholder,
      default_locale_id: defaultLocale,
      outdated: false,
      variants: [],
      created_at: at,
      updated_at: at,
    };
    for (const raw of rawVariants) item.variants.push(this.buildVariant(item, raw, at));
    const defaults = item.variants.filter((v) => v.locale_id === defaultLocale);
    if (defaults.length === 0) {
      throw recordInvalid({ variants: ['Variants: one variant must be in the default locale'] });
    }
    for (const v of item.variants) v.default = v.locale_id === defaultLocale;
    this.byId.set(item.id, item);
    this.ctx.changed();
    return item;
  }

  update(id: number, input: Record<string, unknown>): DynamicContentItemRecord {
    const item = this.get(id);
    if (typeof input.name === 'string' && input.name.trim() !== '') item.name = input.name;
    item.updated_at = this.ctx.time();
    this.ctx.changed();
    return item;
  }

  createVariant(itemId: number, raw: unknown): VariantRecord {
    const item = this.get(itemId);
    const variant = this.buildVariant(item, raw, this.ctx.time());
    if (variant.default) makeDefault(item, variant);
    item.variants.push(variant);
    item.updated_at = variant.updated_at;
    this.ctx.changed();
    return variant;
  }

  updateVariant(itemId: number, variantId: number, raw: unknown): VariantRecord {
    const item = this.get(itemId);
    const variant = item.variants.find((v) => v.id === variantId);
    if (!variant) throw notFound();
    const input = (raw ?? {}) as Record<string, unknown>;
    if (input.content !== undefined) {
      if (typeof input.content !== 'string' || input.content === '') {
        throw recordInvalid({ content: ['Content: cannot be blank'] });
      }
      variant.content = input.content;
    }
    if (typeof input.active === 'boolean') variant.active = input.active;
    if (input.locale_id !== undefined && Number(input.locale_id) !== variant.locale_id) {
      const locale = Number(input.locale_id);
      if (item.variants.some((v) => v.locale_id === locale)) {
        throw recordInvalid({ locale_id: ['Locale: has already been taken'] });
      }
      variant.locale_id = locale;
    }
    if (input.default === true) makeDefault(item, variant);
    variant.updated_at = this.ctx.time();
    item.updated_at = variant.updated_at;
    this.ctx.changed();
    return variant;
  }

  private buildVariant(item: DynamicContentItemRecord, raw: unknown, at: string): VariantRecord {
    const input = (raw ?? {}) as Record<string, unknown>;
    const locale = Number(input.locale_id);
    if (!SANDBOX_LOCALES.some((l) => l.id === locale)) {
      throw recordInvalid({
        locale_id: [`Locale: ${String(input.locale_id)} is not enabled in this account`],
      });
    }
    if (item.variants.some((v) => v.locale_id === locale)) {
      throw recordInvalid({ locale_id: ['Locale: has already been taken'] });
    }
    if (typeof input.content !== 'string' || input.content === '') {
      throw recordInvalid({ content: ['Content: cannot be blank'] });
    }
    return {
      id: this.ctx.ids.next('variant'),
      content: input.content,
      locale_id: locale,
      active: input.active !== false,
      default: input.default === true,
      outdated: false,
      created_at: at,
      updated_at: at,
    };
  }

  rows(): DynamicContentItemRecord[] {
    return this.list();
  }

  load(rows: DynamicContentItemRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}

function makeDefault(item: DynamicContentItemRecord, variant: VariantRecord): void {
  for (const v of item.variants) v.default = false;
  variant.default = true;
  item.default_locale_id = variant.locale_id;
}
