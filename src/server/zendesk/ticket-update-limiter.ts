/**
 * Zendesk allows 30 updates per 10 minutes per user per ticket (Rate limits, "Update Ticket").
 * Updates to one ticket from this process run one at a time and wait for a free slot in the
 * window, instead of earning a 429 and a retry. Other processes keep their own window: with
 * several replicas the outbox's per-survey dedupe keeps one ticket's updates far below the limit.
 */
export const TICKET_UPDATES_PER_WINDOW = 30;
export const TICKET_UPDATE_WINDOW_MS = 10 * 60 * 1000;

export interface TicketUpdateLimiterOptions {
  limit?: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Lane {
  tail: Promise<unknown>;
  stamps: number[];
  pending: number;
}

export interface TicketUpdateLimiter {
  /** Runs `send` after every earlier update of this ticket finished and a slot is free. */
  run<T>(ticketId: number, send: () => Promise<T>): Promise<T>;
  /** Tickets with a lane (for tests and metrics). */
  size(): number;
}

export function createTicketUpdateLimiter(
  options: TicketUpdateLimiterOptions = {},
): TicketUpdateLimiter {
  const limit = options.limit ?? TICKET_UPDATES_PER_WINDOW;
  const windowMs = options.windowMs ?? TICKET_UPDATE_WINDOW_MS;
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lanes = new Map<number, Lane>();

  function sweep(): void {
    const cutoff = now() - windowMs;
    for (const [id, lane] of lanes) {
      if (lane.pending === 0 && (lane.stamps.at(-1) ?? 0) <= cutoff) lanes.delete(id);
    }
  }

  async function waitForSlot(lane: Lane): Promise<void> {
    for (;;) {
      const cutoff = now() - windowMs;
      while (lane.stamps.length > 0 && (lane.stamps[0] ?? 0) <= cutoff) lane.stamps.shift();
      if (lane.stamps.length < limit) return;
      await sleep((lane.stamps[0] ?? 0) + windowMs - now());
    }
  }

  function run<T>(ticketId: number, send: () => Promise<T>): Promise<T> {
    if (lanes.size > 1000) sweep();
    let lane = lanes.get(ticketId);
    if (!lane) {
      lane = { tail: Promise.resolve(), stamps: [], pending: 0 };
      lanes.set(ticketId, lane);
    }
    const current = lane;
    current.pending += 1;
    const result = current.tail.then(async () => {
      await waitForSlot(current);
      current.stamps.push(now());
      return send();
    });
    // The next update waits for this one, whether it succeeded or not.
    current.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void current.tail.then(() => {
      current.pending -= 1;
    });
    return result;
  }

  return { run, size: () => lanes.size };
}
