import type { SandboxStore } from '../../zendesk/store.js';
import { html, type SafeHtml } from '../../../shared/html.js';

/** "2026-11-23 10:00 UTC": one unambiguous format for every time the workspace shows. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function userName(store: SandboxStore, id: number | null | undefined): string {
  if (id === null || id === undefined) return '—';
  return store.users.find(id)?.name ?? `user ${id}`;
}

export function groupName(store: SandboxStore, id: number | null | undefined): string {
  if (id === null || id === undefined) return '—';
  return store.groups.find(id)?.name ?? `group ${id}`;
}

export function brandName(store: SandboxStore, id: number | null | undefined): string {
  if (id === null || id === undefined) return '—';
  return store.brands.find(id)?.name ?? `brand ${id}`;
}

export function statusBadge(status: string): SafeHtml {
  return html`<span class="status status-${status}">${status}</span>`;
}

const URL_PATTERN = /https?:\/\/[^\s<>"')]+/g;

/** Plain text with its URLs made into links; everything else escaped. */
export function linkify(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    const at = match.index ?? 0;
    parts.push(html`${text.slice(last, at)}<a href="${url}">${url}</a>`);
    last = at + url.length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}
