/** The languages every person-facing string ships in. */
export const LOCALES = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'ro'] as const;
export type Locale = (typeof LOCALES)[number];
export const FALLBACK_LOCALE: Locale = 'en';

/** Maps a Zendesk locale ("nl", "pt-BR", "en-gb") to a shipped locale, or null. */
export function matchLocale(raw: string | null | undefined): Locale | null {
  if (!raw) return null;
  const base = raw.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : null;
}

/** The requester's locale, then the account default, then English. */
export function resolveLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const c of candidates) {
    const m = matchLocale(c);
    if (m) return m;
  }
  return FALLBACK_LOCALE;
}
