import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createGlobalStyle } from 'styled-components';
import { DEFAULT_THEME, ThemeProvider } from '@zendeskgarden/react-theming';
import { Alert } from '@zendeskgarden/react-notifications';
import { createTranslator, type Catalog } from '../../shared/i18n.js';
import en from '../../../translations/en.json';
import { resolveLocale, type Locale } from '../../shared/locales.js';
import type { Capability, MeResponse } from '../../shared/access.js';
import { getMe, type CesTarget } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
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
  /** What the service lets this user use (from Zendesk's roles); null when it could not say. */
  me: MeResponse | null;
  /** ZAF's word, for what to say when the service is not set up; the service decides access. */
  isAdmin: boolean;
}

/** Whether the service lets the user use `capability`. */
export function useCan(capability: Capability): boolean {
  const { me } = useSession();
  return me?.capabilities.includes(capability) ?? false;
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
  /** Why the service did not say what the user may see. */
  meError: RequestError | null;
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
      const serviceUrl = normalizeServiceUrl(metadata.settings?.service_url);
      const ces = serviceUrl ? { client, serviceUrl, userId: user.id } : null;
      // The service says what this user may see; without its answer the app shows nothing.
      let me: MeResponse | null = null;
      let meError: RequestError | null = null;
      const [catalogs] = await Promise.all([
        loadCatalogs(locale),
        ces
          ? getMe(ces).then(
              (answer) => void (me = answer),
              (failure: unknown) => void (meError = toRequestError('ces', failure)),
            )
          : null,
      ]);
      const session: Session = { user, ces, me, isAdmin: user.role === 'admin' };
      if (live) setReady({ session, locale, catalogs, meError });
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
              {!ready.session.ces ? (
                <MissingServiceUrl />
              ) : ready.session.me ? (
                children
              ) : (
                <NoAccess error={ready.meError} />
              )}
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

/** The service could not say who the user is (Zendesk down, not an agent): nothing to show. */
function NoAccess({ error }: { error: RequestError | null }) {
  const { t } = useI18n();
  return (
    <Alert type="warning" role="alert">
      <Alert.Title>{t('roles.failedTitle')}</Alert.Title>
      {error && error.status !== 403 ? t(errorMessageKey(error)) : t('roles.failed')}
    </Alert>
  );
}
