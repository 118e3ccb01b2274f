import { ZendeskApiError, closedTicket, notFound, recordInvalid } from '../api-error.js';
import type {
  BrandRecord,
  CommentRecord,
  DeliveryRecord,
  EmailRecord,
  TicketFieldRecord,
  TicketRecord,
  UserRecord,
} from '../records.js';
import type { TriggerAccount } from '../trigger-account.js';
import { runTriggers } from '../trigger-engine.js';
import { isoTime, type Persisted, type StoreContext } from './context.js';
import {
  applyTicketChanges,
  stripHtml,
  type ChangeEnv,
  type TicketChanges,
} from './ticket-changes.js';

export interface NewTicketInput extends TicketChanges {
  requester_id: number;
  submitter_id?: number;
  created_at?: string;
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

/** Zendesk: 30 updates per 10 minutes per user per ticket. `null` switches the check off. */
export type TicketUpdateLimit = { limit: number; windowMs: number } | null;

/** What tickets read from the rest of the account and where their trigger runs' output goes. */
export interface TicketDeps extends Omit<ChangeEnv, 'ctx' | 'brands'> {
  /** The API user: who acts when a change names nobody. */
  admin(): UserRecord;
  brands: ChangeEnv['brands'] & { default(): BrandRecord | null };
  /** Every custom field in creation order: a new ticket gets a slot for each. */
  ticketFields: ChangeEnv['ticketFields'] & { rows(): TicketFieldRecord[] };
  /** The account as the trigger engine sees it, less the change it gets from here. */
  triggerAccount: Omit<TriggerAccount, 'applyChanges'>;
  emails: { record(emails: EmailRecord[]): void };
  deliveries: { queue(delivery: DeliveryRecord): void };
  ticketUpdateLimit?: TicketUpdateLimit;
}

/**
 * The account's tickets, and the operations that change them the way Zendesk does (tag rules,
 * closed tickets, the update limit, the trigger engine on every create and update).
 */
export class Tickets implements Persisted<TicketRecord> {
  private readonly byId = new Map<number, TicketRecord>();
  /** Per ticket and user: when they updated it, for the update limit. */
  private readonly updateLog = new Map<string, number[]>();
  private readonly env: ChangeEnv;

  constructor(
    private readonly ctx: StoreContext,
    private readonly deps: TicketDeps,
  ) {
    this.env = { ...deps, ctx };
  }

  get(id: number): TicketRecord {
    const ticket = this.byId.get(id);
    if (!ticket) throw notFound();
    return ticket;
  }

  find(id: number): TicketRecord | null {
    return this.byId.get(id) ?? null;
  }

  list(): TicketRecord[] {
    return [...this.byId.values()];
  }

  comments(id: number): CommentRecord[] {
    return this.get(id).comments;
  }

  /** Creates a ticket and runs the triggers, as POST /api/v2/tickets does. */
  create(input: NewTicketInput, options: UpdateOptions = {}): TicketUpdateResult {
    return this.createTicket(input, options, true);
  }

  /**
   * Many tickets at once for demo data: no triggers, one change notification. Each input still
   * goes through the same validation and tag rules.
   */
  bulkCreate(inputs: NewTicketInput[], options: UpdateOptions = {}): TicketRecord[] {
    return this.ctx.batch(() =>
      inputs.map((input) => this.createTicket(input, options, false).ticket),
    );
  }

  /** Updates a ticket and runs the triggers, as PUT /api/v2/tickets/{id} does. */
  update(id: number, changes: TicketChanges, options: UpdateOptions = {}): TicketUpdateResult {
    const before = this.get(id);
    const actor = this.deps.users.find(options.actorId) ?? this.deps.admin();
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
    const draft = applyTicketChanges(
      this.env,
      structuredClone(before),
      changes,
      actor.id,
      events,
      false,
    );
    draft.updated_at = laterStamp(this.ctx.time(), before.updated_at);
    this.byId.set(id, draft);
    const result = this.finishUpdate(before, draft, actor.id, events, true);
    stampSolved(before, draft);
    this.ctx.changed();
    return result;
  }

  /** Back to no tickets (and no update history). */
  clear(): void {
    this.byId.clear();
    this.updateLog.clear();
  }

  rows(): TicketRecord[] {
    return this.list();
  }

  load(rows: TicketRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }

  private checkUpdateLimit(ticketId: number, actorId: number): void {
    const limit =
      this.deps.ticketUpdateLimit === undefined
        ? { limit: 30, windowMs: 10 * 60 * 1000 }
        : this.deps.ticketUpdateLimit;
    if (limit === null) return;
    const key = `${ticketId}:${actorId}`;
    const now = this.ctx.now();
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
    const actor = this.deps.users.find(options.actorId) ?? this.deps.admin();
    const requester = this.deps.users.find(input.requester_id);
    if (!requester) throw recordInvalid({ requester: ['Requester: is invalid'] });
    const body =
      input.comment?.body ?? (input.comment?.html_body ? stripHtml(input.comment.html_body) : '');
    if (!body) throw recordInvalid({ base: ['Description: cannot be blank'] });
    const at = input.created_at ?? this.ctx.time();
    const ticket: TicketRecord = {
      id: this.ctx.ids.next('ticket'),
      subject: input.subject ?? null,
      description: body,
      status: 'new',
      priority: null,
      type: null,
      requester_id: requester.id,
      submitter_id: input.submitter_id ?? actor.id,
      assignee_id: null,
      group_id: null,
      brand_id: input.brand_id ?? this.deps.brands.default()?.id ?? null,
      organization_id: null,
      tags: [],
      custom_fields: this.deps.ticketFields
        .rows()
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
    const draft = applyTicketChanges(
      this.env,
      ticket,
      { ...input, comment, brand_id: ticket.brand_id },
      actor.id,
      events,
      true,
    );
    // Zendesk opens a new ticket as soon as it has an assignee.
    if (input.status === undefined && draft.assignee_id !== null) draft.status = 'open';
    this.byId.set(draft.id, draft);
    const result = this.finishUpdate(null, draft, actor.id, events, withTriggers);
    stampSolved(null, draft);
    this.ctx.changed();
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
      const outcome = runTriggers(this.triggerAccount(), { before, ticket, actorId, events });
      this.deps.emails.record(outcome.emails);
      for (const delivery of outcome.deliveries) this.deps.deliveries.queue(delivery);
    }
    return {
      ticket,
      audit: {
        id: this.ctx.ids.next('audit'),
        ticket_id: ticket.id,
        created_at: ticket.updated_at,
        author_id: actorId,
        events,
      },
    };
  }

  /** The engine's view: the account, and trigger actions applied with the API's rules. */
  private triggerAccount(): TriggerAccount {
    const account = this.deps.triggerAccount;
    return {
      now: () => account.now(),
      users: account.users,
      groups: account.groups,
      brands: account.brands,
      ticketFields: account.ticketFields,
      webhooks: account.webhooks,
      triggerCategories: account.triggerCategories,
      triggers: account.triggers,
      dynamicContent: account.dynamicContent,
      emails: account.emails,
      undocumentedPlaceholders: account.undocumentedPlaceholders,
      applyChanges: (ticket, changes, actorId, events) =>
        applyTicketChanges(this.env, ticket, changes, actorId, events, false),
    };
  }
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
