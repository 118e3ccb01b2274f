/** The Zendesk REST client: one typed method per endpoint the service uses (long, as that list is). */
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { createZendeskBudget } from './budget.js';
import {
  createTicketUpdateLimiter,
  type TicketUpdateLimiter,
  type TicketUpdateLimiterOptions,
} from './ticket-update-limiter.js';
import { createTransport, type Transport, type TransportOptions } from './transport.js';
import type {
  Brand,
  DynamicContentItem,
  DynamicContentItemInput,
  DynamicContentVariant,
  DynamicContentVariantInput,
  CustomRole,
  Group,
  GroupMembership,
  JobStatus,
  NewTicket,
  TicketComment,
  TicketField,
  TicketFieldInput,
  TicketBulkUpdate,
  TicketUpdate,
  Trigger,
  TriggerCategory,
  TriggerInput,
  Webhook,
  WebhookInput,
  WebhookSigningSecret,
  TicketForm,
  ZendeskLocale,
  ZendeskTicket,
  ZendeskTicketMetrics,
  ZendeskUser,
} from './types.js';

export interface ZendeskClientOptions extends TransportOptions {
  /** Tuning of the per-ticket update limit (defaults: Zendesk's 30 per 10 minutes). */
  ticketUpdates?: TicketUpdateLimiterOptions;
}

/** Page size for cursor pagination; Zendesk's maximum. */
export const PAGE_SIZE = 100;
/** Zendesk's limit of ids per users/show_many request. */
export const SHOW_MANY_USERS_LIMIT = 100;
/** A safety stop for cursor loops: far above any account's fields, triggers or webhooks. */
const MAX_PAGES = 1000;

/** One typed function per Zendesk endpoint the service uses. */
export interface ZendeskClient {
  readonly baseUrl: string;

  /** GET /api/v2/tickets/{id} */
  getTicket(id: number): Promise<ZendeskTicket>;
  /**
   * GET /api/v2/tickets/{id}?include=users,metric_sets: the ticket, its people (requester,
   * submitter, assignee; a user may be partial) and its metric set, side-loaded as "Side-loading
   * related records" documents for Tickets. `metrics` is null when Zendesk sent none usable.
   */
  getTicketWithUsers(id: number): Promise<{
    ticket: ZendeskTicket;
    users: Partial<ZendeskUser>[];
    metrics: ZendeskTicketMetrics | null;
  }>;
  /**
   * PUT /api/v2/tickets/{id}; throws TicketClosedError for a closed ticket, and
   * TicketUpdateConflictError when a safe update finds the ticket changed (see safe-update.ts).
   */
  updateTicket(id: number, update: TicketUpdate): Promise<ZendeskTicket>;
  /** POST /api/v2/tickets */
  createTicket(ticket: NewTicket): Promise<ZendeskTicket>;
  /** PUT /api/v2/tickets/update_many?ids=… (asynchronous: returns the job status). */
  updateManyTickets(ids: number[], update: TicketBulkUpdate): Promise<JobStatus>;
  /** GET /api/v2/job_statuses/{id} */
  getJobStatus(id: string): Promise<JobStatus>;
  /** GET /api/v2/tickets/{id}/comments, every page (oldest first). */
  listTicketComments(ticketId: number): Promise<TicketComment[]>;

  /** GET /api/v2/ticket_fields, every page. */
  listTicketFields(): Promise<TicketField[]>;
  /** GET /api/v2/ticket_fields/{id} */
  getTicketField(id: number): Promise<TicketField>;
  /** POST /api/v2/ticket_fields */
  createTicketField(
    field: TicketFieldInput & { type: string; title: string },
  ): Promise<TicketField>;
  /** PUT /api/v2/ticket_fields/{id} */
  updateTicketField(id: number, field: TicketFieldInput): Promise<TicketField>;
  /** GET /api/v2/ticket_forms: every form of the account (setup checks the link field is on none). */
  listTicketForms(): Promise<TicketForm[]>;
  /** PUT /api/v2/ticket_forms/{id} with the form's new field list. */
  updateTicketForm(id: number, form: { ticket_field_ids: number[] }): Promise<TicketForm>;

  /** GET /api/v2/webhooks, every page; `nameContains` is filter[name_contains]. */
  listWebhooks(filter?: { nameContains?: string }): Promise<Webhook[]>;
  /** GET /api/v2/webhooks/{id} */
  getWebhook(id: string): Promise<Webhook>;
  /** POST /api/v2/webhooks */
  createWebhook(webhook: WebhookInput): Promise<Webhook>;
  /** PUT /api/v2/webhooks/{id} (Zendesk answers 204: the webhook is read back). */
  updateWebhook(id: string, webhook: WebhookInput): Promise<Webhook>;
  /** DELETE /api/v2/webhooks/{id} */
  deleteWebhook(id: string): Promise<void>;
  /** GET /api/v2/webhooks/{id}/signing_secret */
  getWebhookSigningSecret(id: string): Promise<WebhookSigningSecret>;
  /** POST /api/v2/webhooks/{id}/signing_secret: a new secret; the old one stops signing. */
  resetWebhookSigningSecret(id: string): Promise<WebhookSigningSecret>;

  /** GET /api/v2/triggers, every page (active and inactive). */
  listTriggers(filter?: { active?: boolean; categoryId?: string }): Promise<Trigger[]>;
  /** GET /api/v2/triggers/{id} */
  getTrigger(id: number): Promise<Trigger>;
  /** POST /api/v2/triggers */
  createTrigger(trigger: TriggerInput): Promise<Trigger>;
  /** PUT /api/v2/triggers/{id} */
  updateTrigger(id: number, trigger: Partial<TriggerInput>): Promise<Trigger>;
  /** DELETE /api/v2/triggers/{id} */
  deleteTrigger(id: number): Promise<void>;
  /** GET /api/v2/trigger_categories, every page. */
  listTriggerCategories(): Promise<TriggerCategory[]>;
  /** POST /api/v2/trigger_categories */
  createTriggerCategory(category: { name: string; position?: number }): Promise<TriggerCategory>;

  /** GET /api/v2/dynamic_content/items, every page. */
  listDynamicContentItems(): Promise<DynamicContentItem[]>;
  /** GET /api/v2/dynamic_content/items/{id} */
  getDynamicContentItem(id: number): Promise<DynamicContentItem>;
  /** POST /api/v2/dynamic_content/items */
  createDynamicContentItem(item: DynamicContentItemInput): Promise<DynamicContentItem>;
  /** POST /api/v2/dynamic_content/items/{id}/variants */
  createDynamicContentVariant(
    itemId: number,
    variant: DynamicContentVariantInput,
  ): Promise<DynamicContentVariant>;
  /** PUT /api/v2/dynamic_content/items/{id}/variants/{variant_id} */
  updateDynamicContentVariant(
    itemId: number,
    variantId: number,
    variant: Partial<DynamicContentVariantInput>,
  ): Promise<DynamicContentVariant>;

  /** GET /api/v2/users/{id} */
  getUser(id: number): Promise<ZendeskUser>;
  /** GET /api/v2/users/show_many?ids=…, in batches of 100; ids Zendesk does not know are left out. */
  showManyUsers(ids: readonly number[]): Promise<ZendeskUser[]>;
  /** GET /api/v2/users/me: who the credentials belong to (setup checks it is an admin). */
  getCurrentUser(): Promise<ZendeskUser>;
  /** GET /api/v2/users/autocomplete?name=…: users whose name starts with `name` (one page). */
  autocompleteUsers(name: string): Promise<ZendeskUser[]>;
  /** GET /api/v2/users/{id}/group_memberships, every page: the groups an agent belongs to. */
  listUserGroupMemberships(userId: number): Promise<GroupMembership[]>;
  /** GET /api/v2/custom_roles: the account's custom agent roles (Enterprise; [] elsewhere). */
  listCustomRoles(): Promise<CustomRole[]>;
  /** GET /api/v2/groups, every page. */
  listGroups(): Promise<Group[]>;
  /** GET /api/v2/brands, every page. */
  listBrands(): Promise<Brand[]>;
  /** GET /api/v2/locales: the account's enabled languages (ids for dynamic content variants). */
  listLocales(): Promise<ZendeskLocale[]>;
  /** GET /api/v2/account/settings: the account's IANA time zone (localization), null when absent. */
  getAccountTimeZone(): Promise<string | null>;
}

/**
 * The ticket's metric set from a Show Ticket answer with `include=metric_sets`: a top-level
 * `metric_sets` list (the side-load rule: "a top-level array of associated data"), or embedded in
 * the ticket as `metric_set` (how Zendesk's 2013 API changelog says it moved "into the resource
 * itself"). Null when absent, for another ticket, or without whole non-negative counts.
 */
export function metricSetOf(
  body: { ticket?: { metric_set?: unknown }; metric_sets?: unknown; metric_set?: unknown },
  ticketId: number,
): ZendeskTicketMetrics | null {
  const candidates: unknown[] = [
    ...(Array.isArray(body.metric_sets) ? body.metric_sets : []),
    body.metric_set,
    body.ticket?.metric_set,
  ];
  for (const c of candidates) {
    if (typeof c !== 'object' || c === null) continue;
    const m = c as Record<string, unknown>;
    const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    if (m.ticket_id !== undefined && Number(m.ticket_id) !== ticketId) continue;
    if (!count(m.replies) || !count(m.reopens)) continue;
    return {
      ticket_id: ticketId,
      replies: m.replies as number,
      reopens: m.reopens as number,
      solved_at: typeof m.solved_at === 'string' ? m.solved_at : null,
    };
  }
  return null;
}

interface CursorPage {
  meta?: { has_more?: boolean; after_cursor?: string | null };
  links?: { next?: string | null };
  next_page?: string | null;
}

/** Builds the client; see ZendeskClientOptions for retries, timeouts and the injected clock. */
export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  const transport: Transport = createTransport(options);
  const limiter: TicketUpdateLimiter = createTicketUpdateLimiter({
    sleep: options.sleep,
    ...options.ticketUpdates,
  });

  async function get<T>(
    path: string,
    params?: Record<string, string | number | boolean | undefined>,
  ) {
    return (await transport.request<T>({ method: 'GET', path, params, idempotent: true })).data;
  }

  /** Follows `links.next` while `meta.has_more` (cursor pagination), else `next_page` (offset). */
  async function listAll<T>(
    path: string,
    key: string,
    params: Record<string, string | number | boolean | undefined> = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let next: { path: string; params?: typeof params } | null = {
      path,
      params: { ...params, 'page[size]': PAGE_SIZE },
    };
    for (let page = 0; next !== null; page += 1) {
      if (page >= MAX_PAGES)
        throw new Error(`Zendesk ${path} kept paginating past ${MAX_PAGES} pages.`);
      const body: CursorPage & Record<string, unknown> = await get(next.path, next.params);
      const chunk = body[key];
      if (!Array.isArray(chunk)) {
        throw new Error(`Zendesk ${path} answered without a "${key}" list.`);
      }
      items.push(...(chunk as T[]));
      const link = body.meta ? (body.meta.has_more ? body.links?.next : null) : body.next_page;
      // Zendesk's next links are absolute; only their path and query are reused, against our base.
      next = link ? { path: relative(link) } : null;
    }
    return items;
  }

  function relative(link: string): string {
    const url = new URL(link, transport.baseUrl);
    return `${url.pathname}${url.search}`;
  }

  async function send<T>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    data: unknown,
    idempotent: boolean,
    ticketId?: number,
    safeUpdate?: boolean,
  ): Promise<T> {
    return (await transport.request<T>({ method, path, data, idempotent, ticketId, safeUpdate }))
      .data;
  }

  const id = (value: number | string) => encodeURIComponent(String(value));

  return {
    baseUrl: transport.baseUrl,

    async getTicket(ticketId) {
      return (await get<{ ticket: ZendeskTicket }>(`/api/v2/tickets/${id(ticketId)}`)).ticket;
    },
    async getTicketWithUsers(ticketId) {
      const body = await get<{
        ticket: ZendeskTicket & { metric_set?: unknown };
        users?: unknown;
        metric_sets?: unknown;
        metric_set?: unknown;
      }>(`/api/v2/tickets/${id(ticketId)}`, { include: 'users,metric_sets' });
      const users = Array.isArray(body.users) ? (body.users as Partial<ZendeskUser>[]) : [];
      return { ticket: body.ticket, users, metrics: metricSetOf(body, ticketId) };
    },
    async updateTicket(ticketId, update) {
      // A comment makes the update non-idempotent: a blind repeat would add a second note.
      const idempotent = update.comment === undefined;
      const body = await limiter.run(ticketId, () =>
        send<{ ticket: ZendeskTicket }>(
          'PUT',
          `/api/v2/tickets/${id(ticketId)}`,
          { ticket: update },
          idempotent,
          ticketId,
          update.safe_update === true,
        ),
      );
      return body.ticket;
    },
    async createTicket(ticket) {
      return (await send<{ ticket: ZendeskTicket }>('POST', '/api/v2/tickets', { ticket }, false))
        .ticket;
    },
    async updateManyTickets(ids, update) {
      const path = `/api/v2/tickets/update_many?ids=${ids.map((n) => id(n)).join(',')}`;
      const idempotent = update.comment === undefined;
      return (await send<{ job_status: JobStatus }>('PUT', path, { ticket: update }, idempotent))
        .job_status;
    },
    async getJobStatus(jobId) {
      return (await get<{ job_status: JobStatus }>(`/api/v2/job_statuses/${id(jobId)}`)).job_status;
    },
    listTicketComments(ticketId) {
      return listAll<TicketComment>(`/api/v2/tickets/${id(ticketId)}/comments`, 'comments');
    },

    listTicketFields() {
      return listAll<TicketField>('/api/v2/ticket_fields', 'ticket_fields');
    },
    async listTicketForms() {
      // Not paginated: List Ticket Forms returns every form.
      return (await get<{ ticket_forms: TicketForm[] }>('/api/v2/ticket_forms')).ticket_forms;
    },
    async updateTicketForm(formId, form) {
      return (
        await send<{ ticket_form: TicketForm }>(
          'PUT',
          `/api/v2/ticket_forms/${id(formId)}`,
          { ticket_form: form },
          true,
        )
      ).ticket_form;
    },
    async getTicketField(fieldId) {
      return (await get<{ ticket_field: TicketField }>(`/api/v2/ticket_fields/${id(fieldId)}`))
        .ticket_field;
    },
    async createTicketField(field) {
      return (
        await send<{ ticket_field: TicketField }>(
          'POST',
          '/api/v2/ticket_fields',
          { ticket_field: field },
          false,
        )
      ).ticket_field;
    },
    async updateTicketField(fieldId, field) {
      return (
        await send<{ ticket_field: TicketField }>(
          'PUT',
          `/api/v2/ticket_fields/${id(fieldId)}`,
          { ticket_field: field },
          true,
        )
      ).ticket_field;
    },

    listWebhooks(filter = {}) {
      return listAll<Webhook>('/api/v2/webhooks', 'webhooks', {
        'filter[name_contains]': filter.nameContains,
      });
    },
    async getWebhook(webhookId) {
      return (await get<{ webhook: Webhook }>(`/api/v2/webhooks/${id(webhookId)}`)).webhook;
    },
    async createWebhook(webhook) {
      return (await send<{ webhook: Webhook }>('POST', '/api/v2/webhooks', { webhook }, false))
        .webhook;
    },
    async updateWebhook(webhookId, webhook) {
      await send<unknown>('PUT', `/api/v2/webhooks/${id(webhookId)}`, { webhook }, true);
      return (await get<{ webhook: Webhook }>(`/api/v2/webhooks/${id(webhookId)}`)).webhook;
    },
    async deleteWebhook(webhookId) {
      await send<unknown>('DELETE', `/api/v2/webhooks/${id(webhookId)}`, undefined, true);
    },
    async getWebhookSigningSecret(webhookId) {
      return (
        await get<{ signing_secret: WebhookSigningSecret }>(
          `/api/v2/webhooks/${id(webhookId)}/signing_secret`,
        )
      ).signing_secret;
    },
    async resetWebhookSigningSecret(webhookId) {
      return (
        await send<{ signing_secret: WebhookSigningSecret }>(
          'POST',
          `/api/v2/webhooks/${id(webhookId)}/signing_secret`,
          undefined,
          false,
        )
      ).signing_secret;
    },

    listTriggers(filter = {}) {
      return listAll<Trigger>('/api/v2/triggers', 'triggers', {
        active: filter.active,
        category_id: filter.categoryId,
      });
    },
    async getTrigger(triggerId) {
      return (await get<{ trigger: Trigger }>(`/api/v2/triggers/${id(triggerId)}`)).trigger;
    },
    async createTrigger(trigger) {
      return (await send<{ trigger: Trigger }>('POST', '/api/v2/triggers', { trigger }, false))
        .trigger;
    },
    async updateTrigger(triggerId, trigger) {
      return (
        await send<{ trigger: Trigger }>(
          'PUT',
          `/api/v2/triggers/${id(triggerId)}`,
          { trigger },
          true,
        )
      ).trigger;
    },
    async deleteTrigger(triggerId) {
      await send<unknown>('DELETE', `/api/v2/triggers/${id(triggerId)}`, undefined, true);
    },
    listTriggerCategories() {
      return listAll<TriggerCategory>('/api/v2/trigger_categories', 'trigger_categories');
    },
    async createTriggerCategory(category) {
      return (
        await send<{ trigger_category: TriggerCategory }>(
          'POST',
          '/api/v2/trigger_categories',
          { trigger_category: category },
          false,
        )
      ).trigger_category;
    },

    listDynamicContentItems() {
      return listAll<DynamicContentItem>('/api/v2/dynamic_content/items', 'items');
    },
    async getDynamicContentItem(itemId) {
      return (
        await get<{ item: DynamicContentItem }>(`/api/v2/dynamic_content/items/${id(itemId)}`)
      ).item;
    },
    async createDynamicContentItem(item) {
      return (
        await send<{ item: DynamicContentItem }>(
          'POST',
          '/api/v2/dynamic_content/items',
          { item },
          false,
        )
      ).item;
    },
    async createDynamicContentVariant(itemId, variant) {
      return (
        await send<{ variant: DynamicContentVariant }>(
          'POST',
          `/api/v2/dynamic_content/items/${id(itemId)}/variants`,
          { variant },
          false,
        )
      ).variant;
    },
    async updateDynamicContentVariant(itemId, variantId, variant) {
      return (
        await send<{ variant: DynamicContentVariant }>(
          'PUT',
          `/api/v2/dynamic_content/items/${id(itemId)}/variants/${id(variantId)}`,
          { variant },
          true,
        )
      ).variant;
    },

    async getUser(userId) {
      return (await get<{ user: ZendeskUser }>(`/api/v2/users/${id(userId)}`)).user;
    },
    async showManyUsers(ids) {
      const users: ZendeskUser[] = [];
      for (let i = 0; i < ids.length; i += SHOW_MANY_USERS_LIMIT) {
        const batch = ids.slice(i, i + SHOW_MANY_USERS_LIMIT).map((n) => id(n));
        users.push(
          ...(
            await get<{ users: ZendeskUser[] }>('/api/v2/users/show_many', { ids: batch.join(',') })
          ).users,
        );
      }
      return users;
    },
    async getCurrentUser() {
      return (await get<{ user: ZendeskUser }>('/api/v2/users/me')).user;
    },
    async autocompleteUsers(name) {
      return (await get<{ users: ZendeskUser[] }>('/api/v2/users/autocomplete', { name })).users;
    },
    listUserGroupMemberships(userId) {
      return listAll<GroupMembership>(
        `/api/v2/users/${id(userId)}/group_memberships`,
        'group_memberships',
      );
    },
    async listCustomRoles() {
      return (await get<{ custom_roles: CustomRole[] }>('/api/v2/custom_roles')).custom_roles;
    },
    listGroups() {
      return listAll<Group>('/api/v2/groups', 'groups');
    },
    listBrands() {
      return listAll<Brand>('/api/v2/brands', 'brands');
    },
    async listLocales() {
      return (await get<{ locales: ZendeskLocale[] }>('/api/v2/locales')).locales;
    },
    async getAccountTimeZone() {
      const body = await get<{ settings?: { localization?: { iana_time_zone?: unknown } } }>(
        '/api/v2/account/settings',
      );
      const zone = body.settings?.localization?.iana_time_zone;
      return typeof zone === 'string' && zone !== '' ? zone : null;
    },
  };
}

export class ZendeskConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZendeskConfigError';
  }
}

/**
 * The client for the configured account: OAuth token first, else email + API token. With `db`,
 * every call passes the API budget the service's workers and replicas share (budget.ts).
 */
export function zendeskClientFromConfig(
  config: Config,
  overrides: Partial<Omit<ZendeskClientOptions, 'baseUrl' | 'auth'>> = {},
  db: Queryable | null = null,
): ZendeskClient {
  const { apiUrl, email, apiToken, oauthToken } = config.zendesk;
  let auth: ZendeskClientOptions['auth'];
  if (oauthToken) auth = { oauthToken };
  else if (email && apiToken) auth = { email, apiToken };
  else {
    throw new ZendeskConfigError(
      'No Zendesk credentials: set ZENDESK_EMAIL and ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN.',
    );
  }
  const gate = db
    ? createZendeskBudget(db, { defaultPerMinute: config.zendesk.requestsPerMinute })
    : undefined;
  return createZendeskClient({ baseUrl: apiUrl, auth, gate, ...overrides });
}
