import type { Database } from '../../server/db/database.js';

/** What the service's tables say of one ticket in flight. */
export interface TicketState {
  surveys: { status: string; writeback_status: string | null }[];
  skipped: boolean;
}

interface Waiter {
  ticketId: number;
  what: string;
  deadline: number;
  check: (state: TicketState) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Waits on the service's tables for many tickets at once: one pair of queries a tick for every
 * ticket in flight, rather than a query per ticket every 100 ms (48 tickets polling the embedded
 * database on their own were a large part of the seed's time).
 */
export function ticketWatch(db: Database, intervalMs = 100) {
  const waiters = new Set<Waiter>();
  let running = false;
  const tick = async () => {
    // The waiters of this tick: one added while the queries run waits for the next tick.
    const batch = [...waiters];
    const ids = [...new Set(batch.map((w) => w.ticketId))];
    const states = new Map<number, TicketState>(
      ids.map((id) => [id, { surveys: [], skipped: false }]),
    );
    const { rows: surveys } = await db.query<{
      ticket_id: string | number;
      status: string;
      writeback_status: string | null;
    }>(
      'SELECT ticket_id, status, writeback_status FROM surveys WHERE ticket_id = ANY($1::bigint[])',
      [ids],
    );
    for (const row of surveys) states.get(Number(row.ticket_id))?.surveys.push(row);
    const { rows: skips } = await db.query<{ ticket_id: string | number }>(
      'SELECT DISTINCT ticket_id FROM skips WHERE ticket_id = ANY($1::bigint[])',
      [ids],
    );
    for (const row of skips) {
      const state = states.get(Number(row.ticket_id));
      if (state) state.skipped = true;
    }
    for (const waiter of batch) {
      try {
        const value = waiter.check(states.get(waiter.ticketId) as TicketState);
        if (value !== undefined) {
          waiters.delete(waiter);
          waiter.resolve(value);
        } else if (Date.now() > waiter.deadline) {
          waiters.delete(waiter);
          waiter.reject(new Error(`Seeding stopped: timed out waiting for ${waiter.what}.`));
        }
      } catch (error) {
        waiters.delete(waiter);
        waiter.reject(error as Error);
      }
    }
  };
  const loop = async () => {
    running = true;
    try {
      while (waiters.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        await tick();
      }
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error as Error);
      waiters.clear();
    } finally {
      running = false;
    }
  };
  return {
    /** Resolves with `check`'s first value that is not undefined for this ticket's state. */
    until<T>(
      what: string,
      ticketId: number,
      check: (state: TicketState) => T | undefined,
      timeoutMs = 60_000,
    ): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiters.add({
          ticketId,
          what,
          deadline: Date.now() + timeoutMs,
          check,
          resolve: resolve as (value: unknown) => void,
          reject,
        });
        if (!running) void loop();
      });
    },
  };
}
