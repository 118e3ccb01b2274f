import { TICKET_STATUSES, type TicketRecord } from '../../zendesk/records.js';
import type { SandboxStore } from '../../zendesk/store.js';
import { formatTime, groupName, statusBadge, userName } from './format.js';
import { html } from '../../../shared/html.js';
import { renderPage } from './layout.js';

export const TICKETS_PER_PAGE = 50;

export interface TicketListQuery {
  status: string | null;
  page: number;
}

/** Newest change first, as Zendesk's views sort by default. */
function byUpdated(a: TicketRecord, b: TicketRecord): number {
  return b.updated_at.localeCompare(a.updated_at) || b.id - a.id;
}

/** The ticket list: a status filter, a page of tickets, links to each ticket. */
export function renderTicketList(store: SandboxStore, query: TicketListQuery): string {
  const status =
    query.status && TICKET_STATUSES.includes(query.status as never) ? query.status : null;
  const all = store.tickets.list();
  const counts = new Map<string, number>();
  for (const t of all) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const matching = (status ? all.filter((t) => t.status === status) : all).sort(byUpdated);
  const pages = Math.max(1, Math.ceil(matching.length / TICKETS_PER_PAGE));
  const page = Math.min(Math.max(1, query.page), pages);
  const shown = matching.slice((page - 1) * TICKETS_PER_PAGE, page * TICKETS_PER_PAGE);
  const filterLink = (value: string | null, label: string, count: number) => {
    const href = value ? `/workspace/tickets?status=${value}` : '/workspace/tickets';
    const active = value === status;
    return html`<a
      href="${href}"
      class="${active ? 'active' : ''}"
      ${active ? html` aria-current="true"` : ''}
      >${label} (${count})</a
    >`;
  };
  const pageLink = (n: number, label: string) =>
    html`<a href="/workspace/tickets?${status ? `status=${status}&` : ''}page=${n}">${label}</a>`;

  const body = html`<h1>Tickets</h1>
    <nav class="filters" aria-label="Filter by status">
      ${filterLink(null, 'All', all.length)}
      ${TICKET_STATUSES.map((s) => filterLink(s, s[0]?.toUpperCase() + s.slice(1), counts.get(s) ?? 0))}
    </nav>
    ${
      shown.length === 0
        ? html`<p class="empty">
            No tickets${status ? html` with status ${status}` : ''} yet. Run
            <code>npm start</code> to seed the demo account, or create tickets through the API.
          </p>`
        : html`<table>
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Requester</th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Group</th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                ${shown.map(
                  (t) =>
                    html`<tr data-ticket-id="${t.id}">
                      <td>#${t.id}</td>
                      <td>
                        <a href="/workspace/tickets/${t.id}">${t.subject ?? '(no subject)'}</a>
                      </td>
                      <td>${userName(store, t.requester_id)}</td>
                      <td>${userName(store, t.assignee_id)}</td>
                      <td>${groupName(store, t.group_id)}</td>
                      <td>${statusBadge(t.status)}</td>
                      <td>${formatTime(t.updated_at)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <p class="muted">
              Page ${page} of ${pages} ${page > 1 ? pageLink(page - 1, '← Newer') : ''}
              ${page < pages ? pageLink(page + 1, 'Older →') : ''}
            </p>`
    }`;
  return renderPage({ title: 'Tickets', section: 'tickets', body });
}
