/** Plural forms a language uses for counts up to 1,000 beyond English's `one` and `other`. */
export function extraPluralForms(locale: string): string[] {
  const rules = new Intl.PluralRules(locale);
  const forms = new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
  return [...forms].filter((form) => form !== 'one' && form !== 'other').sort();
}

/** A key that is a counted message's form of `locale` English does not have ("x.few" in ro). */
export function isOwnPluralForm(key: string, locale: string, englishKeys: Set<string>): boolean {
  const match = /^(.*)\.(\w+)$/.exec(key);
  return (
    match !== null &&
    extraPluralForms(locale).includes(match[2]!) &&
    englishKeys.has(`${match[1]}.one`) &&
    englishKeys.has(`${match[1]}.other`)
  );
}
