/**
 * The message catalogs the app bundles: English always (the fallback), the user's own language
 * as a separate chunk loaded on demand, so a sidebar only downloads the one it shows.
 */
import type { Catalog } from '../../shared/i18n.js';
import type { Locale } from '../../shared/locales.js';
import en from '../../../translations/en.json';

type Loader = () => Promise<{ default: unknown }>;

const LOADERS: Record<Exclude<Locale, 'en'>, Loader> = {
  nl: () => import('../../../translations/nl.json'),
  de: () => import('../../../translations/de.json'),
  fr: () => import('../../../translations/fr.json'),
  es: () => import('../../../translations/es.json'),
  pt: () => import('../../../translations/pt.json'),
  ro: () => import('../../../translations/ro.json'),
};

/** English plus the given locale's catalog. */
export async function loadCatalogs(locale: Locale): Promise<Partial<Record<Locale, Catalog>>> {
  const catalogs: Partial<Record<Locale, Catalog>> = { en: en as Catalog };
  if (locale !== 'en') catalogs[locale] = (await LOADERS[locale]()).default as Catalog;
  return catalogs;
}

/** Every shipped catalog: the settings screen shows each language's own wording. */
export async function loadAllCatalogs(): Promise<Record<Locale, Catalog>> {
  const entries = await Promise.all(
    (Object.keys(LOADERS) as Exclude<Locale, 'en'>[]).map(
      async (locale) => [locale, (await LOADERS[locale]()).default as Catalog] as const,
    ),
  );
  return { en: en as Catalog, ...Object.fromEntries(entries) } as Record<Locale, Catalog>;
}
