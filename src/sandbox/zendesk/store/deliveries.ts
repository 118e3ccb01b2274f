import { randomUUID } from 'node:crypto';
import type { DeliveryRecord, UserRecord, WebhookRecord } from '../records.js';
import { USER_DELETED_EVENT, userDeletedEvent } from '../user-events.js';
import type { Persisted } from './context.js';

/**
 * Webhook invocations queued for the dispatcher, oldest first. The dispatcher changes their
 * status and attempts in place (and reports the change itself).
 */
export class Deliveries implements Persisted<DeliveryRecord> {
  private queued: DeliveryRecord[] = [];

  constructor(
    /** Called for each new invocation (the dispatcher hangs here). */
    private readonly onDelivery: (delivery: DeliveryRecord) => void,
  ) {}

  list(filter: { ticketId?: number } = {}): DeliveryRecord[] {
    return this.queued.filter(
      (d) => filter.ticketId === undefined || d.ticket_id === filter.ticketId,
    );
  }

  /** Invocations not yet delivered or given up on (a restart sends them again). */
  pending(): DeliveryRecord[] {
    return this.queued.filter((d) => d.status === 'pending');
  }

  queue(delivery: DeliveryRecord): void {
    this.queued.push(delivery);
    this.onDelivery(delivery);
  }

  /** zen:event-type:user.deleted to every active webhook subscribed to it. */
  queueUserDeleted(user: UserRecord, at: string, webhooks: WebhookRecord[]): void {
    for (const webhook of webhooks) {
      if (webhook.status !== 'active' || !webhook.subscriptions.includes(USER_DELETED_EVENT)) {
        continue;
      }
      this.queue({
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
      });
    }
  }

  rows(): DeliveryRecord[] {
    return this.queued;
  }

  load(rows: DeliveryRecord[] | undefined): void {
    this.queued = rows ?? [];
  }
}
