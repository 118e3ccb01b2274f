import type { HostConfig } from '../browser/host-config.js';
import type { TicketRecord, UserRecord } from '../../zendesk/records.js';
import type { SandboxStore } from '../../zendesk/store.js';
import { brandName, formatTime, groupName, linkify, statusBadge, userName } from './format.js';
import { html, type SafeHtml } from '../../../shared/html.js';
import { renderPage } from './layout.js';

export const SIDEBAR_FRAME_ID = 'ticket-sidebar-app';

/** Flash messages after a workspace action, by code (query text is never echoed). */
export const TICKET_FLASH: Record<string, { text: string; error?: boolean }> = {
  solved: { text: 'Ticket solved. Triggers ran: see the email outbox for what Zendesk sent.' },
  open: { text: 'Ticket reopened.' },
  closed: { text: 'Ticket closed. Zendesk refuses every later update to it.' },
  reassigned: { text: 'Ticket reassigned.' },
  rated: { text: 'Satisfaction rating recorded.' },
  refused_closed: { text: 'Zendesk refused the change: the ticket is closed.', error: true },
  refused: { text: 'Zendesk refused the change: see the sandbox log for details.', error: true },
};

export interface TicketViewOptions {
  ticket: TicketRecord;
  agents: UserRecord[];
  flash: string | null;
  /** The sidebar app, or null when the app is not built yet. */
  host: HostConfig | null;
}

function actions(store: SandboxStore, ticket: TicketRecord, agents: UserRecord[]): SafeHtml {
  if (ticket.status === 'closed') {
    return html`<p class="muted">Closed tickets cannot be changed (Zendesk answers 422).</p>`;
  }
  const statusButton = (status: string, label: string, primary = false) =>
    html`<form method="post" action="/workspace/tickets/${ticket.id}/status">
      <input type="hidden" name="status" value="${status}" />
      <button type="submit" class="${primary ? 'primary' : ''}">${label}</button>
    </form>`;
  const solved = ticket.status === 'solved';
  return html`<div class="actions" role="group" aria-label="Ticket actions">
    ${solved ? statusButton('open', 'Reopen') : statusButton('solved', 'Submit as Solved', true)}
    ${statusButton('closed', 'Close')}
    <form method="post" action="/workspace/tickets/${ticket.id}/assignee">
      <label for="assignee" class="muted">Assignee</label>
      <select id="assignee" name="assignee_id">
        ${agents.map(
          (a) =>
            html`<option value="${a.id}" ${a.id === ticket.assignee_id ? html` selected` : ''}>
              ${a.name} (${groupName(store, a.default_group_id)})
            </option>`,
        )}
      </select>
      <button type="submit">Reassign</button>
    </form>
    <form method="post" action="/workspace/tickets/${ticket.id}/satisfaction">
      <label for="csat" class="muted">CSAT</label>
      <select id="csat" name="score">
        <option value="good">Good</option>
        <option value="bad">Bad</option>
        <option value="offered">Offered</option>
      </select>
      <button type="submit">Rate</button>
    </form>
  </div>`;
}

function customFields(store: SandboxStore, ticket: TicketRecord): SafeHtml {
  const fields = store.ticketFields.list();
  return html`${fields.map((f) => {
    const value = ticket.custom_fields.find((c) => c.id === f.id)?.value;
    const text =
      value === null || value === undefined || value === ''
        ? '—'
        : Array.isArray(value)
          ? value.join(', ')
          : String(value);
    return html`<dt>${f.title}</dt>
      <dd data-field-id="${f.id}">${typeof value === 'string' ? linkify(text) : text}</dd>`;
  })}`;
}

/** One ticket: its properties, the conversation with internal notes, actions, and the app. */
export function renderTicketView(store: SandboxStore, options: TicketViewOptions): string {
  const { ticket } = options;
  const requester = store.users.find(ticket.requester_id);
  const flash = options.flash ? TICKET_FLASH[options.flash] : undefined;
  const body = html`${
      flash
        ? html`<p class="flash${flash.error ? ' error' : ''}" role="status">${flash.text}</p>`
        : ''
    }
    <div class="ticket" id="ticket" data-ticket-id="${ticket.id}" data-status="${ticket.status}">
      <aside class="ticket-props" aria-label="Ticket properties">
        <dl>
          <dt>Requester</dt>
          <dd>
            ${requester?.name ?? '—'}<br /><span class="muted">${requester?.email ?? ''}</span>
          </dd>
          <dt>Requester language</dt>
          <dd>${requester?.locale ?? '—'}</dd>
          <dt>Assignee</dt>
          <dd id="ticket-assignee">${userName(store, ticket.assignee_id)}</dd>
          <dt>Group</dt>
          <dd>${groupName(store, ticket.group_id)}</dd>
          <dt>Brand</dt>
          <dd>${brandName(store, ticket.brand_id)}</dd>
          <dt>Channel</dt>
          <dd>${ticket.via.channel}</dd>
          <dt>Status</dt>
          <dd id="ticket-status">${statusBadge(ticket.status)}</dd>
          <dt>Satisfaction</dt>
          <dd>${ticket.satisfaction_rating?.score ?? '—'}</dd>
          <dt>Tags</dt>
          <dd id="ticket-tags">
            ${
              ticket.tags.length === 0
                ? '—'
                : ticket.tags.map((tag) => html`<span class="tag">${tag}</span>`)
            }
          </dd>
          ${customFields(store, ticket)}
        </dl>
      </aside>
      <section aria-labelledby="ticket-subject">
        <h1 id="ticket-subject">
          ${ticket.subject ?? '(no subject)'} <span class="muted">#${ticket.id}</span>
        </h1>
        <p class="muted">
          Created ${formatTime(ticket.created_at)} · updated ${formatTime(ticket.updated_at)}
        </p>
        ${actions(store, ticket, options.agents)}
        <h2>Conversation</h2>
        <ol class="comments" id="comments">
          ${ticket.comments.map(
            (c) =>
              html`<li
                class="comment${c.public ? '' : ' internal'}"
                data-public="${String(c.public)}"
              >
                <header>
                  <strong>${userName(store, c.author_id)}</strong> ·
                  ${c.public ? 'Public reply' : 'Internal note'} · ${formatTime(c.created_at)}
                </header>
                <div class="body">${linkify(c.body)}</div>
              </li>`,
          )}
        </ol>
      </section>
      <aside class="sidebar" aria-label="Apps">
        <h2>Apps</h2>
        ${
          options.host
            ? html`<iframe
                id="${SIDEBAR_FRAME_ID}"
                class="app-frame"
                title="Customer Effort Score app"
              ></iframe>`
            : html`<p class="empty">The app is not built yet: run <code>npm run build</code>.</p>`
        }
      </aside>
    </div>`;
  return renderPage({
    title: `#${ticket.id} ${ticket.subject ?? ''}`,
    section: 'tickets',
    body,
    host: options.host ?? undefined,
  });
}
