import crypto from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database.js';
import { jobAttempts, jobFailures } from '../monitoring/metrics.js';
import { pausedUntil, pauseUntil } from '../setup/zendesk-state.js';
import { ZendeskRateLimitError } from '../zendesk/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { InvalidJobPayloadError } from './job-errors.js';
import {
  claimDueJobs,
  completeJob,
  extendLeases,
  failJob,
  OUTBOX_CHANNEL,
  releaseJobsOf,
  rescheduleJob,
  workersHoldingJobs,
  type ClaimedJob,
} from './outbox-repository.js';

/**
 * How long a claimed job stays a worker's without a heartbeat. Short, so a killed worker's jobs run
 * again within a minute; the worker renews it every third of it while it holds jobs.
 */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * The workers on this machine that hold jobs but cannot be running: their process is gone, or it
 * is this process under an earlier worker id (a restart inside a container that is pid 1 again).
 * Worker ids are `host:pid:random`; ids of another shape or another host are never judged here:
 * their leases expire instead.
 */
export function deadWorkersOnThisHost(
  holders: readonly string[],
  self: { workerIds: ReadonlySet<string>; hostname: string; pid: number },
  isAlive: (pid: number) => boolean = processIsAlive,
): string[] {
  return holders.filter((id) => {
    if (self.workerIds.has(id)) return false;
    const match = /^(.+):(\d+):[0-9a-f]{8}$/.exec(id);
    if (!match || match[1] !== self.hostname) return false;
    const pid = Number(match[2]);
    return pid === self.pid || !isAlive(pid);
  });
}

/** Worker ids made in this process: alive as long as the process is (tests run several). */
const workersOfThisProcess = new Set<string>();

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs one job; throws to be retried with backoff (or at Retry-After for a rate limit). */
export type JobHandler = (payload: unknown, job: ClaimedJob) => Promise<void>;

/** The pino-style subset of a logger the worker writes to (Fastify's `app.log` fits). */
export interface WorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  db: Database;
  handlers: Readonly<Record<string, JobHandler>>;
  /** Identifies this worker in `locked_by`; unique per process by default. */
  workerId?: string;
  /** Wait between polls when nothing is due. */
  pollIntervalMs?: number;
  /** Jobs claimed per round; they run one after another (Zendesk limits updates per ticket). */
  batchSize?: number;
  /** How long a claimed job stays this worker's without a heartbeat; a crashed worker's jobs run again after it. */
  leaseMs?: number;
  /** Hand back jobs of dead workers on this machine at start instead of waiting out their leases (default true). */
  releaseDeadClaims?: boolean;
  backoff?: BackoffOptions;
  random?: () => number;
  logger?: WorkerLogger;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Starts polling in the background. */
  start(): void;
  /** Stops polling, lets the running job finish and hands unstarted claimed jobs back. */
  stop(): Promise<void>;
  /** Claims and runs one batch now; returns how many jobs ran. */
  runOnce(): Promise<number>;
  /** Polls now instead of at the end of the current wait (e.g. after enqueueing work). */
  wake(): void;
  /** After start: resolves once other processes' wake-ups arrive (true), or false when polling only. */
  ready(): Promise<boolean>;
}

const SILENT: WorkerLogger = { info() {}, warn() {}, error() {} };

export function createOutboxWorker(options: WorkerOptions): OutboxWorker {
  const db = options.db;
  const workerId =
    options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  workersOfThisProcess.add(workerId);
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const log = options.logger ?? SILENT;

  let loop: Promise<void> | null = null;
  let stopping = false;
  let wakeUp: (() => void) | null = null;
  // A wake that came while the worker was busy: the next wait ends at once.
  let wakePending = false;
  let listening: Promise<(() => Promise<void>) | null> | null = null;
  let localPause = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakePending) {
        wakePending = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  /** Milliseconds until Zendesk may be called again (0 = now). */
  async function pauseLeft(): Promise<number> {
    const shared = await pausedUntil(db);
    const until = Math.max(localPause, shared?.getTime() ?? 0);
    return Math.max(0, until - Date.now());
  }

  async function run(job: ClaimedJob): Promise<void> {
    const handler = options.handlers[job.kind];
    jobAttempts.inc({ kind: job.kind });
    try {
      if (!handler) throw new InvalidJobPayloadError(job.kind, 'no handler knows this job kind');
      await handler(job.payload, job);
    } catch (error) {
      await settleFailure(job, error);
      return;
    }
    if (!(await completeJob(db, job.id, workerId))) {
      log.warn({ jobId: job.id }, 'outbox job lease lost while running');
    }
  }

  /** Renews the leases of the whole claimed batch until `release` is called. */
  function heartbeat(): () => void {
    const timer = setInterval(
      () => {
        extendLeases(db, workerId, leaseMs).catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          log.warn({ error: message }, 'outbox lease heartbeat failed');
        });
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    return () => clearInterval(timer);
  }

  async function releaseDeadClaims(): Promise<void> {
    const dead = deadWorkersOnThisHost(await workersHoldingJobs(db), {
      workerIds: workersOfThisProcess,
      hostname: os.hostname(),
      pid: process.pid,
    });
    const released = await releaseJobsOf(db, dead);
    if (released > 0)
      log.info({ released, workers: dead.length }, 'outbox jobs of stopped workers taken back');
  }

  async function settleFailure(job: ClaimedJob, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const context = { jobId: job.id, kind: job.kind, attempt: job.attempts, error: message };
    if (error instanceof InvalidJobPayloadError) {
      jobFailures.inc({ kind: job.kind, outcome: 'parked' });
      log.error(context, 'outbox job parked: it cannot succeed');
      await failJob(db, job.id, workerId, message);
      return;
    }
    if (error instanceof ZendeskRateLimitError) {
      // Zendesk's wait is exact and applies to the whole account, not only to this job.
      jobFailures.inc({ kind: job.kind, outcome: 'rate_limited' });
      const delayMs = error.retryAfterSeconds * 1000;
      localPause = Math.max(localPause, Date.now() + delayMs);
      await pauseUntil(db, new Date(Date.now() + delayMs));
      log.warn({ ...context, retryAfterSeconds: error.retryAfterSeconds }, 'Zendesk rate limit');
      await rescheduleJob(db, job.id, workerId, { delayMs, error: message, countAttempt: false });
      return;
    }
    if (job.attempts >= job.maxAttempts) {
      jobFailures.inc({ kind: job.kind, outcome: 'parked' });
      log.error(context, 'outbox job parked after its last attempt');
      await failJob(
        db,
        job.id,
        workerId,
        `Gave up after ${job.attempts} attempts. Last error: ${message}`,
      );
      return;
    }
    jobFailures.inc({ kind: job.kind, outcome: 'retry' });
    const delayMs = backoffDelay(job.attempts, backoff, random);
    log.warn({ ...context, retryInMs: delayMs }, 'outbox job failed; will retry');
    await rescheduleJob(db, job.id, workerId, { delayMs, error: message, countAttempt: true });
  }

  async function runOnce(): Promise<number> {
    if ((await pauseLeft()) > 0) return 0;
    const jobs = await claimDueJobs(db, { workerId, limit: batchSize, leaseMs });
    if (jobs.length === 0) return 0;
    const stopHeartbeat = heartbeat();
    try {
      return await runBatch(jobs);
    } finally {
      stopHeartbeat();
    }
  }

  async function runBatch(jobs: ClaimedJob[]): Promise<number> {
    let ran = 0;
    for (const [index, job] of jobs.entries()) {
      // Stopping, or Zendesk asked us to wait: give the rest back untouched.
      if (stopping || Date.now() < localPause) {
        for (const rest of jobs.slice(index)) {
          await rescheduleJob(db, rest.id, workerId, {
            delayMs: Math.max(0, localPause - Date.now()),
            error: null,
            countAttempt: false,
          });
        }
        break;
      }
      await run(job);
      ran++;
    }
    return ran;
  }

  async function poll(): Promise<void> {
    if (options.releaseDeadClaims ?? true) {
      await releaseDeadClaims().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ error: message }, 'could not take back jobs of stopped workers');
      });
    }
    while (!stopping) {
      let ran = 0;
      try {
        ran = await runOnce();
      } catch (error) {
        log.error({ error: error instanceof Error ? error.message : String(error) }, 'outbox poll');
      }
      if (stopping) break;
      if (ran > 0) continue;
      const paused = await pauseLeft().catch(() => 0);
      await sleep(paused > 0 ? Math.min(paused + 5, 60_000) : pollIntervalMs);
    }
  }

  function wake(): void {
    if (wakeUp) wakeUp();
    else wakePending = true;
  }

  return {
    workerId,
    start() {
      if (loop) return;
      stopping = false;
      log.info({ workerId }, 'outbox worker started');
      // Jobs enqueued anywhere (this process or another replica) wake the worker at commit.
      listening =
        db.listen?.(OUTBOX_CHANNEL, wake).catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          log.warn({ error: message }, 'outbox wake-ups unavailable; polling only');
          return null;
        }) ?? null;
      loop = poll();
    },
    async ready() {
      return (await listening) !== null;
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      await loop;
      loop = null;
      // Unsubscribed before stop() returns, so the caller may close the database right after.
      const unlisten = await listening;
      listening = null;
      await unlisten?.().catch(() => undefined);
    },
    runOnce,
    wake,
  };
}
