/**
 * Faults the sandbox injects into /api/v2 requests, so tests can watch the service ride out a bad
 * day at Zendesk: 429 storms with Retry-After, outages (a 5xx answer or a dropped connection),
 * answers lost after the work was done, and slow answers. Each rule lasts for a number of requests (`times`), a span of time
 * (`durationMs`), or until removed, and may be narrowed to a method and a path prefix.
 */

export type FaultRule =
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'outage'; status?: 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  /** The socket is destroyed before any answer: the client sees ECONNRESET. */
  | { kind: 'drop' }
  /** The request is carried out, then the answer is lost: the client cannot tell it happened. */
  | { kind: 'lose_response' }
  | { kind: 'slow'; delayMs: number };

export type FaultInput = FaultRule & {
  times?: number;
  durationMs?: number;
  method?: string;
  /** e.g. `/api/v2/tickets`; matches that path and everything below it. */
  pathPrefix?: string;
};

export interface ActiveFault {
  id: number;
  rule: FaultInput;
  remaining: number | null;
  until: number | null;
  hits: number;
}

export type FaultDecision =
  | {
      kind: 'respond';
      status: number;
      headers: Record<string, string>;
      body: Record<string, unknown>;
    }
  | { kind: 'drop' }
  | { kind: 'pass'; delayMs: number; loseResponse: boolean };

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  add(input: FaultInput): ActiveFault {
    validateFault(input);
    const fault: ActiveFault = {
      id: this.nextId++,
      rule: input,
      remaining: input.times ?? null,
      until: input.durationMs !== undefined ? this.now() + input.durationMs : null,
      hits: 0,
    };
    this.rules.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    this.expire();
    return [...this.rules];
  }

  private expire(): void {
    const now = this.now();
    this.rules = this.rules.filter(
      (r) => (r.remaining === null || r.remaining > 0) && (r.until === null || r.until > now),
    );
  }

  /** What to do with one request: every matching slow rule adds delay; the first error rule answers. */
  decide(method: string, path: string): FaultDecision {
    this.expire();
    let delayMs = 0;
    let loseResponse = false;
    for (const fault of this.rules) {
      const { rule } = fault;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      fault.hits += 1;
      if (fault.remaining !== null) fault.remaining -= 1;
      switch (rule.kind) {
        case 'slow':
          delayMs += rule.delayMs;
          continue;
        case 'drop':
          return { kind: 'drop' };
        case 'lose_response':
          loseResponse = true;
          continue;
        case 'rate_limit':
          return {
            kind: 'respond',
            status: 429,
            headers: { 'Retry-After': String(rule.retryAfterSeconds) },
            body: { error: 'TooManyRequests', description: 'You have exceeded the rate limit.' },
          };
        case 'outage': {
          const headers: Record<string, string> = {};
          if (rule.retryAfterSeconds !== undefined)
            headers['Retry-After'] = String(rule.retryAfterSeconds);
          return {
            kind: 'respond',
            status: rule.status ?? 503,
            headers,
            body: {
              error: 'ServiceUnavailable',
              description: 'Zendesk is temporarily unavailable (sandbox fault).',
            },
          };
        }
      }
    }
    return { kind: 'pass', delayMs, loseResponse };
  }
}

function validateFault(input: FaultInput): void {
  const fail = (why: string): never => {
    throw new Error(`Invalid fault: ${why}`);
  };
  if (typeof input !== 'object' || input === null) fail('send a JSON object');
  switch (input.kind) {
    case 'rate_limit':
      if (!Number.isInteger(input.retryAfterSeconds) || input.retryAfterSeconds < 0) {
        fail('rate_limit needs retryAfterSeconds, a whole number ≥ 0');
      }
      break;
    case 'outage':
      if (input.status !== undefined && ![500, 502, 503, 504].includes(input.status)) {
        fail('outage status is 500, 502, 503 or 504');
      }
      break;
    case 'slow':
      if (!Number.isFinite(input.delayMs) || input.delayMs < 0) fail('slow needs delayMs ≥ 0');
      break;
    case 'drop':
    case 'lose_response':
      break;
    default:
      fail('kind is one of rate_limit, outage, drop, lose_response, slow');
  }
  if (input.times !== undefined && (!Number.isInteger(input.times) || input.times < 1)) {
    fail('times is a whole number ≥ 1');
  }
  if (input.durationMs !== undefined && !(input.durationMs > 0)) fail('durationMs is > 0');
}
