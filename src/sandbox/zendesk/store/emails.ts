import type { EmailRecord } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

/** Emails the triggers sent, oldest first (the sandbox's outbox; nothing leaves the machine). */
export class Emails implements Persisted<EmailRecord> {
  private sent: EmailRecord[] = [];

  constructor(private readonly ctx: StoreContext) {}

  list(filter: { ticketId?: number } = {}): EmailRecord[] {
    return this.sent.filter(
      (e) => filter.ticketId === undefined || e.ticket_id === filter.ticketId,
    );
  }

  nextId(): number {
    return this.ctx.ids.next('email');
  }

  /** Records emails a trigger run sent (the caller reports the change with the ticket's). */
  record(emails: EmailRecord[]): void {
    this.sent.push(...emails);
  }

  clear(): void {
    this.sent = [];
    this.ctx.changed();
  }

  rows(): EmailRecord[] {
    return this.sent;
  }

  load(rows: EmailRecord[] | undefined): void {
    this.sent = rows ?? [];
  }
}
