import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createGlobalStyle } from 'styled-components';
import { DEFAULT_THEME, ThemeProvider } from '@zendeskgarden/react-theming';
import { Alert } from '@zendeskgarden/react-notifications';
import { createTranslator, type Catalog } from '../../shared/i18n.js';
import en from '../../../translations/en.json';
import { resolveLocale, type Locale } from '../../shared/locales.js';
import type { Capability, MeResponse } from '../../shared/access.js';
import { getMe, type CesTarget, type CesTransport } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import { readPageSession, sessionTransport } from '../api/session.js';
import type { ZafUser } from '../api/zaf-client.js';
import { getCurrentUser } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { I18nProvider, useI18n } from '../i18n/I18nProvider.js';
import { CrashGuard } from './CrashGuard.js';
import { hue } from '../layout/colors.js';

export interface Session {
  user: ZafUser;
  /** The service, or null when the page carries no session (not loaded by Zendesk's signed request). */
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
  if (!ces) throw new Error('useCes() needs the app session the service puts in the page');
  return ces;
}

/** The session the service wrote into this page, as a transport; null when there is none. */
function pageTransport(): CesTransport | null {
  const session = readPageSession();
  return session ? sessionTransport(session) : null;
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
  /** How to reach the service; by default the session in the page (null: there is none). */
  transport?: CesTransport | null;
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
export function AppFrame({ loadCatalogs, strict, transport, children }: Props) {
  const client = useClient();
  const [send] = useState(() => (transport === undefined ? pageTransport() : transport));
  const [ready, setReady] = useState<Ready | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const user = await getCurrentUser(client);
      const locale = resolveLocale(user.locale);
      const ces: CesTarget | null = send ? { send } : null;
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
  }, [client, loadCatalogs, send]);

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
                <NoSession />
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

/** The page was opened without Zendesk's signed request, so the service gave it no session. */
function NoSession() {
  const { t } = useI18n();
  return (
    <Alert type="warning" role="alert">
      <Alert.Title>{t('common.session.title')}</Alert.Title>
      {t('common.session.missing')}
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
