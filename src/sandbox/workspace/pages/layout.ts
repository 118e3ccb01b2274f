import type { FastifyReply } from 'fastify';
import type { HostConfig } from '../browser/host-config.js';
import { HOST_SCRIPT_PATH } from '../zaf/zaf-routes.js';
import { html, jsonBlock, type SafeHtml } from '../../../shared/html.js';

export const STYLESHEET_PATH = '/workspace/assets/workspace.css';
export const WORKSPACE_SCRIPT_PATH = '/workspace/scripts/workspace.js';
/** JSON `{ note: string | null }`: the demo's note while it seeds older weeks. */
export const DEMO_NOTE_PATH = '/workspace/demo-note';

export type Section = 'tickets' | 'team' | 'outbox' | 'chat' | 'none';

export interface PageOptions {
  title: string;
  section: Section;
  body: SafeHtml;
  /** Apps hosted on this page (their iframes must be in `body`). */
  host?: HostConfig;
}

/** The agent-workspace shell: a left nav like Zendesk's, the page, and the scripts it needs. */
export function renderPage(options: PageOptions): string {
  const link = (section: Section, href: string, label: string) =>
    html`<a
      href="${href}"
      class="nav-link${options.section === section ? ' active' : ''}"
      ${options.section === section ? html` aria-current="page"` : ''}
      >${label}</a
    >`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · Sandbox Zendesk</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        <div class="shell">
          <nav class="nav" aria-label="Workspace">
            <span class="brand" title="Sandbox Zendesk: a local stand-in, no account needed"
              >Sandbox</span
            >
            ${link('tickets', '/workspace/tickets', 'Tickets')}
            ${link('team', '/workspace/team', 'Effort (CES)')}
            ${link('outbox', '/workspace/outbox', 'Email outbox')}
            ${link('chat', '/workspace/chat', 'Chat receiver')}
          </nav>
          <main class="main">
            <div id="notifications" class="notifications" aria-live="polite"></div>
            <p id="demo-note" class="demo-note" role="status" hidden></p>
            ${options.body}
          </main>
        </div>
        ${options.host ? jsonBlock('zaf-host-config', options.host) : ''}
        ${options.host ? html`<script type="module" src="${HOST_SCRIPT_PATH}"></script>` : ''}
        <script type="module" src="${WORKSPACE_SCRIPT_PATH}"></script>
      </body>
    </html> `.value;
}

/** The page's own security headers: scripts and styles from files only, apps from the local hosts. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' http://localhost:* http://127.0.0.1:*",
        "form-action 'self' http://localhost:* http://127.0.0.1:*",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .send(page);
}
