import type { EmailRecord } from '../../zendesk/records.js';
import type { SandboxStore } from '../../zendesk/store.js';
import { brandName, formatTime, linkify } from './format.js';
import { html, type SafeHtml } from '../../../shared/html.js';
import { renderPage } from './layout.js';

export const EMAILS_PER_PAGE = 25;

/**
 * One email as the recipient's mail client would show it: the HTML part in a frame that runs no
 * script (its own page, its own strict CSP), and the plain-text part a click away.
 */
export function renderEmail(store: SandboxStore, email: EmailRecord): SafeHtml {
  return html`<article
    class="email"
    id="email-${email.id}"
    data-email-id="${email.id}"
    data-ticket-id="${email.ticket_id}"
    data-locale="${email.to.locale}"
  >
    <header>
      <dl>
        <dt>To</dt>
        <dd>${email.to.name} &lt;${email.to.email ?? 'no address'}&gt; · ${email.to.locale}</dd>
        <dt>From</dt>
        <dd>${brandName(store, email.brand_id)} support</dd>
        <dt>Subject</dt>
        <dd class="email-subject">${email.subject}</dd>
        <dt>Sent</dt>
        <dd>
          ${formatTime(email.created_at)} · ticket
          <a href="/workspace/tickets/${email.ticket_id}">#${email.ticket_id}</a> ·
          <a href="/workspace/outbox/${email.id}">open</a>
        </dd>
      </dl>
    </header>
    <iframe
      class="email-html"
      title="Email from ${brandName(store, email.brand_id)}"
      src="/workspace/outbox/${email.id}/html"
      sandbox="allow-top-navigation-by-user-activation allow-popups"
    ></iframe>
    <details class="email-body">
      <summary>Plain-text part</summary>
      <pre>${linkify(email.body)}</pre>
    </details>
  </article>`;
}

/** Every email the triggers sent, newest first; refreshes itself so new mail shows up. */
export function renderOutbox(
  store: SandboxStore,
  query: { ticketId: number | null; page: number },
): string {
  const all = store.emails.list(query.ticketId === null ? {} : { ticketId: query.ticketId });
  const newestFirst = [...all].reverse();
  const pages = Math.max(1, Math.ceil(newestFirst.length / EMAILS_PER_PAGE));
  const page = Math.min(Math.max(1, query.page), pages);
  const shown = newestFirst.slice((page - 1) * EMAILS_PER_PAGE, page * EMAILS_PER_PAGE);
  const base =
    query.ticketId === null ? '/workspace/outbox?' : `/workspace/outbox?ticket=${query.ticketId}&`;
  const body = html`<h1>Email outbox</h1>
    <p class="muted">
      What Zendesk would have emailed, rendered as the customer would read it. Survey links open the
      survey page like a customer's click would.
      ${
        query.ticketId === null
          ? ''
          : html`Showing ticket #${query.ticketId} only (<a href="/workspace/outbox">all emails</a
              >).`
      }
    </p>
    <div id="outbox" data-refresh-ms="${page === 1 ? 2000 : 0}">
      ${
        shown.length === 0
          ? html`<p class="empty">No emails yet. Solve a ticket: the survey email arrives here.</p>`
          : shown.map((email) => renderEmail(store, email))
      }
      <p class="muted">
        ${all.length} email${all.length === 1 ? '' : 's'} · page ${page} of ${pages}
        ${page > 1 ? html`<a href="${base}page=${page - 1}">← Newer</a>` : ''}
        ${page < pages ? html`<a href="${base}page=${page + 1}">Older →</a>` : ''}
      </p>
    </div>`;
  return renderPage({ title: 'Email outbox', section: 'outbox', body });
}

export function renderEmailPage(store: SandboxStore, email: EmailRecord): string {
  return renderPage({
    title: email.subject,
    section: 'outbox',
    body: html`<p><a href="/workspace/outbox">← All emails</a></p>
      ${renderEmail(store, email)}`,
  });
}
