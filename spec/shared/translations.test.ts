import fs from 'node:fs';
import path from 'node:path';
import { keysOf, lookup, type Catalog } from '../../src/shared/i18n.js';
import { LOCALES } from '../../src/shared/locales.js';
import { SCALES, points } from '../../src/shared/scales.js';
import { DEFAULT_DRIVERS } from '../../src/shared/settings.js';
import { extraPluralForms } from '../support/plural-forms.js';

const DIR = path.join(__dirname, '../../translations');

function load(locale: string): Catalog {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${locale}.json`), 'utf8')) as Catalog;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Every problem between a catalog and the English one, as readable lines. */
function catalogProblems(en: Catalog, other: Catalog, locale = 'en'): string[] {
  const problems: string[] = [];
  const enKeys = new Set(keysOf(en));
  const otherKeys = new Set(keysOf(other));
  // A counted message ("x.one" and "x.other" in English) has every plural form of the language.
  const pluralStems = [...enKeys]
    .filter((key) => key.endsWith('.other') && enKeys.has(key.replace(/\.other$/, '.one')))
    .map((key) => key.replace(/\.other$/, ''));
  const ownForms = new Set(
    pluralStems.flatMap((stem) => extraPluralForms(locale).map((form) => `${stem}.${form}`)),
  );
  for (const key of [...enKeys, ...ownForms]) {
    if (!otherKeys.has(key)) problems.push(`missing ${key}`);
  }
  for (const key of otherKeys) {
    if (!enKeys.has(key) && !ownForms.has(key)) problems.push(`extra ${key}`);
  }
  for (const key of otherKeys) {
    const text = lookup(other, key) ?? '';
    if (text.trim() === '') problems.push(`empty ${key}`);
    const source = lookup(en, key) ?? lookup(en, key.replace(/\.\w+$/, '.other'));
    if (source !== null && placeholders(source).join() !== placeholders(text).join()) {
      problems.push(`placeholders of ${key}: {${placeholders(text).join('}{')}}`);
    }
  }
  return problems;
}

describe('translations', () => {
  const en = load('en');

  it('ships a catalog for every locale', () => {
    for (const locale of LOCALES) {
      expect(fs.existsSync(path.join(DIR, `${locale}.json`))).toBe(true);
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has exactly the keys of en, none empty, with the same placeholders',
    (locale) => {
      expect(catalogProblems(en, load(locale), locale)).toEqual([]);
    },
  );

  it('asks Romanian for its third plural form, and finds one missing', () => {
    expect(extraPluralForms('ro')).toEqual(['few']);
    expect(extraPluralForms('de')).toEqual([]);
    const ro = load('ro');
    const drivers = (ro.team as Catalog).drivers as Catalog;
    delete (drivers.count as Catalog).few;
    expect(catalogProblems(en, ro, 'ro')).toEqual(['missing team.drivers.count.few']);
  });

  it('has no empty strings in en', () => {
    expect(keysOf(en).filter((k) => (lookup(en, k) ?? '').trim() === '')).toEqual([]);
  });

  it('finds a missing key, an empty string and a changed placeholder', () => {
    const broken: Catalog = JSON.parse(JSON.stringify(en)) as Catalog;
    const survey = broken.survey as Catalog;
    delete survey.submit;
    survey.pageTitle = ' ';
    survey.commentHint = 'Up to {maximum} characters.';
    expect(catalogProblems(en, broken)).toEqual([
      'missing survey.submit',
      'empty survey.pageTitle',
      'placeholders of survey.commentHint: {maximum}',
    ]);
  });

  it('labels every point of every scale and asks each question with {company}', () => {
    for (const locale of LOCALES) {
      const catalog = load(locale);
      for (const scale of Object.values(SCALES)) {
        expect(lookup(catalog, scale.questionKey)).toContain('{company}');
        for (const point of points(scale)) {
          expect([locale, lookup(catalog, `${scale.labelKey}.${point}`)]).not.toEqual([
            locale,
            null,
          ]);
        }
      }
      for (const driver of DEFAULT_DRIVERS) {
        expect([locale, lookup(catalog, `drivers.${driver}`)]).not.toEqual([locale, null]);
      }
    }
  });

  it('has every key the service’s code asks for (the service falls back to the key itself)', () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          const source = fs.readFileSync(file, 'utf8');
          for (const m of source.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
        }
      }
    };
    walk(path.join(__dirname, '../../src/server'));
    // Keys built at run time, from the lists they are built from.
    for (const band of ['easy', 'neutral', 'difficult']) used.add(`note.band.${band}`);
    for (const scale of Object.values(SCALES)) used.add(`note.scales.${scale.id}`);
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => lookup(en, key) === null)).toEqual([]);
  });

  it('is translated, not copied from English', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const catalog = load(locale);
      const keys = keysOf(en).filter((k) => /^(survey|scales|drivers|errors)\./.test(k));
      const same = keys.filter((k) => lookup(catalog, k) === lookup(en, k));
      // A few words are the same in both languages ("optional", "Feedback"); whole namespaces are not.
      expect([locale, same.length / keys.length < 0.1]).toEqual([locale, true]);
    }
  });
});
