import type { HostConfig } from '../browser/host-config.js';
import { html } from '../../../shared/html.js';
import { renderPage } from './layout.js';

export const NAV_BAR_FRAME_ID = 'nav-bar-app';

export interface ViewAs {
  currentId: number;
  choices: Array<{ id: number; label: string }>;
}

/** "View as": who the workspace is signed in as, so the demo shows each role's app. */
function viewAsForm(viewAs: ViewAs) {
  return html`<form class="view-as" method="post" action="/workspace/view-as">
    <label for="view-as-user">View as</label>
    <select id="view-as-user" name="user_id">
      ${viewAs.choices.map(
        (c) =>
          html`<option value="${String(c.id)}" ${c.id === viewAs.currentId ? html`selected` : ''}>
            ${c.label}
          </option>`,
      )}
    </select>
    <button type="submit">Switch</button>
  </form>`;
}

/** The nav_bar location: a full-width frame for the team page app. */
export function renderTeamPage(host: HostConfig | null, viewAs?: ViewAs): string {
  const frame = host
    ? html`<iframe
        id="${NAV_BAR_FRAME_ID}"
        class="nav-bar-frame"
        title="Customer Effort Score: team"
      ></iframe>`
    : html`<h1>Effort (CES)</h1>
        <p class="empty">The app is not built yet: run <code>npm run build</code>.</p>`;
  const body = html`${viewAs ? viewAsForm(viewAs) : ''}${frame}`;
  return renderPage({ title: 'Effort (CES)', section: 'team', body, host: host ?? undefined });
}
