import type { TicketRecord, UserRecord } from './records.js';
import { SANDBOX_LOCALES } from './records.js';
import { renderLiquid } from './liquid.js';
import { escapeHtml } from '../../shared/html.js';
import type { PlaceholderAccount } from './trigger-account.js';

/**
 * Zendesk's placeholders ({{ticket.id}}, {{dc.name}}, ...) for trigger notifications. Zendesk uses
 * Liquid; the sandbox renders `{{ path }}` references (no filters) and the tags of liquid.ts
 * (`case`, `if`). An unknown placeholder renders empty, as Liquid does.
 */

/** How Zendesk names channels in {{ticket.via}}. Guess: the display names of Zendesk's via types. */
const VIA_NAMES: Record<string, string> = {
  email: 'Mail',
  web: 'Web Form',
  api: 'API',
  chat: 'Chat',
  phone: 'Phone call (incoming)',
  voice: 'Phone call (incoming)',
  sms: 'Text',
  twitter: 'Twitter',
  facebook: 'Facebook',
  mobile: 'Mobile',
  mobile_sdk: 'Mobile SDK',
  native_messaging: 'Messaging',
  web_widget: 'Web Widget',
  side_conversation: 'Side conversation',
};

export interface RenderContext {
  account: PlaceholderAccount;
  ticket: TicketRecord;
  actorId: number;
  /** The reader whose language picks dynamic content variants (the email's recipient). */
  localeUser: UserRecord | null;
  /**
   * JSON webhook bodies: values are escaped so they stay valid inside a JSON string. HTML email
   * bodies: values (dynamic content too, which holds no HTML) are text, so they are escaped.
   */
  escape?: 'json' | 'html';
}

function userValue(user: UserRecord | null, key: string): string {
  if (!user) return '';
  const [first, ...rest] = user.name.split(' ');
  switch (key) {
    case 'id':
      return String(user.id);
    case 'name':
      return user.name;
    case 'first_name':
      return first ?? '';
    case 'last_name':
      return rest.join(' ');
    case 'email':
      return user.email ?? '';
    case 'language':
      return SANDBOX_LOCALES.find((l) => l.id === user.locale_id)?.name ?? user.locale;
    // Not in Zendesk's placeholder article, but used by public webhook body templates.
    case 'locale':
      return user.locale;
    case 'role':
      return user.role;
    case 'extended_role':
      return user.role === 'end-user' ? 'end-user' : user.role;
    // Known placeholders for data the sandbox does not keep.
    case 'external_id':
    case 'phone':
    case 'details':
    case 'notes':
    case 'tags':
    case 'signature':
      return '';
    case 'time_zone':
      return 'UTC';
    default:
      return '';
  }
}

function fieldValue(ticket: TicketRecord, id: number): string {
  const value = ticket.custom_fields.find((f) => f.id === id)?.value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

/**
 * Placeholders the sandbox renders although Zendesk's reference
 * (https://support.zendesk.com/hc/en-us/articles/4408886858138) does not list them: user ids,
 * locales and roles, and the group's and brand's ids. With `account.undocumentedPlaceholders` set
 * to 'empty' they render empty, as Liquid renders a name it does not know.
 */
const UNDOCUMENTED =
  /^(?:(?:ticket\.(?:requester|assignee|submitter)|current_user)\.(?:id|locale|role)|ticket\.(?:group|brand)\.id)$/;

export function isUndocumentedPlaceholder(path: string): boolean {
  return UNDOCUMENTED.test(path);
}

/** The text a placeholder path stands for, or null when the sandbox does not know it. */
export function resolvePlaceholder(path: string, ctx: RenderContext): string | null {
  const { account, ticket } = ctx;
  if (account.undocumentedPlaceholders === 'empty' && UNDOCUMENTED.test(path)) return '';
  if (path.startsWith('dc.')) return dynamicContent(path.slice(3), ctx);
  const users: Record<string, UserRecord | null> = {
    'ticket.requester': account.users.find(ticket.requester_id),
    'ticket.assignee': account.users.find(ticket.assignee_id),
    'ticket.submitter': account.users.find(ticket.submitter_id),
    current_user: account.users.find(ctx.actorId),
  };
  for (const [prefix, user] of Object.entries(users)) {
    if (path.startsWith(`${prefix}.`)) return userValue(user, path.slice(prefix.length + 1));
  }
  const fieldMatch = /^ticket\.ticket_field_(option_title_)?(\d+)$/.exec(path);
  if (fieldMatch) {
    const id = Number(fieldMatch[2]);
    const raw = fieldValue(ticket, id);
    if (!fieldMatch[1]) return raw;
    const option = account.ticketFields
      .find(id)
      ?.custom_field_options?.find((o) => o.value === raw);
    return option?.name ?? raw;
  }
  const group = account.groups.find(ticket.group_id);
  const brand = account.brands.find(ticket.brand_id);
  switch (path) {
    case 'ticket.id':
      return String(ticket.id);
    case 'ticket.title':
      return ticket.subject ?? '';
    case 'ticket.description':
      return ticket.description;
    case 'ticket.status':
      return ticket.status.charAt(0).toUpperCase() + ticket.status.slice(1);
    case 'ticket.priority':
      return ticket.priority ?? '';
    case 'ticket.ticket_type':
      return ticket.type ?? '';
    case 'ticket.tags':
      return ticket.tags.join(' ');
    case 'ticket.via':
      return VIA_NAMES[ticket.via.channel] ?? ticket.via.channel;
    case 'ticket.account':
      return 'Sandbox';
    case 'ticket.group.id':
      return group ? String(group.id) : '';
    case 'ticket.group.name':
      return group?.name ?? '';
    case 'ticket.brand.id':
      return brand ? String(brand.id) : '';
    case 'ticket.brand.name':
      return brand?.name ?? '';
    case 'ticket.created_at_with_timestamp':
      return ticket.created_at;
    case 'ticket.updated_at_with_timestamp':
      return ticket.updated_at;
    case 'ticket.link':
    case 'ticket.url':
      return `sandbox.zendesk.local/agent/tickets/${ticket.id}`;
    // Guess: Zendesk renders the rating's score word; the sandbox uses the API value.
    case 'satisfaction.current_rating':
      return ticket.satisfaction_rating?.score ?? '';
    case 'satisfaction.current_comment':
      return ticket.satisfaction_rating?.comment ?? '';
    default:
      return null;
  }
}

/**
 * The variant for the reader's language, else the item's default variant (Zendesk's rule: no
 * language fallback between, e.g., pt and pt-BR). Placeholders inside the content are rendered.
 */
function dynamicContent(key: string, ctx: RenderContext): string {
  const item = ctx.account.dynamicContent.byPlaceholderKey(key);
  if (!item) return '';
  const wanted = ctx.localeUser?.locale_id;
  const variant =
    item.variants.find((v) => v.active && v.locale_id === wanted) ??
    item.variants.find((v) => v.default) ??
    null;
  if (!variant) return '';
  // Dynamic content may itself hold placeholders; {{dc.*}} inside it is not expanded again.
  return renderTemplate(variant.content, { ...ctx, escape: undefined }, false);
}

/** Renders the Liquid of `template`: every `{{ path }}` and the supported tags. */
export function renderTemplate(template: string, ctx: RenderContext, expandDc = true): string {
  return renderLiquid(template, {
    // Tags compare raw values; escaping is for what is written into the body.
    value: (path) => resolvePlaceholder(path, ctx) ?? '',
    output: (path, raw) => {
      if (!expandDc && path.startsWith('dc.')) return raw;
      const value = resolvePlaceholder(path, ctx) ?? '';
      if (ctx.escape === 'json') return JSON.stringify(value).slice(1, -1);
      if (ctx.escape === 'html') return escapeHtml(value);
      return value;
    },
  });
}
