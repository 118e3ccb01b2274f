import fs from 'node:fs';
import path from 'node:path';
import { countMessage } from '../../src/app/i18n/format.js';
import type { I18n } from '../../src/app/i18n/I18nProvider.js';
import { createTranslator, interpolate, lookup, type Catalog } from '../../src/shared/i18n.js';
import type { Locale } from '../../src/shared/locales.js';

const catalog = (locale: string) =>
  JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../../translations', `${locale}.json`), 'utf8'),
  ) as Catalog;

/** The app's translator for one locale, strict as in tests. */
function i18nFor(locale: Locale, intlLocale: string = locale): I18n {
  const catalogs = { [locale]: catalog(locale) };
  return {
    t: createTranslator(catalogs, locale, { strict: true }),
    optional: (key, vars) => {
      const found = lookup(catalogs[locale]!, key);
      return found === null ? null : interpolate(found, vars);
    },
    locale,
    intlLocale,
  };
}

describe('countMessage', () => {
  it("uses the language's own plural forms: Romanian one, few and other", () => {
    const ro = i18nFor('ro');
    expect(countMessage(ro, 'team.drivers.count', 1)).toBe('1 răspuns');
    expect(countMessage(ro, 'team.drivers.count', 2)).toBe('2 răspunsuri');
    expect(countMessage(ro, 'team.drivers.count', 19)).toBe('19 răspunsuri');
    expect(countMessage(ro, 'team.drivers.count', 20)).toBe('20 de răspunsuri');
    expect(countMessage(ro, 'team.drivers.count', 101)).toBe('101 răspunsuri');
    expect(countMessage(ro, 'team.drivers.count', 1000)).toBe('1.000 de răspunsuri');
  });

  it('keeps one and other where the language has no more, and formats the count', () => {
    const en = i18nFor('en', 'en-US');
    expect(countMessage(en, 'team.drivers.count', 1)).toBe('1 answer');
    expect(countMessage(en, 'team.drivers.count', 1234)).toBe('1,234 answers');
  });
});
