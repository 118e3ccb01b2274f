import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../shared/i18n.js';
import { LOCALES, type Locale } from '../../shared/locales.js';

/**
 * The service's one loader of the message catalogs (the survey page, the email and note texts,
 * setup's dynamic content); the app bundles its own through Vite (src/app/i18n/catalogs.ts).
 */

/** translations/ at the repository root, from src/server/outbox (and from dist builds alike). */
const TRANSLATIONS_DIR = path.resolve(__dirname, '../../../translations');

export type Catalogs = Partial<Record<Locale, Catalog>>;

/** The shipped catalogs, read once: they change only with a new release. */
let shipped: Catalogs | null = null;

/** Reads every shipped locale's catalog; a missing file is an empty catalog (the translator falls back to English). */
export function loadCatalogs(dir: string = TRANSLATIONS_DIR): Catalogs {
  if (dir === TRANSLATIONS_DIR) return (shipped ??= readCatalogs(dir));
  return readCatalogs(dir);
}

function readCatalogs(dir: string): Catalogs {
  const catalogs: Catalogs = {};
  for (const locale of LOCALES) {
    const file = path.join(dir, `${locale}.json`);
    if (fs.existsSync(file))
      catalogs[locale] = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
  }
  return catalogs;
}
