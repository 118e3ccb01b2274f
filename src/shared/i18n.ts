import { FALLBACK_LOCALE, type Locale } from './locales.js';

/** A catalog from translations/<locale>.json: nested objects of strings. */
export type Catalog = { [key: string]: string | Catalog };
export type Vars = Record<string, string | number>;
export type Translate = (key: string, vars?: Vars) => string;

export class MissingTranslationError extends Error {
  constructor(
    readonly key: string,
    readonly locale: string,
  ) {
    super(`Missing translation "${key}" in ${locale}`);
    this.name = 'MissingTranslationError';
  }
}

export function lookup(catalog: Catalog, key: string): string | null {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = node[part];
  }
  return typeof node === 'string' ? node : null;
}

/** Every dotted key with a string value, for completeness tests. */
export function keysOf(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`),
  );
}

/** Replaces `{name}` with vars.name; an unknown `{name}` is left as it is. */
export function interpolate(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/**
 * A translator for one locale. Strict: a key missing from the locale's catalog throws, so tests
 * catch it. Lenient: it falls back to the English catalog, then to the key itself.
 */
export function createTranslator(
  catalogs: Partial<Record<Locale, Catalog>>,
  locale: Locale,
  options: { strict?: boolean } = {},
): Translate {
  const own = catalogs[locale] ?? {};
  const fallback = catalogs[FALLBACK_LOCALE] ?? {};
  return (key, vars) => {
    const found = lookup(own, key);
    if (found !== null) return interpolate(found, vars);
    if (options.strict) throw new MissingTranslationError(key, locale);
    const fb = lookup(fallback, key);
    return fb !== null ? interpolate(fb, vars) : key;
  };
}
