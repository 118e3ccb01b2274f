import type { GroupRecord } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

/** The account's agent groups. */
export class Groups implements Persisted<GroupRecord> {
  private readonly byId = new Map<number, GroupRecord>();

  constructor(private readonly ctx: StoreContext) {}

  create(input: { name: string }): GroupRecord {
    const at = this.ctx.time();
    const group: GroupRecord = {
      id: this.ctx.ids.next('group'),
      name: input.name,
      deleted: false,
      created_at: at,
      updated_at: at,
    };
    this.byId.set(group.id, group);
    this.ctx.changed();
    return group;
  }

  find(id: number | null | undefined): GroupRecord | null {
    return id == null ? null : (this.byId.get(id) ?? null);
  }

  list(): GroupRecord[] {
    return [...this.byId.values()];
  }

  rows(): GroupRecord[] {
    return this.list();
  }

  load(rows: GroupRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}
