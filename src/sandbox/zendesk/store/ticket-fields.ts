import { notFound, recordInvalid } from '../api-error.js';
import type { TicketFieldRecord, TicketRecord } from '../records.js';
import { normalizeTags } from '../tags.js';
import type { Persisted, StoreContext } from './context.js';

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

/** The account's custom ticket fields; every ticket has a slot for each. */
export class TicketFields implements Persisted<TicketFieldRecord> {
  private readonly byId = new Map<number, TicketFieldRecord>();

  constructor(
    private readonly ctx: StoreContext,
    /** The tickets whose slots follow the fields (a new field adds one, a deleted one goes). */
    private readonly tickets: { list(): TicketRecord[] },
  ) {}

  /** In the order Zendesk lists them: position, then id. */
  list(): TicketFieldRecord[] {
    return [...this.byId.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  }

  get(id: number): TicketFieldRecord {
    const field = this.byId.get(id);
    if (!field) throw notFound();
    return field;
  }

  find(id: number): TicketFieldRecord | null {
    return this.byId.get(id) ?? null;
  }

  create(input: Record<string, unknown>): TicketFieldRecord {
    const type = input.type;
    const title = input.title;
    if (typeof type !== 'string' || !FIELD_TYPES.includes(type)) {
      throw recordInvalid({ type: [`Type: must be one of ${FIELD_TYPES.join(', ')}`] });
    }
    if (typeof title !== 'string' || title.trim() === '') {
      throw recordInvalid({ title: ['Title: cannot be blank'] });
    }
    const at = this.ctx.time();
    const field: TicketFieldRecord = {
      id: this.ctx.ids.next('field'),
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
    this.applyOptions(field, input.custom_field_options);
    this.byId.set(field.id, field);
    for (const ticket of this.tickets.list())
      ticket.custom_fields.push({ id: field.id, value: null });
    this.ctx.changed();
    return field;
  }

  update(id: number, input: Record<string, unknown>): TicketFieldRecord {
    const field = this.get(id);
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
    for (const key of ['active', 'required', 'visible_in_portal', 'editable_in_portal'] as const) {
      if (typeof input[key] === 'boolean') field[key] = input[key] as boolean;
    }
    if (typeof input.position === 'number') field.position = input.position;
    if (input.custom_field_options !== undefined)
      this.applyOptions(field, input.custom_field_options);
    field.updated_at = this.ctx.time();
    this.ctx.changed();
    return field;
  }

  delete(id: number): void {
    this.get(id);
    this.byId.delete(id);
    for (const ticket of this.tickets.list()) {
      ticket.custom_fields = ticket.custom_fields.filter((f) => f.id !== id);
    }
    this.ctx.changed();
  }

  /** Drop-down options: name and value required, values unique; existing ones keep their ids. */
  private applyOptions(field: TicketFieldRecord, raw: unknown): void {
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
      options.push({
        id: existing?.id ?? this.ctx.ids.next('option'),
        name,
        raw_name: name,
        value,
      });
    }
    field.custom_field_options = options;
  }

  /** Insertion order, as the snapshot has always kept them. */
  rows(): TicketFieldRecord[] {
    return [...this.byId.values()];
  }

  load(rows: TicketFieldRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}
