import fs from 'node:fs';
import path from 'node:path';
import { Component, type ReactNode } from 'react';
import { render } from '@testing-library/react';
import '@testing-library/jest-dom';
import type { Catalog } from '../../../src/shared/i18n.js';
import { LOCALES, type Locale } from '../../../src/shared/locales.js';
import { ClientProvider } from '../../../src/app/client/ClientProvider.js';
import { AppFrame } from '../../../src/app/frame/AppFrame.js';
import type { CesTransport } from '../../../src/app/api/ces.js';
import type { MockZafClient } from './zaf-mock.js';

/** Where the test transport says the service is: requests reach the mock's routes with this origin. */
export const TEST_SERVICE = 'https://ces.example.com';

/** The service calls of a page with a session, answered by the mock client's routes. */
export function mockTransport(client: MockZafClient): CesTransport {
  return <T,>(request: Parameters<CesTransport>[0]) =>
    client.request<T>({ ...request, url: `${TEST_SERVICE}${request.url}` });
}

const dir = path.resolve(__dirname, '../../../translations');

/** The real catalogs, as shipped. */
export function readCatalogs(): Record<Locale, Catalog> {
  return Object.fromEntries(
    LOCALES.map((l) => [l, JSON.parse(fs.readFileSync(path.join(dir, `${l}.json`), 'utf8'))]),
  ) as Record<Locale, Catalog>;
}

export const catalogs = readCatalogs();

/** Catches what the app throws so a test can look at it (React would rethrow it otherwise). */
export class Caught extends Component<{ onError: (e: Error) => void; children: ReactNode }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error) {
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** Renders a location the way the entry files do, with the mock client and strict translations. */
export function renderApp(
  client: MockZafClient,
  ui: ReactNode,
  own = catalogs,
  onError?: (e: Error) => void,
) {
  const load = async (locale: Locale) => ({ en: own.en, [locale]: own[locale] });
  const app = (
    <ClientProvider init={client.init} outsideZendesk={<p>outside</p>}>
      <AppFrame
        loadCatalogs={load}
        strict
        transport={client.hasSession ? mockTransport(client) : null}
      >
        {ui}
      </AppFrame>
    </ClientProvider>
  );
  return render(onError ? <Caught onError={onError}>{app}</Caught> : app);
}

/** Dates as the app prints them (same locale and time zone as the component). */
export function dateTime(locale: 'en' | 'nl', iso: string): string {
  return new Intl.DateTimeFormat(ZENDESK_LOCALE[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A translated string from the shipped catalogs, for expectations. */
export function text(locale: Locale, key: string, vars: Record<string, string | number> = {}) {
  let node: string | Catalog | undefined = catalogs[locale];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`No "${key}" in ${locale}`);
  return node.replace(/\{(\w+)\}/g, (w, n: string) => (n in vars ? String(vars[n]) : w));
}

export const ZENDESK_LOCALE: Record<'en' | 'nl', string> = { en: 'en-US', nl: 'nl' };
