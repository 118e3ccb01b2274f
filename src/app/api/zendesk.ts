/**
 * Every call from the app to Zendesk: ZAF data paths, ZAF actions, and the Zendesk REST API
 * through client.request (same origin, the agent's own session).
 */
import { toRequestError } from './request-error.js';
import type { ZafClient, ZafMetadata, ZafUser } from './zaf-client.js';

/** Largest page Zendesk's cursor pagination returns. */
export const PAGE_SIZE = 100;
/** Pages of groups or brands read at most (10,000 is far beyond any account we serve). */
export const MAX_PAGES = 100;

/** The ticket as the sidebar needs it; ids are null when the ticket has none. */
export interface TicketContext {
  id: number;
  status: string | null;
  requesterId: number | null;
  requesterLocale: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  groupId: number | null;
  brandId: number | null;
  /** How the ticket came in ("email", "web"…), for the channel exclusion rule. */
  channel: string | null;
  tags: string[];
  /** 'end-user', 'agent' or 'admin': agents asking for help are not surveyed. */
  requesterRole: 'end-user' | 'agent' | 'admin' | null;
}

export interface NamedRecord {
  id: number;
  name: string;
}

const TICKET_PATHS = [
  'ticket.id',
  'ticket.status',
  'ticket.requester.id',
  'ticket.requester.locale',
  'ticket.assignee.user.id',
  'ticket.assignee.user.name',
  'ticket.assignee.group.id',
  'ticket.brand.id',
  'ticket.via.channel',
  'ticket.tags',
  'ticket.requester.role',
] as const;
type TicketPath = (typeof TICKET_PATHS)[number];

function asId(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}
function asText(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
function asRole(v: unknown): TicketContext['requesterRole'] {
  return v === 'end-user' || v === 'agent' || v === 'admin' ? v : null;
}

/** The signed-in agent: id, name, role and locale. */
export async function getCurrentUser(client: ZafClient): Promise<ZafUser> {
  const result = await client.get<ZafUser, 'currentUser'>('currentUser');
  const user = result.currentUser;
  if (!user) throw new Error('ZAF returned no currentUser');
  return user;
}

/** The app's installation metadata, including the admin's (non-secure) settings. */
export function getMetadata(client: ZafClient): Promise<ZafMetadata> {
  return client.metadata();
}

/** The open ticket's ids, read from the ticket sidebar's ZAF context. */
export async function getTicketContext(client: ZafClient): Promise<TicketContext> {
  const r = await client.get<unknown, TicketPath>([...TICKET_PATHS]);
  const id = asId(r['ticket.id']);
  if (id === null) throw new Error('ZAF returned no ticket id');
  return {
    id,
    status: asText(r['ticket.status']),
    requesterId: asId(r['ticket.requester.id']),
    requesterLocale: asText(r['ticket.requester.locale']),
    assigneeId: asId(r['ticket.assignee.user.id']),
    assigneeName: asText(r['ticket.assignee.user.name']),
    groupId: asId(r['ticket.assignee.group.id']),
    brandId: asId(r['ticket.brand.id']),
    channel: asText(r['ticket.via.channel']),
    tags: Array.isArray(r['ticket.tags'])
      ? r['ticket.tags'].filter((t): t is string => typeof t === 'string')
      : [],
    requesterRole: asRole(r['ticket.requester.role']),
  };
}

/** Opens a ticket in the agent workspace. */
export async function openTicket(client: ZafClient, ticketId: number): Promise<void> {
  await client.invoke('routeTo', 'ticket', ticketId);
}

/** Sizes the sidebar iframe to its content. */
export async function resizeApp(client: ZafClient, heightPx: number): Promise<void> {
  await client.invoke('resize', { width: '100%', height: `${Math.ceil(heightPx)}px` });
}

async function zendeskGet<T>(client: ZafClient, url: string): Promise<T> {
  try {
    return await client.request<T>({ url, type: 'GET', dataType: 'json' });
  } catch (failure) {
    throw toRequestError('zendesk', failure);
  }
}

interface CursorPage {
  meta?: { has_more?: boolean; after_cursor?: string | null };
}

async function listAll<K extends string>(client: ZafClient, resource: K): Promise<NamedRecord[]> {
  const all: NamedRecord[] = [];
  let url: string | null = `/api/v2/${resource}.json?page[size]=${PAGE_SIZE}`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const body: CursorPage & Record<K, NamedRecord[]> = await zendeskGet(client, url);
    all.push(...(body[resource] ?? []).map(({ id, name }) => ({ id, name })));
    const after = body.meta?.has_more ? body.meta.after_cursor : null;
    url = after
      ? `/api/v2/${resource}.json?page[size]=${PAGE_SIZE}&page[after]=${encodeURIComponent(after)}`
      : null;
  }
  return all;
}

/** Every group of the account (for filters and names). */
export function getGroups(client: ZafClient): Promise<NamedRecord[]> {
  return listAll(client, 'groups');
}

/** Every brand of the account (for filters and names). */
export function getBrands(client: ZafClient): Promise<NamedRecord[]> {
  return listAll(client, 'brands');
}
