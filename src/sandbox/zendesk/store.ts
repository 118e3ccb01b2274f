import type { DeliveryRecord, UserRecord } from './records.js';
import { Brands } from './store/brands.js';
import { StoreContext, type Persisted } from './store/context.js';
import { Deliveries } from './store/deliveries.js';
import { DynamicContent } from './store/dynamic-content.js';
import { Emails } from './store/emails.js';
import { Groups } from './store/groups.js';
import type { SandboxSnapshot } from './store/persistence.js';
import { TicketFields } from './store/ticket-fields.js';
import { TicketForms } from './store/ticket-forms.js';
import { Tickets, type TicketUpdateLimit } from './store/tickets.js';
import { SANDBOX_TIME_ZONE, type AccountTimeZone } from './store/time-zone.js';
import { TriggerCategories, Triggers } from './store/triggers.js';
import { Users } from './store/users.js';
import { Webhooks } from './store/webhooks.js';
import type { TriggerAccount } from './trigger-account.js';

/** The sandbox's own admin: the credentials the service's demo config uses. */
export const SANDBOX_ADMIN_EMAIL = 'admin@sandbox.local';
export const SANDBOX_API_TOKEN = 'sandbox-api-token';
export const SANDBOX_OAUTH_TOKEN = 'sandbox-oauth-token';

export interface StoreOptions {
  now?: () => number;
  /** Called after every change (the JSON file persistence hangs here). */
  onChange?: () => void;
  /** Called for each webhook invocation queued (the dispatcher hangs here). */
  onDelivery?: (delivery: DeliveryRecord) => void;
  /** Zendesk: 30 updates per 10 minutes per user per ticket. `null` switches the check off. */
  ticketUpdateLimit?: TicketUpdateLimit;
  /** The account's time zone (Admin Center > Account > Localization); default UTC. */
  timeZone?: AccountTimeZone;
}

/**
 * The sandbox account: one module per resource (store/), each owning its records, put together
 * here with the account-wide settings, the snapshot and the reset. The trigger engine sees it
 * only through TriggerAccount (trigger-account.ts), which this class satisfies.
 */
export class SandboxStore implements Omit<TriggerAccount, 'applyChanges'> {
  readonly now: () => number;
  private readonly ctx: StoreContext;
  private readonly options: StoreOptions;

  readonly users: Users;
  readonly groups: Groups;
  readonly brands: Brands;
  readonly ticketFields: TicketFields;
  readonly ticketForms: TicketForms;
  readonly tickets: Tickets;
  readonly webhooks: Webhooks;
  readonly triggers: Triggers;
  readonly triggerCategories: TriggerCategories;
  readonly dynamicContent: DynamicContent;
  /** Emails the triggers sent, oldest first. */
  readonly emails: Emails;
  /** Webhook invocations queued (by triggers and user events), oldest first. */
  readonly deliveries: Deliveries;

  /** Account settings > localization (tests may set another zone). Not persisted. */
  timeZone: AccountTimeZone;
  /**
   * How placeholders missing from Zendesk's reference render: 'render' (the sandbox's guess, see
   * placeholders.ts) or 'empty' (tests of a Zendesk that does not know them). Not persisted.
   */
  undocumentedPlaceholders: 'render' | 'empty' = 'render';

  constructor(options: StoreOptions = {}) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.timeZone = options.timeZone ?? SANDBOX_TIME_ZONE;
    const ctx = new StoreContext(this.now, () => this.options.onChange?.());
    this.ctx = ctx;
    this.deliveries = new Deliveries((delivery) => this.options.onDelivery?.(delivery));
    this.webhooks = new Webhooks(ctx, () => this.admin.id);
    this.users = new Users(ctx, (user, at) =>
      this.deliveries.queueUserDeleted(user, at, this.webhooks.list()),
    );
    this.groups = new Groups(ctx);
    this.brands = new Brands(ctx);
    this.ticketFields = new TicketFields(ctx, { list: () => this.tickets.list() });
    this.ticketForms = new TicketForms(ctx, this.ticketFields);
    this.triggerCategories = new TriggerCategories(ctx);
    this.triggers = new Triggers(ctx, this);
    this.dynamicContent = new DynamicContent(ctx);
    this.emails = new Emails(ctx);
    this.tickets = new Tickets(ctx, {
      admin: () => this.admin,
      users: this.users,
      groups: this.groups,
      brands: this.brands,
      ticketFields: this.ticketFields,
      triggerAccount: this,
      emails: this.emails,
      deliveries: this.deliveries,
      ticketUpdateLimit: options.ticketUpdateLimit,
    });
    this.seedAccount();
  }

  /** Tells the persistence something changed (for changes made outside the resource modules). */
  changed(): void {
    this.ctx.changed();
  }

  /** The API user: the sandbox admin. */
  get admin(): UserRecord {
    const admin = this.users.list().find((user) => user.email === SANDBOX_ADMIN_EMAIL);
    if (!admin) throw new Error('The sandbox admin is missing.');
    return admin;
  }

  /** Back to a fresh account (the admin, one brand, one group, the default form). */
  reset(): void {
    this.ctx.ids.restore();
    this.tickets.clear();
    for (const resource of this.persisted()) resource.load([]);
    this.undocumentedPlaceholders = 'render';
    this.timeZone = this.options.timeZone ?? SANDBOX_TIME_ZONE;
    this.seedAccount();
    this.changed();
  }

  snapshot(): SandboxSnapshot {
    return {
      counters: this.ctx.ids.snapshot(),
      users: this.users.rows(),
      groups: this.groups.rows(),
      brands: this.brands.rows(),
      tickets: this.tickets.rows(),
      ticketFields: this.ticketFields.rows(),
      ticketForms: this.ticketForms.rows(),
      webhooks: this.webhooks.rows(),
      triggers: this.triggers.rows(),
      triggerCategories: this.triggerCategories.rows(),
      dynamicContent: this.dynamicContent.rows(),
      emails: this.emails.rows(),
      deliveries: this.deliveries.rows(),
    };
  }

  /** Loads a snapshot; lists an older file lacks start empty, and a missing admin is re-made. */
  restore(snapshot: SandboxSnapshot): void {
    this.ctx.ids.restore(snapshot.counters);
    this.users.load(snapshot.users);
    this.groups.load(snapshot.groups);
    this.brands.load(snapshot.brands);
    this.tickets.load(snapshot.tickets);
    this.ticketFields.load(snapshot.ticketFields);
    this.ticketForms.load(snapshot.ticketForms);
    this.webhooks.load(snapshot.webhooks);
    this.triggers.load(snapshot.triggers);
    this.triggerCategories.load(snapshot.triggerCategories);
    this.dynamicContent.load(snapshot.dynamicContent);
    this.emails.load(snapshot.emails);
    this.deliveries.load(snapshot.deliveries);
    if (!this.users.byEmail(SANDBOX_ADMIN_EMAIL)) this.seedAccount();
  }

  private persisted(): Array<Persisted<unknown>> {
    return [
      this.users,
      this.groups,
      this.brands,
      this.tickets,
      this.ticketFields,
      this.ticketForms,
      this.webhooks,
      this.triggers,
      this.triggerCategories,
      this.dynamicContent,
      this.emails,
      this.deliveries,
    ] as Array<Persisted<unknown>>;
  }

  /** The account every sandbox starts with: an admin (the API user), a default brand and group. */
  private seedAccount(): void {
    this.users.create({ name: 'Sandbox Admin', email: SANDBOX_ADMIN_EMAIL, role: 'admin' });
    this.brands.create({ name: 'Sandbox', subdomain: 'sandbox', default: true });
    this.groups.create({ name: 'Support' });
    // Zendesk's system fields are not modelled; the form lists the custom fields an admin adds.
    this.ticketForms.create({ name: 'Default Ticket Form', default: true });
  }
}
