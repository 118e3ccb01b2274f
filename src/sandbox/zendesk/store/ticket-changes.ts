import { escapeHtml } from '../../../shared/html.js';
import { recordInvalid } from '../api-error.js';
import {
  TICKET_STATUSES,
  type BrandRecord,
  type CommentRecord,
  type FieldValue,
  type GroupRecord,
  type SatisfactionRating,
  type TicketFieldRecord,
  type TicketRecord,
  type TicketStatus,
  type UserRecord,
} from '../records.js';
import { addTags, normalizeTags, removeTags } from '../tags.js';
import type { StoreContext } from './context.js';

/** A change to a ticket, as the Tickets API and trigger actions express it. */
export interface TicketChanges {
  subject?: string | null;
  status?: TicketStatus;
  priority?: string | null;
  type?: string | null;
  requester_id?: number;
  assignee_id?: number | null;
  group_id?: number | null;
  brand_id?: number | null;
  /** Replaces every tag. */
  tags?: string[] | string;
  additional_tags?: string[] | string;
  remove_tags?: string[] | string;
  custom_fields?: Array<{ id: number; value: FieldValue }>;
  comment?: { body?: string; html_body?: string; public?: boolean; author_id?: number };
  satisfaction_rating?: SatisfactionRating | null;
  via?: { channel: string };
  safe_update?: boolean;
  updated_stamp?: string;
}

/** What applying a change reads: the records it may name, and ids and time for comments. */
export interface ChangeEnv {
  ctx: StoreContext;
  users: { find(id: number | null | undefined): UserRecord | null };
  groups: { find(id: number | null | undefined): GroupRecord | null };
  brands: { find(id: number | null | undefined): BrandRecord | null };
  ticketFields: { find(id: number): TicketFieldRecord | null };
}

export function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Zendesk's update semantics on a draft copy; throws 422 before anything is saved. */
export function applyTicketChanges(
  env: ChangeEnv,
  ticket: TicketRecord,
  changes: TicketChanges,
  actorId: number,
  events: Array<Record<string, unknown>>,
  creating: boolean,
): TicketRecord {
  const change = (field: string, previous: unknown, value: unknown) => {
    if (JSON.stringify(previous) !== JSON.stringify(value)) {
      events.push({
        type: creating ? 'Create' : 'Change',
        field_name: field,
        value,
        previous_value: previous,
      });
    }
  };
  if (changes.status !== undefined) {
    if (!TICKET_STATUSES.includes(changes.status)) {
      throw recordInvalid({
        status: [`Status: ${String(changes.status)} is not a valid status`],
      });
    }
    change('status', ticket.status, changes.status);
    ticket.status = changes.status;
  }
  if (changes.subject !== undefined) ticket.subject = changes.subject;
  if (changes.priority !== undefined) ticket.priority = changes.priority;
  if (changes.type !== undefined) ticket.type = changes.type;
  for (const key of ['assignee_id', 'group_id', 'brand_id', 'requester_id'] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    if (value !== null) {
      const exists =
        key === 'group_id'
          ? env.groups.find(value)
          : key === 'brand_id'
            ? env.brands.find(value)
            : env.users.find(value);
      if (!exists)
        throw recordInvalid({ [key.replace('_id', '')]: [`${key}: ${value} is invalid`] });
      if (key === 'assignee_id' && env.users.find(value)?.role === 'end-user') {
        throw recordInvalid({ assignee: ['Assignee: must be an agent'] });
      }
    } else if (key === 'requester_id' || key === 'brand_id') {
      throw recordInvalid({ [key.replace('_id', '')]: [`${key}: cannot be blank`] });
    }
    change(key, ticket[key], value);
    (ticket as unknown as Record<string, unknown>)[key] = value;
  }
  const tagsBefore = [...ticket.tags];
  if (changes.tags !== undefined) ticket.tags = normalizeTags(changes.tags);
  if (changes.additional_tags !== undefined) {
    ticket.tags = addTags(ticket.tags, normalizeTags(changes.additional_tags));
  }
  if (changes.remove_tags !== undefined) {
    ticket.tags = removeTags(ticket.tags, normalizeTags(changes.remove_tags));
  }
  for (const entry of changes.custom_fields ?? [])
    setCustomField(env, ticket, entry.id, entry.value);
  change('tags', tagsBefore, ticket.tags);
  if (changes.satisfaction_rating !== undefined)
    ticket.satisfaction_rating = changes.satisfaction_rating;
  if (changes.comment) {
    const html = changes.comment.html_body;
    const body = changes.comment.body ?? (html !== undefined ? stripHtml(html) : '');
    if (body.trim() !== '' || (html ?? '').trim() !== '') {
      const authorId = changes.comment.author_id ?? actorId;
      if (!env.users.find(authorId)) throw recordInvalid({ author: ['Author: is invalid'] });
      const comment: CommentRecord = {
        id: env.ctx.ids.next('comment'),
        type: 'Comment',
        author_id: authorId,
        body,
        html_body:
          html ?? `<div class="zd-comment"><p>${escapeHtml(body).replace(/\n/g, '<br>')}</p></div>`,
        plain_body: body,
        // Zendesk makes a comment public unless told otherwise.
        public: changes.comment.public ?? true,
        created_at: creating ? ticket.created_at : env.ctx.time(),
      };
      ticket.comments.push(comment);
      events.push({
        type: 'Comment',
        id: comment.id,
        public: comment.public,
        body: comment.body,
        author_id: authorId,
      });
    }
  }
  return ticket;
}

/**
 * Sets one custom field by id. Guesses: unknown ids are ignored (Zendesk drops them without an
 * error); numeric values are kept as strings, as Zendesk returns them; a drop-down's option
 * value is also a tag on the ticket, so changing the option swaps the tag.
 */
function setCustomField(
  env: ChangeEnv,
  ticket: TicketRecord,
  fieldId: number,
  raw: FieldValue,
): void {
  const field = env.ticketFields.find(Number(fieldId));
  if (!field) return;
  let value: FieldValue = raw === '' ? null : raw;
  const invalid = (why: string) => recordInvalid({ base: [`${field.title}: ${why}`] });
  if (value !== null) {
    switch (field.type) {
      case 'integer':
        if (!/^-?\d+$/.test(String(value))) throw invalid('is not a whole number');
        value = String(Number(value));
        break;
      case 'decimal':
        if (!Number.isFinite(Number(value))) throw invalid('is not a number');
        value = String(value);
        break;
      case 'checkbox':
        value = value === true || value === 'true' || value === 1;
        break;
      case 'tagger': {
        const option = field.custom_field_options?.find((o) => o.value === String(value));
        if (!option) throw invalid(`"${String(value)}" is not one of its options`);
        value = option.value;
        break;
      }
      case 'multiselect':
        value = normalizeTags(value);
        break;
      default:
        value = String(value);
    }
  }
  const slot = ticket.custom_fields.find((f) => f.id === field.id);
  const previous = slot?.value ?? null;
  if (field.type === 'tagger') {
    if (typeof previous === 'string') ticket.tags = removeTags(ticket.tags, [previous]);
    if (typeof value === 'string') ticket.tags = addTags(ticket.tags, [value]);
  }
  if (field.type === 'checkbox' && field.tag) {
    ticket.tags =
      value === true ? addTags(ticket.tags, [field.tag]) : removeTags(ticket.tags, [field.tag]);
  }
  if (slot) slot.value = value;
  else ticket.custom_fields.push({ id: field.id, value });
}
