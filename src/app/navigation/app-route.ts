/**
 * Where the nav bar app is: the team page, or one agent's page (optionally with one ticket's
 * answer highlighted). Zendesk documents deep links to a nav bar app with extra path segments,
 * https://{subdomain}.zendesk.com/agent/apps/{app-name}/foo/bar, handed to the app as `appRoute`
 * of the `app.route.changed` event (docs/reports.md, "The note's link"). The service writes
 * these links into internal notes (src/server/outbox/jobs/write-back-answer.ts).
 */
import { useEffect, useState } from 'react';
import type { ZafClient } from '../api/zaf-client.js';

export type AppView = { view: 'team' } | { view: 'agent'; agentId: number; ticketId?: number };

const ID = /^[1-9]\d{0,15}$/;
const asId = (s: string | undefined) =>
  s !== undefined && ID.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : null;

/** `agents/12` or `agents/12/tickets/345`; anything else is the team page. */
export function parseAppRoute(route: unknown): AppView {
  if (typeof route !== 'string') return { view: 'team' };
  const parts = route.split(/[?#]/)[0]!.split('/').filter(Boolean);
  if (parts[0] !== 'agents') return { view: 'team' };
  const agentId = asId(parts[1]);
  if (agentId === null) return { view: 'team' };
  const ticketId = parts[2] === 'tickets' ? asId(parts[3]) : null;
  return ticketId === null ? { view: 'agent', agentId } : { view: 'agent', agentId, ticketId };
}

/** The app route of a view: what follows /agent/apps/{app-name}/ in a deep link. */
export function appRouteOf(view: AppView): string {
  if (view.view === 'team') return '';
  return `agents/${view.agentId}${view.ticketId !== undefined ? `/tickets/${view.ticketId}` : ''}`;
}

/**
 * The latest route Zendesk handed the app (null until one arrives). Subscribed on the first
 * render after registration, so a route sent with the page load is not missed.
 */
export function useAppRoute(client: ZafClient): AppView | null {
  const [route, setRoute] = useState<AppView | null>(null);
  const [subscribe] = useState(() => {
    let listener: ((view: AppView) => void) | null = null;
    let pending: AppView | null = null;
    client.on('app.route.changed', (payload) => {
      const view = parseAppRoute((payload as { appRoute?: unknown } | undefined)?.appRoute);
      if (listener) listener(view);
      else pending = view;
    });
    return (next: (view: AppView) => void) => {
      listener = next;
      if (pending) next(pending);
      pending = null;
    };
  });
  useEffect(() => subscribe(setRoute), [subscribe]);
  return route;
}
