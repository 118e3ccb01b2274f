import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Catalog } from '../../shared/i18n.js';
import { createTranslator } from '../../shared/i18n.js';
import { resolveLocale } from '../../shared/locales.js';
import { initZafClient } from '../api/zaf-sdk.js';
import { ClientProvider } from '../client/ClientProvider.js';
import { AppFrame } from '../frame/AppFrame.js';
import { loadCatalogs } from '../i18n/catalogs.js';
import en from '../../../translations/en.json';

/** Opened outside Zendesk: say so in English (there is no user, hence no language, yet). */
function OutsideZendesk() {
  const t = createTranslator({ en: en as Catalog }, resolveLocale('en'));
  return <p style={{ fontFamily: 'system-ui, sans-serif' }}>{t('common.outsideZendesk')}</p>;
}

/** Mounts one location into #root with the real ZAF SDK. */
export function mount(location: ReactNode): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from the page');
  createRoot(root).render(
    <ClientProvider init={initZafClient} outsideZendesk={<OutsideZendesk />}>
      <AppFrame loadCatalogs={loadCatalogs} strict={false}>
        {location}
      </AppFrame>
    </ClientProvider>,
  );
}
