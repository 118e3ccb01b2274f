import { html } from '../../../shared/html.js';
import { renderPage } from './layout.js';

/** One message an incoming webhook received (Slack or Teams format), as posted. */
export interface ChatDelivery {
  id: number;
  receivedAt: string;
  body: unknown;
}

/** The readable text of a Slack (`text`) or Teams MessageCard (`text`) payload. */
function messageText(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'text' in body) {
    const text = (body as { text: unknown }).text;
    if (typeof text === 'string') return text;
  }
  return JSON.stringify(body);
}

/** The local chat receiver: what the CES service's alert webhook posted, newest first. */
export function renderChatPage(deliveries: readonly ChatDelivery[]): string {
  const body = html`<h1>Chat receiver</h1>
    <p class="muted">
      Set the CES app's chat webhook to <code>/workspace/chat-receiver</code> on this sandbox: every
      high-effort alert it posts shows here, as a Slack or Teams channel would get it.
    </p>
    <div id="chat" data-refresh-ms="2000">
      ${
        deliveries.length === 0
          ? html`<p class="empty">No messages yet.</p>`
          : [...deliveries].reverse().map(
              (d) =>
                html`<article class="chat-message" data-id="${String(d.id)}">
                  <p class="muted">${d.receivedAt}</p>
                  <pre>${messageText(d.body)}</pre>
                </article>`,
            )
      }
    </div>`;
  return renderPage({ title: 'Chat receiver', section: 'chat', body });
}
