import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createGlobalStyle } from 'styled-components';
import { DEFAULT_THEME, ThemeProvider } from '@zendeskgarden/react-theming';
import { Alert } from '@zendeskgarden/react-notifications';
import { createTranslator, type Catalog } from '../../shared/i18n.js';
import en from '../../../translations/en.json';
import { resolveLocale, type Locale } from '../../shared/locales.js';
import type { CesTarget } from '../api/ces.js';
import type { ZafUser } from '../api/zaf-client.js';
import { getCurrentUser, getMetadata } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { I18nProvider, useI18n } from '../i18n/I18nProvider.js';
import { CrashGuard } from './CrashGuard.js';
import { hue } from '../layout/colors.js';

export interface Session {
  user: ZafUser;
  /** The service, or null when the admin has not set a usable service URL. */
  ces: CesTarget | null;
  isAdmin: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() must be used inside <AppFrame>');
  return session;
}

/** The service target; only call below a location that checked `session.ces` is set. */
export function useCes(): CesTarget {
  const { ces } = useSession();
  if (!ces) throw new Error('useCes() needs the service_url setting');
  return ces;
}

/** The service URL as the admin typed it, checked and without a trailing slash; null if unusable. */
export function normalizeServiceUrl(raw: string | undefined): string | null {
  if (!raw || raw.trim() === '') return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return null;
  }
}

const GlobalStyle = createGlobalStyle`
  html, body { margin: 0; padding: 0; }
  body {
    font-family: ${(p) => p.theme.fonts.system};
    font-size: ${(p) => p.theme.fontSizes.md};
    color: ${hue('grey', 800)};
    background: transparent;
  }
`;

export type CatalogLoader = (locale: Locale) => Promise<Partial<Record<Locale, Catalog>>>;

interface Props {
  loadCatalogs: CatalogLoader;
  /** Tests: a missing translation key throws. */
  strict: boolean;
  children: ReactNode;
}

interface Ready {
  session: Session;
  locale: Locale;
  catalogs: Partial<Record<Locale, Catalog>>;
}

/**
 * Reads who is signed in, in which language, and where the service is; then provides theme,
 * translations and session to the location. Renders nothing for the instant this takes.
 */
export function AppFrame({ loadCatalogs, strict, children }: Props) {
  const client = useClient();
  const [ready, setReady] = useState<Ready | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const [user, metadata] = await Promise.all([getCurrentUser(client), getMetadata(client)]);
      const locale = resolveLocale(user.locale);
      const catalogs = await loadCatalogs(locale);
      const serviceUrl = normalizeServiceUrl(metadata.settings?.service_url);
      const session: Session = {
        user,
        ces: serviceUrl ? { client, serviceUrl } : null,
        isAdmin: user.role === 'admin',
      };
      if (live) setReady({ session, locale, catalogs });
    })().catch((e: unknown) => {
      if (live) setFailure(e instanceof Error ? e : new Error(String(e)));
    });
    return () => {
      live = false;
    };
  }, [client, loadCatalogs]);

  return (
    <ThemeProvider theme={DEFAULT_THEME}>
      <GlobalStyle />
      {failure ? (
        <ZafFailure strict={strict} />
      ) : ready ? (
        <I18nProvider
          locale={ready.locale}
          intlLocale={ready.session.user.locale || ready.locale}
          catalogs={ready.catalogs}
          strict={strict}
        >
          <SessionContext.Provider value={ready.session}>
            <CrashGuard strict={strict}>
              {ready.session.ces ? children : <MissingServiceUrl />}
            </CrashGuard>
          </SessionContext.Provider>
        </I18nProvider>
      ) : null}
    </ThemeProvider>
  );
}

/** ZAF itself failed, so the user's language is unknown: English, from the catalog. */
function ZafFailure({ strict }: { strict: boolean }) {
  const t = createTranslator({ en: en as Catalog }, 'en', { strict });
  return (
    <Alert type="error" role="alert">
      <Alert.Title>{t('common.errors.zafTitle')}</Alert.Title>
      {t('common.errors.zaf')}
    </Alert>
  );
}

function MissingServiceUrl() {
  const { t } = useI18n();
  const { isAdmin } = useSession();
  return (
    <Alert type="warning" role="alert">
      <Alert.Title>{t('common.serviceUrl.title')}</Alert.Title>
      {isAdmin ? t('common.serviceUrl.admin') : t('common.serviceUrl.agent')}
    </Alert>
  );
}
