import { notFound, recordInvalid } from '../api-error.js';
import type { TicketFieldRecord, TicketFormRecord } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

/** The account's ticket forms: which custom fields agents see on a ticket. */
export class TicketForms implements Persisted<TicketFormRecord> {
  private readonly byId = new Map<number, TicketFormRecord>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly fields: { find(id: number): TicketFieldRecord | null },
  ) {}

  create(input: {
    name: string;
    default?: boolean;
    ticket_field_ids?: number[];
  }): TicketFormRecord {
    const at = this.ctx.time();
    const form: TicketFormRecord = {
      id: this.ctx.ids.next('form'),
      name: input.name,
      active: true,
      default: input.default ?? this.byId.size === 0,
      end_user_visible: true,
      position: this.byId.size,
      ticket_field_ids: [...(input.ticket_field_ids ?? [])],
      created_at: at,
      updated_at: at,
    };
    this.byId.set(form.id, form);
    this.ctx.changed();
    return form;
  }

  get(id: number): TicketFormRecord {
    const form = this.byId.get(id);
    if (!form) throw notFound();
    return form;
  }

  list(): TicketFormRecord[] {
    return [...this.byId.values()];
  }

  /** Update Ticket Form: `ticket_field_ids` replaces the form's fields; unknown field ids are refused. */
  update(id: number, input: Record<string, unknown>): TicketFormRecord {
    const form = this.get(id);
    const ids = input.ticket_field_ids;
    if (ids !== undefined) {
      if (!Array.isArray(ids) || ids.some((f) => !Number.isSafeInteger(Number(f)))) {
        throw recordInvalid({ ticket_field_ids: ['Ticket field ids: must be a list of ids'] });
      }
      const unknown = ids.map(Number).filter((f) => this.fields.find(f) === null);
      if (unknown.length > 0) {
        throw recordInvalid({
          ticket_field_ids: [`Ticket field ids: ${unknown.join(', ')} not found`],
        });
      }
      form.ticket_field_ids = [...new Set(ids.map(Number))];
    }
    if (typeof input.name === 'string' && input.name.trim() !== '') form.name = input.name;
    if (typeof input.active === 'boolean') form.active = input.active;
    form.updated_at = this.ctx.time();
    this.ctx.changed();
    return form;
  }

  rows(): TicketFormRecord[] {
    return this.list();
  }

  load(rows: TicketFormRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}
