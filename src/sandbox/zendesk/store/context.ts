/** Id ranges per kind of record; the composition's counters are persisted in the snapshot. */
export interface Counters {
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
export const FIRST_IDS: Counters = {
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

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The account's id counters: one sequence per kind of record. */
export class IdSequence {
  private counters: Counters = { ...FIRST_IDS };

  next(kind: keyof Counters): number {
    const id = this.counters[kind];
    this.counters[kind] = id + 1;
    return id;
  }

  /** A record created with its own id (seeding): later ids start after it. */
  claim(kind: keyof Counters, id: number): void {
    if (id >= this.counters[kind]) this.counters[kind] = id + 1;
  }

  snapshot(): Counters {
    return { ...this.counters };
  }

  /** Counters missing from an older snapshot start at their first id. */
  restore(counters: Partial<Counters> = {}): void {
    this.counters = { ...FIRST_IDS, ...counters };
  }
}

/** What every resource module is given: ids, the clock, and the change notification. */
export class StoreContext {
  readonly ids = new IdSequence();
  private muted = false;

  constructor(
    readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  time(): string {
    return isoTime(this.now());
  }

  /** Tells the persistence something changed (unless inside `batch`). */
  changed(): void {
    if (!this.muted) this.onChange();
  }

  /** Runs `work` with one change notification at the end instead of one per record. */
  batch<T>(work: () => T): T {
    if (this.muted) return work();
    this.muted = true;
    try {
      return work();
    } finally {
      this.muted = false;
      this.changed();
    }
  }
}

/** A resource's rows in the snapshot: written as a list, read back into the module's own map. */
export interface Persisted<Row> {
  rows(): Row[];
  load(rows: Row[] | undefined): void;
}
