import { createContext, useContext, useMemo, type ReactNode } from 'react';
import {
  createTranslator,
  interpolate,
  lookup,
  type Catalog,
  type Translate,
  type Vars,
} from '../../shared/i18n.js';
import { FALLBACK_LOCALE, type Locale } from '../../shared/locales.js';

export interface I18n {
  t: Translate;
  /** For keys that may legitimately be absent (a custom driver's label): null instead of a throw. */
  optional: (key: string, vars?: Vars) => string | null;
  /** The catalog in use. */
  locale: Locale;
  /** The user's own locale ("pt-BR") for number and date formats. */
  intlLocale: string;
}

const I18nContext = createContext<I18n | null>(null);

interface Props {
  locale: Locale;
  intlLocale: string;
  catalogs: Partial<Record<Locale, Catalog>>;
  /** Tests: a missing key throws. Production: fall back to English. */
  strict: boolean;
  children: ReactNode;
}

export function I18nProvider({ locale, intlLocale, catalogs, strict, children }: Props) {
  const value = useMemo<I18n>(() => {
    const t = createTranslator(catalogs, locale, { strict });
    const optional = (key: string, vars?: Vars) => {
      const found =
        lookup(catalogs[locale] ?? {}, key) ??
        (strict ? null : lookup(catalogs[FALLBACK_LOCALE] ?? {}, key));
      return found === null ? null : interpolate(found, vars);
    };
    return { t, optional, locale, intlLocale };
  }, [catalogs, locale, intlLocale, strict]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() must be used inside <I18nProvider>');
  return i18n;
}
