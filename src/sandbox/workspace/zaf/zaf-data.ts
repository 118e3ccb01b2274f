import { userGroupIds, type TicketRecord, type UserRecord } from '../../zendesk/records.js';
import type { SandboxStore } from '../../zendesk/store.js';

/** What `client.get('ticket...')` answers, shaped like ZAF's ticket object. */
export function ticketData(store: SandboxStore, ticket: TicketRecord): Record<string, unknown> {
  const requester = store.users.find(ticket.requester_id);
  const assignee = store.users.find(ticket.assignee_id);
  const group = store.groups.find(ticket.group_id);
  const brand = store.brands.find(ticket.brand_id);
  const customFields: Record<string, unknown> = {};
  for (const field of ticket.custom_fields) customFields[String(field.id)] = field.value;
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    tags: ticket.tags,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    requester: requester ? userData(requester) : null,
    assignee: {
      user: assignee ? userData(assignee) : null,
      group: group ? { id: group.id, name: group.name } : null,
    },
    brand: brand ? { id: brand.id, name: brand.name, subdomain: brand.subdomain } : null,
    via: { channel: ticket.via.channel },
    customFields,
  };
}

export function userData(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
  };
}

/** The signed-in agent as `client.get('currentUser')` gives it. */
export function currentUserData(store: SandboxStore, user: UserRecord): Record<string, unknown> {
  const groups = store.groups
    .list()
    .filter((g) => !g.deleted && (user.role === 'admin' || userGroupIds(user).includes(g.id)))
    .map((g) => ({ id: g.id, name: g.name }));
  return { ...userData(user), timeZone: { ianaName: 'UTC' }, groups };
}

export function accountData(subdomain: string): Record<string, unknown> {
  return { subdomain, planName: 'sandbox', name: 'Sandbox account' };
}

export function ticketFieldsData(store: SandboxStore): Array<Record<string, unknown>> {
  return store.ticketFields
    .list()
    .map((f) => ({ name: `custom_field_${f.id}`, label: f.title, type: f.type }));
}
