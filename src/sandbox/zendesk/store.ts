import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ZendeskApiError, closedTicket, notFound, recordInvalid } from './api-error.js';
import {
  SANDBOX_LOCALES,
  TICKET_STATUSES,
  type BrandRecord,
  type CommentRecord,
  type DeliveryRecord,
  type DynamicContentItemRecord,
  type TicketFormRecord,
  type EmailRecord,
  type FieldValue,
  type GroupRecord,
  type SatisfactionRating,
  type TicketFieldRecord,
  type TicketRecord,
  type TicketStatus,
  type TriggerCategoryRecord,
  type TriggerRecord,
  type UserRecord,
  type UserRole,
  type VariantRecord,
  type WebhookRecord,
} from './records.js';
import { addTags, normalizeTags, removeTags } from './tags.js';
import { USER_DELETED_EVENT, userDeletedEvent } from './user-events.js';
import { runTriggers, validateTrigger, type TriggerInputRecord } from './trigger-engine.js';

/** The sandbox's own admin: the credentials the service's demo config uses. */
export const SANDBOX_ADMIN_EMAIL = 'admin@sandbox.local';
export const SANDBOX_API_TOKEN = 'sandbox-api-token';
export const SANDBOX_OAUTH_TOKEN = 'sandbox-oauth-token';

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

export interface NewTicketInput extends TicketChanges {
  requester_id: number;
  submitter_id?: number;
  created_at?: string;
  /** Seeding only: skip the trigger engine (bulk demo data). */
}

export interface UpdateOptions {
  /** The user making the change (current_user); defaults to the sandbox admin. */
  actorId?: number;
  /** API requests count against the per-ticket update limit; workspace clicks do not. */
  viaApi?: boolean;
}

export interface TicketUpdateResult {
  ticket: TicketRecord;
  audit: {
    id: number;
    ticket_id: number;
    created_at: string;
    author_id: number;
    events: Array<Record<string, unknown>>;
  };
}

export interface StoreOptions {
  now?: () => number;
  /** Called after every change (the JSON file persistence hangs here). */
  onChange?: () => void;
  /** Called for each webhook invocation a trigger queued (the dispatcher hangs here). */
  onDelivery?: (delivery: DeliveryRecord) => void;
  /** Zendesk: 30 updates per 10 minutes per user per ticket. `null` switches the check off. */
  ticketUpdateLimit?: { limit: number; windowMs: number } | null;
  /** The account's time zone (Admin Center > Account > Localization); default UTC. */
  timeZone?: AccountTimeZone;
}

/** A Zendesk account time zone: Zendesk's display name and the IANA name beside it. */
export interface AccountTimeZone {
  name: string;
  iana: string;
}

export const SANDBOX_TIME_ZONE: AccountTimeZone = { name: 'UTC', iana: 'Etc/UTC' };

/** SANDBOX_TIME_ZONE (an IANA name such as America/New_York) for the launchers; default UTC. */
export function sandboxTimeZoneFromEnv(env: NodeJS.ProcessEnv = process.env): AccountTimeZone {
  const iana = env.SANDBOX_TIME_ZONE;
  if (!iana) return SANDBOX_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: iana });
  } catch {
    throw new Error(
      `SANDBOX_TIME_ZONE is "${iana}": give an IANA time zone such as America/New_York.`,
    );
  }
  return { name: iana, iana };
}

interface Counters {
  ticket: number;
  user: number;
  group: number;
  brand: number;
  field: number;
  option: number;
  trigger: number;
  category: number;
  item: number;
  variant: number;
  comment: number;
  audit: number;
  email: number;
  form: number;
}

/**
 * Id ranges per kind, large like real Zendesk ids (which exceed 32 bits), so a column or a
 * variable that mixes them up or truncates them shows up in tests. Tickets count from 1.
 */
const FIRST_IDS: Counters = {
  ticket: 1,
  user: 381_000_000_001,
  group: 382_000_000_001,
  brand: 383_000_000_001,
  field: 384_000_000_001,
  option: 384_500_000_001,
  trigger: 385_000_000_001,
  category: 385_500_000_001,
  item: 386_000_000_001,
  variant: 386_500_000_001,
  comment: 387_000_000_001,
  audit: 388_000_000_001,
  email: 1,
  form: 389_000_000_001,
};

/** Everything the JSON file holds. */
export interface SandboxSnapshot {
  counters: Counters;
  users: UserRecord[];
  groups: GroupRecord[];
  brands: BrandRecord[];
  tickets: TicketRecord[];
  ticketFields: TicketFieldRecord[];
  ticketForms?: TicketFormRecord[];
  webhooks: WebhookRecord[];
  triggers: TriggerRecord[];
  triggerCategories: TriggerCategoryRecord[];
  dynamicContent: DynamicContentItemRecord[];
  emails: EmailRecord[];
  deliveries: DeliveryRecord[];
}

const FIELD_TYPES = [
  'text',
  'textarea',
  'integer',
  'decimal',
  'checkbox',
  'date',
  'regexp',
  'tagger',
  'multiselect',
];

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sameInstant(stamp: string | undefined, at: string): boolean {
  return stamp !== undefined && Date.parse(stamp) === Date.parse(at);
}

/**
 * A ticket's next updated_at: now, or one second after the previous stamp when both fall in the
 * same second, so that a safe update never mistakes a newer version for the one it read.
 */
function laterStamp(now: string, previous: string): string {
  const last = Date.parse(previous);
  return Date.parse(now) > last ? now : isoTime(last + 1000);
}

function stripHtml(html: string): string {
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

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Zendesk derives a dynamic content placeholder from the item's name. */
export function placeholderFor(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `{{dc.${key}}}`;
}

/**
 * The sandbox account: every record, and the operations that change them the way Zendesk does
 * (tag rules, closed tickets, the trigger engine on every ticket create and update).
 */
export class SandboxStore {
  readonly now: () => number;
  private counters: Counters = { ...FIRST_IDS };
  private readonly options: StoreOptions;
  private updateLog = new Map<string, number[]>();

  readonly userMap = new Map<number, UserRecord>();
  readonly groupMap = new Map<number, GroupRecord>();
  readonly brandMap = new Map<number, BrandRecord>();
  readonly ticketMap = new Map<number, TicketRecord>();
  readonly fieldMap = new Map<number, TicketFieldRecord>();
  readonly formMap = new Map<number, TicketFormRecord>();
  readonly webhookMap = new Map<string, WebhookRecord>();
  readonly triggerMap = new Map<number, TriggerRecord>();
  readonly categoryMap = new Map<string, TriggerCategoryRecord>();
  readonly itemMap = new Map<number, DynamicContentItemRecord>();
  emailList: EmailRecord[] = [];
  deliveryList: DeliveryRecord[] = [];
  /** Account settings > localization (tests may set another zone). */
  timeZone: AccountTimeZone;

  constructor(options: StoreOptions = {}) {
    this.options = options;
    this.timeZone = options.timeZone ?? SANDBOX_TIME_ZONE;
    this.now = options.now ?? Date.now;
    this.seedAccount();
  }

  private time(): string {
    return isoTime(this.now());
  }

  private nextId(kind: keyof Counters): number {
    const id = this.counters[kind];
    this.counters[kind] = id + 1;
    return id;
  }

  changed(): void {
    this.options.onChange?.();
  }

  /**
   * How placeholders missing from Zendesk's reference render: 'render' (the sandbox's guess, see
   * placeholders.ts) or 'empty' (tests of a Zendesk that does not know them). Not persisted.
   */
  undocumentedPlaceholders: 'render' | 'empty' = 'render';

  /** The account every sandbox starts with: an admin (the API user), a default brand and group. */
  private seedAccount(): void {
    this.users.create({ name: 'Sandbox Admin', email: SANDBOX_ADMIN_EMAIL, role: 'admin' });
    this.brands.create({ name: 'Sandbox', subdomain: 'sandbox', default: true });
    this.groups.create({ name: 'Support' });
    // Zendesk's system fields are not modelled; the form lists the custom fields an admin adds.
    this.ticketForms.create({ name: 'Default Ticket Form', default: true });
  }

  /** The API user: the sandbox admin. */
  get admin(): UserRecord {
    for (const user of this.userMap.values()) if (user.email === SANDBOX_ADMIN_EMAIL) return user;
    throw new Error('The sandbox admin is missing.');
  }

  /** Back to a fresh account (the admin, one brand, one group). */
  reset(): void {
    this.counters = { ...FIRST_IDS };
    this.updateLog.clear();
    this.undocumentedPlaceholders = 'render';
    for (const map of [
      this.userMap,
      this.groupMap,
      this.brandMap,
      this.ticketMap,
      this.fieldMap,
      this.formMap,
      this.webhookMap,
      this.triggerMap,
      this.categoryMap,
      this.itemMap,
    ] as Array<Map<unknown, unknown>>) {
      map.clear();
    }
    this.emailList = [];
    this.deliveryList = [];
    this.timeZone = this.options.timeZone ?? SANDBOX_TIME_ZONE;
    this.seedAccount();
    this.changed();
  }

  // ---------------------------------------------------------------------------------- users

  readonly users = {
    create: (input: {
      name: string;
      email?: string | null;
      role?: UserRole;
      locale?: string;
      default_group_id?: number | null;
      group_ids?: number[];
      custom_role_id?: number | null;
      id?: number;
    }): UserRecord => {
      const locale = input.locale ?? 'en-US';
      const known = SANDBOX_LOCALES.find((l) => l.locale.toLowerCase() === locale.toLowerCase());
      const at = this.time();
      const user: UserRecord = {
        id: input.id ?? this.nextId('user'),
        name: input.name,
        email: input.email ?? null,
        role: input.role ?? 'end-user',
        locale: known?.locale ?? locale,
        locale_id: known?.id ?? 1,
        default_group_id: input.default_group_id ?? null,
        group_ids: input.group_ids ?? [],
        custom_role_id: input.custom_role_id ?? null,
        role_type: input.custom_role_id ? 0 : input.role === 'admin' ? 4 : null,
        active: true,
        created_at: at,
        updated_at: at,
      };
      if (input.id !== undefined && input.id >= this.counters.user)
        this.counters.user = input.id + 1;
      this.userMap.set(user.id, user);
      this.changed();
      return user;
    },
    get: (id: number): UserRecord => {
      const user = this.userMap.get(id);
      if (!user) throw notFound();
      return user;
    },
    find: (id: number | null | undefined): UserRecord | null =>
      id == null ? null : (this.userMap.get(id) ?? null),
    byEmail: (email: string): UserRecord | null => {
      const wanted = email.toLowerCase();
      for (const user of this.userMap.values())
        if (user.email?.toLowerCase() === wanted) return user;
      return null;
    },
    list: (): UserRecord[] => [...this.userMap.values()],
    /**
     * Delete User (soft delete): the user stays readable as inactive, as Zendesk's example
     * answer shows, and every active webhook subscribed to zen:event-type:user.deleted gets the
     * event (https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/).
     * Deleting twice is a 404: a deleted user is not found for deletion again (a guess).
     */
    delete: (id: number): UserRecord => {
      const user = this.users.get(id);
      if (!user.active) throw notFound();
      const at = this.time();
      user.active = false;
      user.updated_at = at;
      for (const webhook of this.webhookMap.values()) {
        if (webhook.status !== 'active' || !webhook.subscriptions.includes(USER_DELETED_EVENT)) {
          continue;
        }
        const delivery: DeliveryRecord = {
          invocation_id: randomUUID(),
          webhook_id: webhook.id,
          trigger_id: null,
          ticket_id: null,
          event_type: USER_DELETED_EVENT,
          method: webhook.http_method,
          endpoint: webhook.endpoint,
          body: JSON.stringify(userDeletedEvent(user, at)),
          status: 'pending',
          attempts: [],
          created_at: at,
        };
        this.deliveryList.push(delivery);
        this.options.onDelivery?.(delivery);
      }
      this.changed();
      return user;
    },
  };

  readonly groups = {
    create: (input: { name: string }): GroupRecord => {
      const at = this.time();
      const group: GroupRecord = {
        id: this.nextId('group'),
        name: input.name,
        deleted: false,
        created_at: at,
        updated_at: at,
      };
      this.groupMap.set(group.id, group);
      this.changed();
      return group;
    },
    find: (id: number | null | undefined): GroupRecord | null =>
      id == null ? null : (this.groupMap.get(id) ?? null),
    list: (): GroupRecord[] => [...this.groupMap.values()],
  };

  readonly ticketForms = {
    create: (input: {
      name: string;
      default?: boolean;
      ticket_field_ids?: number[];
    }): TicketFormRecord => {
      const at = this.time();
      const form: TicketFormRecord = {
        id: this.nextId('form'),
        name: input.name,
        active: true,
        default: input.default ?? this.formMap.size === 0,
        end_user_visible: true,
        position: this.formMap.size,
        ticket_field_ids: [...(input.ticket_field_ids ?? [])],
        created_at: at,
        updated_at: at,
      };
      this.formMap.set(form.id, form);
      this.changed();
      return form;
    },
    get: (id: number): TicketFormRecord => {
      const form = this.formMap.get(id);
      if (!form) throw notFound();
      return form;
    },
    list: (): TicketFormRecord[] => [...this.formMap.values()],
    /** Update Ticket Form: `ticket_field_ids` replaces the form's fields; unknown field ids are refused. */
    update: (id: number, input: Record<string, unknown>): TicketFormRecord => {
      const form = this.ticketForms.get(id);
      const ids = input.ticket_field_ids;
      if (ids !== undefined) {
        if (!Array.isArray(ids) || ids.some((f) => !Number.isSafeInteger(Number(f)))) {
          throw recordInvalid({ ticket_field_ids: ['Ticket field ids: must be a list of ids'] });
        }
        const unknown = ids.map(Number).filter((f) => !this.fieldMap.has(f));
        if (unknown.length > 0) {
          throw recordInvalid({
            ticket_field_ids: [`Ticket field ids: ${unknown.join(', ')} not found`],
          });
        }
        form.ticket_field_ids = [...new Set(ids.map(Number))];
      }
      if (typeof input.name === 'string' && input.name.trim() !== '') form.name = input.name;
      if (typeof input.active === 'boolean') form.active = input.active;
      form.updated_at = this.time();
      this.changed();
      return form;
    },
  };

  readonly brands = {
    create: (input: { name: string; subdomain?: string; default?: boolean }): BrandRecord => {
      const at = this.time();
      const brand: BrandRecord = {
        id: this.nextId('brand'),
        name: input.name,
        subdomain: input.subdomain ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, ''),
        default: input.default ?? this.brandMap.size === 0,
        active: true,
        created_at: at,
        updated_at: at,
      };
      this.brandMap.set(brand.id, brand);
      this.changed();
      return brand;
    },
    find: (id: number | null | undefined): BrandRecord | null =>
      id == null ? null : (this.brandMap.get(id) ?? null),
    default: (): BrandRecord | null => {
      for (const brand of this.brandMap.values()) if (brand.default) return brand;
      return null;
    },
    list: (): BrandRecord[] => [...this.brandMap.values()],
  };

  // -------------------------------------------------------------------------------- tickets

  readonly tickets = {
    get: (id: number): TicketRecord => {
      const ticket = this.ticketMap.get(id);
      if (!ticket) throw notFound();
      return ticket;
    },
    find: (id: number): TicketRecord | null => this.ticketMap.get(id) ?? null,
    list: (): TicketRecord[] => [...this.ticketMap.values()],
    /** Creates a ticket and runs the triggers, as POST /api/v2/tickets does. */
    create: (input: NewTicketInput, options: UpdateOptions = {}): TicketUpdateResult =>
      this.createTicket(input, options, true),
    /**
     * Many tickets at once for demo data: no triggers, one change notification. Each input still
     * goes through the same validation and tag rules.
     */
    bulkCreate: (inputs: NewTicketInput[], options: UpdateOptions = {}): TicketRecord[] => {
      const onChange = this.options.onChange;
      this.options.onChange = undefined;
      try {
        return inputs.map((input) => this.createTicket(input, options, false).ticket);
      } finally {
        this.options.onChange = onChange;
        this.changed();
      }
    },
    /** Updates a ticket and runs the triggers, as PUT /api/v2/tickets/{id} does. */
    update: (id: number, changes: TicketChanges, options: UpdateOptions = {}): TicketUpdateResult =>
      this.updateTicket(id, changes, options),
    comments: (id: number): CommentRecord[] => this.tickets.get(id).comments,
  };

  private checkUpdateLimit(ticketId: number, actorId: number): void {
    const limit =
      this.options.ticketUpdateLimit === undefined
        ? { limit: 30, windowMs: 10 * 60 * 1000 }
        : this.options.ticketUpdateLimit;
    if (limit === null) return;
    const key = `${ticketId}:${actorId}`;
    const now = this.now();
    const stamps = (this.updateLog.get(key) ?? []).filter((t) => t > now - limit.windowMs);
    if (stamps.length >= limit.limit) {
      const retryAfter = Math.max(1, Math.ceil(((stamps[0] ?? now) + limit.windowMs - now) / 1000));
      throw new ZendeskApiError(
        429,
        {
          error: 'TooManyRequests',
          description: `Ticket ${ticketId} was updated too often: ${limit.limit} updates per ${limit.windowMs / 60000} minutes per user per ticket.`,
        },
        { 'Retry-After': String(retryAfter) },
      );
    }
    stamps.push(now);
    this.updateLog.set(key, stamps);
  }

  private createTicket(
    input: NewTicketInput,
    options: UpdateOptions,
    withTriggers: boolean,
  ): TicketUpdateResult {
    const actor = this.users.find(options.actorId) ?? this.admin;
    const requester = this.users.find(input.requester_id);
    if (!requester) throw recordInvalid({ requester: ['Requester: is invalid'] });
    const body =
      input.comment?.body ?? (input.comment?.html_body ? stripHtml(input.comment.html_body) : '');
    if (!body) throw recordInvalid({ base: ['Description: cannot be blank'] });
    const at = input.created_at ?? this.time();
    const ticket: TicketRecord = {
      id: this.nextId('ticket'),
      subject: input.subject ?? null,
      description: body,
      status: 'new',
      priority: null,
      type: null,
      requester_id: requester.id,
      submitter_id: input.submitter_id ?? actor.id,
      assignee_id: null,
      group_id: null,
      brand_id: input.brand_id ?? this.brands.default()?.id ?? null,
      organization_id: null,
      tags: [],
      custom_fields: [...this.fieldMap.values()]
        .filter((f) => f.removable)
        .map((f) => ({ id: f.id, value: null })),
      via: input.via ?? { channel: 'api' },
      satisfaction_rating: input.satisfaction_rating ?? null,
      created_at: at,
      updated_at: at,
      solved_at: null,
      comments: [],
    };
    const events: Array<Record<string, unknown>> = [];
    // The requester is the author of the first comment unless the body names one.
    const comment = input.comment
      ? { ...input.comment, author_id: input.comment.author_id ?? requester.id }
      : undefined;
    const draft = this.applyChanges(
      ticket,
      { ...input, comment, brand_id: ticket.brand_id },
      actor.id,
      events,
      true,
    );
    // Zendesk opens a new ticket as soon as it has an assignee.
    if (input.status === undefined && draft.assignee_id !== null) draft.status = 'open';
    this.ticketMap.set(draft.id, draft);
    const result = this.finishUpdate(null, draft, actor.id, events, withTriggers);
    stampSolved(null, draft);
    this.changed();
    return result;
  }

  private updateTicket(
    id: number,
    changes: TicketChanges,
    options: UpdateOptions,
  ): TicketUpdateResult {
    const before = this.tickets.get(id);
    const actor = this.users.find(options.actorId) ?? this.admin;
    if (before.status === 'closed') throw closedTicket();
    // "Protecting against ticket update collisions": the update applies only if updated_stamp
    // is the ticket's current updated_at; otherwise 409 and nothing changes.
    if (changes.safe_update && !sameInstant(changes.updated_stamp, before.updated_at)) {
      throw new ZendeskApiError(409, {
        error: 'UpdateConflict',
        description:
          'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
      });
    }
    if (options.viaApi) this.checkUpdateLimit(id, actor.id);
    const events: Array<Record<string, unknown>> = [];
    const draft = this.applyChanges(structuredClone(before), changes, actor.id, events, false);
    draft.updated_at = laterStamp(this.time(), before.updated_at);
    this.ticketMap.set(id, draft);
    const result = this.finishUpdate(before, draft, actor.id, events, true);
    stampSolved(before, draft);
    this.changed();
    return result;
  }

  /** Runs the triggers on a saved change and records what they sent. */
  private finishUpdate(
    before: TicketRecord | null,
    ticket: TicketRecord,
    actorId: number,
    events: Array<Record<string, unknown>>,
    withTriggers: boolean,
  ): TicketUpdateResult {
    if (withTriggers) {
      const outcome = runTriggers(this, { before, ticket, actorId, events });
      for (const email of outcome.emails) this.emailList.push(email);
      for (const delivery of outcome.deliveries) {
        this.deliveryList.push(delivery);
        this.options.onDelivery?.(delivery);
      }
    }
    return {
      ticket,
      audit: {
        id: this.nextId('audit'),
        ticket_id: ticket.id,
        created_at: ticket.updated_at,
        author_id: actorId,
        events,
      },
    };
  }

  /** Zendesk's update semantics on a draft copy; throws 422 before anything is saved. */
  applyChanges(
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
            ? this.groupMap.has(value)
            : key === 'brand_id'
              ? this.brandMap.has(value)
              : this.userMap.has(value);
        if (!exists)
          throw recordInvalid({ [key.replace('_id', '')]: [`${key}: ${value} is invalid`] });
        if (key === 'assignee_id' && this.userMap.get(value)?.role === 'end-user') {
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
      this.setCustomField(ticket, entry.id, entry.value);
    change('tags', tagsBefore, ticket.tags);
    if (changes.satisfaction_rating !== undefined)
      ticket.satisfaction_rating = changes.satisfaction_rating;
    if (changes.comment) {
      const html = changes.comment.html_body;
      const body = changes.comment.body ?? (html !== undefined ? stripHtml(html) : '');
      if (body.trim() !== '' || (html ?? '').trim() !== '') {
        const authorId = changes.comment.author_id ?? actorId;
        if (!this.userMap.has(authorId)) throw recordInvalid({ author: ['Author: is invalid'] });
        const comment: CommentRecord = {
          id: this.nextId('comment'),
          type: 'Comment',
          author_id: authorId,
          body,
          html_body:
            html ??
            `<div class="zd-comment"><p>${escapeHtml(body).replace(/\n/g, '<br>')}</p></div>`,
          plain_body: body,
          // Zendesk makes a comment public unless told otherwise.
          public: changes.comment.public ?? true,
          created_at: creating ? ticket.created_at : this.time(),
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
  setCustomField(ticket: TicketRecord, fieldId: number, raw: FieldValue): void {
    const field = this.fieldMap.get(Number(fieldId));
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

  // --------------------------------------------------------------------------- ticket fields

  readonly ticketFields = {
    list: (): TicketFieldRecord[] =>
      [...this.fieldMap.values()].sort((a, b) => a.position - b.position || a.id - b.id),
    get: (id: number): TicketFieldRecord => {
      const field = this.fieldMap.get(id);
      if (!field) throw notFound();
      return field;
    },
    create: (input: Record<string, unknown>): TicketFieldRecord => {
      const type = input.type;
      const title = input.title;
      if (typeof type !== 'string' || !FIELD_TYPES.includes(type)) {
        throw recordInvalid({ type: [`Type: must be one of ${FIELD_TYPES.join(', ')}`] });
      }
      if (typeof title !== 'string' || title.trim() === '') {
        throw recordInvalid({ title: ['Title: cannot be blank'] });
      }
      const at = this.time();
      const field: TicketFieldRecord = {
        id: this.nextId('field'),
        type,
        title,
        raw_title: title,
        description: typeof input.description === 'string' ? input.description : '',
        agent_description:
          typeof input.agent_description === 'string' ? input.agent_description : null,
        active: input.active !== false,
        required: input.required === true,
        visible_in_portal: input.visible_in_portal === true,
        editable_in_portal: input.editable_in_portal === true,
        position: typeof input.position === 'number' ? input.position : 9999,
        tag: typeof input.tag === 'string' ? input.tag : null,
        removable: true,
        created_at: at,
        updated_at: at,
      };
      this.applyFieldOptions(field, input.custom_field_options);
      this.fieldMap.set(field.id, field);
      for (const ticket of this.ticketMap.values())
        ticket.custom_fields.push({ id: field.id, value: null });
      this.changed();
      return field;
    },
    update: (id: number, input: Record<string, unknown>): TicketFieldRecord => {
      const field = this.ticketFields.get(id);
      if (input.type !== undefined && input.type !== field.type) {
        throw recordInvalid({ type: ['Type: cannot be changed once the field exists'] });
      }
      if (typeof input.title === 'string') {
        field.title = input.title;
        field.raw_title = input.title;
      }
      if (typeof input.description === 'string') field.description = input.description;
      if (typeof input.agent_description === 'string') {
        field.agent_description = input.agent_description;
      }
      for (const key of [
        'active',
        'required',
        'visible_in_portal',
        'editable_in_portal',
      ] as const) {
        if (typeof input[key] === 'boolean') field[key] = input[key] as boolean;
      }
      if (typeof input.position === 'number') field.position = input.position;
      if (input.custom_field_options !== undefined)
        this.applyFieldOptions(field, input.custom_field_options);
      field.updated_at = this.time();
      this.changed();
      return field;
    },
    delete: (id: number): void => {
      this.ticketFields.get(id);
      this.fieldMap.delete(id);
      for (const ticket of this.ticketMap.values()) {
        ticket.custom_fields = ticket.custom_fields.filter((f) => f.id !== id);
      }
      this.changed();
    },
  };

  /** Drop-down options: name and value required, values unique; existing ones keep their ids. */
  private applyFieldOptions(field: TicketFieldRecord, raw: unknown): void {
    if (field.type !== 'tagger' && field.type !== 'multiselect') {
      if (raw !== undefined)
        throw recordInvalid({
          custom_field_options: ['Options: only drop-down fields have options'],
        });
      return;
    }
    if (!Array.isArray(raw) || raw.length === 0) {
      throw recordInvalid({
        custom_field_options: ['Field options: a drop-down needs at least one option'],
      });
    }
    const seen = new Set<string>();
    const options: NonNullable<TicketFieldRecord['custom_field_options']> = [];
    for (const entry of raw as Array<Record<string, unknown>>) {
      const name = entry?.name;
      const value = entry?.value;
      if (typeof name !== 'string' || typeof value !== 'string' || !name || !value) {
        throw recordInvalid({
          custom_field_options: ['Field options: each needs a name and a value'],
        });
      }
      const tag = normalizeTags(value)[0] ?? '';
      if (tag !== value || seen.has(value)) {
        throw recordInvalid({
          custom_field_options: [`Field options: "${value}" must be a unique tag without spaces`],
        });
      }
      seen.add(value);
      const existing = field.custom_field_options?.find((o) => o.value === value);
      options.push({ id: existing?.id ?? this.nextId('option'), name, raw_name: name, value });
    }
    field.custom_field_options = options;
  }

  // ------------------------------------------------------------------------------- webhooks

  readonly webhooks = {
    list: (): WebhookRecord[] => [...this.webhookMap.values()],
    get: (id: string): WebhookRecord => {
      const webhook = this.webhookMap.get(id);
      if (!webhook) throw notFound();
      return webhook;
    },
    create: (
      input: Omit<
        WebhookRecord,
        'id' | 'created_at' | 'updated_at' | 'created_by' | 'signing_secret'
      >,
    ): WebhookRecord => {
      const at = this.time();
      const webhook: WebhookRecord = {
        ...input,
        id: newWebhookId(this.now()),
        created_at: at,
        created_by: String(this.admin.id),
        updated_at: at,
        signing_secret: newSigningSecret(),
      };
      this.webhookMap.set(webhook.id, webhook);
      this.changed();
      return webhook;
    },
    update: (id: string, input: Partial<WebhookRecord>): WebhookRecord => {
      const webhook = this.webhooks.get(id);
      Object.assign(webhook, input, {
        id: webhook.id,
        signing_secret: webhook.signing_secret,
        updated_at: this.time(),
      });
      this.changed();
      return webhook;
    },
    delete: (id: string): void => {
      this.webhooks.get(id);
      this.webhookMap.delete(id);
      this.changed();
    },
    resetSecret: (id: string): string => {
      const webhook = this.webhooks.get(id);
      webhook.signing_secret = newSigningSecret();
      this.changed();
      return webhook.signing_secret;
    },
  };

  // ------------------------------------------------------------------------------- triggers

  readonly triggers = {
    /** In the order the engine runs them: position, then id. */
    list: (): TriggerRecord[] =>
      [...this.triggerMap.values()].sort((a, b) => a.position - b.position || a.id - b.id),
    get: (id: number): TriggerRecord => {
      const trigger = this.triggerMap.get(id);
      if (!trigger) throw notFound();
      return trigger;
    },
    create: (raw: unknown): TriggerRecord => {
      const input = validateTrigger(this, raw, null);
      const at = this.time();
      const last = Math.max(0, ...[...this.triggerMap.values()].map((t) => t.position));
      const trigger: TriggerRecord = {
        id: this.nextId('trigger'),
        title: input.title,
        description: input.description ?? null,
        active: input.active ?? true,
        // New triggers go last, as in Zendesk.
        position: input.position ?? last + 1,
        category_id: input.category_id ?? null,
        conditions: input.conditions,
        actions: input.actions,
        created_at: at,
        updated_at: at,
      };
      this.triggerMap.set(trigger.id, trigger);
      this.changed();
      return trigger;
    },
    update: (id: number, raw: unknown): TriggerRecord => {
      const trigger = this.triggers.get(id);
      const input: TriggerInputRecord = validateTrigger(this, raw, trigger);
      Object.assign(trigger, {
        title: input.title,
        description: input.description ?? trigger.description,
        active: input.active ?? trigger.active,
        position: input.position ?? trigger.position,
        category_id: input.category_id === undefined ? trigger.category_id : input.category_id,
        conditions: input.conditions,
        actions: input.actions,
        updated_at: this.time(),
      });
      this.changed();
      return trigger;
    },
    delete: (id: number): void => {
      this.triggers.get(id);
      this.triggerMap.delete(id);
      this.changed();
    },
  };

  readonly triggerCategories = {
    list: (): TriggerCategoryRecord[] =>
      [...this.categoryMap.values()].sort((a, b) => a.position - b.position),
    create: (input: { name?: unknown; position?: unknown }): TriggerCategoryRecord => {
      if (typeof input.name !== 'string' || input.name.trim() === '') {
        throw new ZendeskApiError(400, {
          errors: [
            {
              code: 'InvalidTriggerCategory',
              title: 'Invalid data',
              detail: 'Name cannot be blank',
            },
          ],
        });
      }
      const at = this.time();
      const category: TriggerCategoryRecord = {
        id: String(this.nextId('category')),
        name: input.name,
        position: typeof input.position === 'number' ? input.position : this.categoryMap.size,
        created_at: at,
        updated_at: at,
      };
      this.categoryMap.set(category.id, category);
      this.changed();
      return category;
    },
  };

  // ------------------------------------------------------------------------ dynamic content

  readonly dynamicContent = {
    list: (): DynamicContentItemRecord[] => [...this.itemMap.values()],
    get: (id: number): DynamicContentItemRecord => {
      const item = this.itemMap.get(id);
      if (!item) throw notFound();
      return item;
    },
    byPlaceholderKey: (key: string): DynamicContentItemRecord | null => {
      for (const item of this.itemMap.values())
        if (item.placeholder === `{{dc.${key}}}`) return item;
      return null;
    },
    create: (input: Record<string, unknown>): DynamicContentItemRecord => {
      const name = input.name;
      if (typeof name !== 'string' || name.trim() === '')
        throw recordInvalid({ name: ['Name: cannot be blank'] });
      const placeholder = placeholderFor(name);
      if ([...this.itemMap.values()].some((i) => i.placeholder === placeholder)) {
        throw recordInvalid({ name: ['Name: has already been taken'] });
      }
      const defaultLocale = Number(input.default_locale_id);
      if (!SANDBOX_LOCALES.some((l) => l.id === defaultLocale)) {
        throw recordInvalid({ default_locale_id: ['Default locale: is invalid'] });
      }
      const rawVariants = Array.isArray(input.variants) ? (input.variants as unknown[]) : [];
      const at = this.time();
      const item: DynamicContentItemRecord = {
        id: this.nextId('item'),
        name,
        placeholder,
        default_locale_id: defaultLocale,
        outdated: false,
        variants: [],
        created_at: at,
        updated_at: at,
      };
      for (const raw of rawVariants) item.variants.push(this.buildVariant(item, raw, at));
      const defaults = item.variants.filter((v) => v.locale_id === defaultLocale);
      if (defaults.length === 0) {
        throw recordInvalid({ variants: ['Variants: one variant must be in the default locale'] });
      }
      for (const v of item.variants) v.default = v.locale_id === defaultLocale;
      this.itemMap.set(item.id, item);
      this.changed();
      return item;
    },
    update: (id: number, input: Record<string, unknown>): DynamicContentItemRecord => {
      const item = this.dynamicContent.get(id);
      if (typeof input.name === 'string' && input.name.trim() !== '') item.name = input.name;
      item.updated_at = this.time();
      this.changed();
      return item;
    },
    createVariant: (itemId: number, raw: unknown): VariantRecord => {
      const item = this.dynamicContent.get(itemId);
      const variant = this.buildVariant(item, raw, this.time());
      if (variant.default) this.makeDefault(item, variant);
      item.variants.push(variant);
      item.updated_at = variant.updated_at;
      this.changed();
      return variant;
    },
    updateVariant: (itemId: number, variantId: number, raw: unknown): VariantRecord => {
      const item = this.dynamicContent.get(itemId);
      const variant = item.variants.find((v) => v.id === variantId);
      if (!variant) throw notFound();
      const input = (raw ?? {}) as Record<string, unknown>;
      if (input.content !== undefined) {
        if (typeof input.content !== 'string' || input.content === '') {
          throw recordInvalid({ content: ['Content: cannot be blank'] });
        }
        variant.content = input.content;
      }
      if (typeof input.active === 'boolean') variant.active = input.active;
      if (input.locale_id !== undefined && Number(input.locale_id) !== variant.locale_id) {
        const locale = Number(input.locale_id);
        if (item.variants.some((v) => v.locale_id === locale)) {
          throw recordInvalid({ locale_id: ['Locale: has already been taken'] });
        }
        variant.locale_id = locale;
      }
      if (input.default === true) this.makeDefault(item, variant);
      variant.updated_at = this.time();
      item.updated_at = variant.updated_at;
      this.changed();
      return variant;
    },
  };

  private buildVariant(item: DynamicContentItemRecord, raw: unknown, at: string): VariantRecord {
    const input = (raw ?? {}) as Record<string, unknown>;
    const locale = Number(input.locale_id);
    if (!SANDBOX_LOCALES.some((l) => l.id === locale)) {
      throw recordInvalid({
        locale_id: [`Locale: ${String(input.locale_id)} is not enabled in this account`],
      });
    }
    if (item.variants.some((v) => v.locale_id === locale)) {
      throw recordInvalid({ locale_id: ['Locale: has already been taken'] });
    }
    if (typeof input.content !== 'string' || input.content === '') {
      throw recordInvalid({ content: ['Content: cannot be blank'] });
    }
    return {
      id: this.nextId('variant'),
      content: input.content,
      locale_id: locale,
      active: input.active !== false,
      default: input.default === true,
      outdated: false,
      created_at: at,
      updated_at: at,
    };
  }

  private makeDefault(item: DynamicContentItemRecord, variant: VariantRecord): void {
    for (const v of item.variants) v.default = false;
    variant.default = true;
    item.default_locale_id = variant.locale_id;
  }

  // --------------------------------------------------------------------------- test outputs

  /** Emails the triggers sent, oldest first. */
  readonly emails = {
    list: (filter: { ticketId?: number } = {}): EmailRecord[] =>
      this.emailList.filter(
        (e) => filter.ticketId === undefined || e.ticket_id === filter.ticketId,
      ),
    clear: (): void => {
      this.emailList = [];
      this.changed();
    },
    nextId: (): number => this.nextId('email'),
  };

  /** Webhook invocations the triggers queued, oldest first. */
  readonly deliveries = {
    list: (filter: { ticketId?: number } = {}): DeliveryRecord[] =>
      this.deliveryList.filter(
        (d) => filter.ticketId === undefined || d.ticket_id === filter.ticketId,
      ),
  };

  // ---------------------------------------------------------------------------- persistence

  snapshot(): SandboxSnapshot {
    return {
      counters: { ...this.counters },
      users: this.users.list(),
      groups: this.groups.list(),
      brands: this.brands.list(),
      tickets: this.tickets.list(),
      ticketFields: [...this.fieldMap.values()],
      ticketForms: this.ticketForms.list(),
      webhooks: this.webhooks.list(),
      triggers: [...this.triggerMap.values()],
      triggerCategories: [...this.categoryMap.values()],
      dynamicContent: this.dynamicContent.list(),
      emails: this.emailList,
      deliveries: this.deliveryList,
    };
  }

  restore(snapshot: SandboxSnapshot): void {
    this.counters = { ...FIRST_IDS, ...snapshot.counters };
    const fill = <K, V>(map: Map<K, V>, rows: V[] | undefined, key: (v: V) => K) => {
      map.clear();
      for (const row of rows ?? []) map.set(key(row), row);
    };
    fill(this.userMap, snapshot.users, (u) => u.id);
    fill(this.groupMap, snapshot.groups, (g) => g.id);
    fill(this.brandMap, snapshot.brands, (b) => b.id);
    fill(this.ticketMap, snapshot.tickets, (t) => t.id);
    fill(this.fieldMap, snapshot.ticketFields, (f) => f.id);
    fill(this.formMap, snapshot.ticketForms, (f) => f.id);
    fill(this.webhookMap, snapshot.webhooks, (w) => w.id);
    fill(this.triggerMap, snapshot.triggers, (t) => t.id);
    fill(this.categoryMap, snapshot.triggerCategories, (c) => c.id);
    fill(this.itemMap, snapshot.dynamicContent, (i) => i.id);
    this.emailList = snapshot.emails ?? [];
    this.deliveryList = snapshot.deliveries ?? [];
    if (!this.users.byEmail(SANDBOX_ADMIN_EMAIL)) this.seedAccount();
  }
}

/** Keeps when the ticket was (last) solved; triggers may have changed the status too. */
function stampSolved(before: TicketRecord | null, ticket: TicketRecord): void {
  const solved = ticket.status === 'solved' || ticket.status === 'closed';
  const wasSolved = before !== null && (before.status === 'solved' || before.status === 'closed');
  // Ticket metrics' `reopens`: a solved ticket that leaves solved was reopened (a guess at the
  // exact rule: Zendesk documents only "total number of times the ticket was reopened").
  if (wasSolved && !solved) ticket.reopens = (ticket.reopens ?? 0) + 1;
  if (!solved) ticket.solved_at = null;
  else if (!wasSolved || ticket.solved_at === null) ticket.solved_at = ticket.updated_at;
}

/** Zendesk webhook ids are ULID-like strings ("01GTXXM6Q9..."). */
function newWebhookId(now: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i += 1) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  for (const byte of randomBytes(16)) rest += alphabet[byte % 32];
  return time + rest;
}

function newSigningSecret(): string {
  return randomBytes(32).toString('base64').replace(/[+/=]/g, '').slice(0, 40);
}

/**
 * Keeps the store in a JSON file: loaded once at start, written (atomically, debounced) after
 * changes. Returns a flush for shutdown.
 */
export function persistStore(
  store: SandboxStore,
  file: string,
  debounceMs = 200,
): { schedule: () => void; flush: () => Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  // A snapshot of a busy account is megabytes: between two writes, wait at least ten times as long
  // as the last one took, so saving never takes more than a tenth of the process's time (seeding
  // 2,400 tickets wrote a ~20 MB file five times a second before).
  let lastWriteMs = 0;
  const write = async () => {
    timer = null;
    const started = performance.now();
    const data = JSON.stringify(store.snapshot());
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, data);
    await rename(temp, file);
    lastWriteMs = performance.now() - started;
  };
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(
        () => {
          writing = writing.then(write, write);
        },
        Math.max(debounceMs, 10 * lastWriteMs),
      );
      timer.unref();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        writing = writing.then(write, write);
      }
      await writing;
    },
  };
}

/** Reads a snapshot written by persistStore; null when the file does not exist yet. */
export function loadSnapshot(file: string): SandboxSnapshot | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SandboxSnapshot;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(
      `The sandbox state file ${file} could not be read: ${(error as Error).message}. Fix or delete it.`,
      { cause: error },
    );
  }
}
