import type { HostConfig } from '../browser/host-config.js';
import { html } from './html.js';
import { renderPage } from './layout.js';

export const NAV_BAR_FRAME_ID = 'nav-bar-app';

/** The nav_bar location: a full-width frame for the team page app. */
export function renderTeamPage(host: HostConfig | null): string {
  const body = host
    ? html`<iframe
        id="${NAV_BAR_FRAME_ID}"
        class="nav-bar-frame"
        title="Customer Effort Score: team"
      ></iframe>`
    : html`<h1>Effort (CES)</h1>
        <p class="empty">The app is not built yet: run <code>npm run build</code>.</p>`;
  return renderPage({ title: 'Effort (CES)', section: 'team', body, host: host ?? undefined });
}
