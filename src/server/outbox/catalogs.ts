import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../shared/i18n.js';
import { LOCALES, type Locale } from '../../shared/locales.js';

/** translations/ at the repository root, from src/server/outbox (and from dist builds alike). */
const TRANSLATIONS_DIR = path.resolve(__dirname, '../../../translations');

/** Reads every shipped locale's catalog; a missing file is an empty catalog (the translator falls back to English). */
export function loadCatalogs(dir: string = TRANSLATIONS_DIR): Partial<Record<Locale, Catalog>> {
  const catalogs: Partial<Record<Locale, Catalog>> = {};
  for (const locale of LOCALES) {
    const file = path.join(dir, `${locale}.json`);
    if (fs.existsSync(file))
      catalogs[locale] = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
  }
  return catalogs;
}
