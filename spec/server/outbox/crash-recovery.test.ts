import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  openPglite,
  openPostgres,
  quoteIdent,
  type Database,
} from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import {
  claimDueJobs,
  enqueueJob,
  releaseJobsOf,
} from '../../../src/server/outbox/outbox-repository.js';
import {
  createOutboxWorker,
  deadWorkersOnThisHost,
  DEFAULT_LEASE_MS,
} from '../../../src/server/outbox/worker.js';
import { describeEachDatabase, testDrivers, type Driver } from '../../support/databases.js';
import { job, waitFor as waitForState } from '../../support/outbox.js';

/** Crash recovery starts processes and PGlite files: its waits get 30 s on a busy machine. */
const waitFor = <T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> => waitForState(what, probe, timeoutMs);

const ROOT = path.resolve(__dirname, '../../..');

let keySeq = 0;
async function addJobs(db: Database, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      await enqueueJob(db, {
        kind: 'publish_survey_link',
        dedupeKey: `crash:${++keySeq}`,
        payload: { surveyId: keySeq },
      }),
    );
  }
  return ids;
}

/** The pid of a process that has exited: nothing on this machine runs under it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

describe('deadWorkersOnThisHost', () => {
  const self = { workerIds: new Set(['box:100:aaaaaaaa']), hostname: 'box', pid: 100 };
  const alive = (pid: number) => pid === 100 || pid === 200;

  it.each([
    ['this worker', 'box:100:aaaaaaaa', false],
    ['an earlier worker of this pid (a restart as pid 1 in a container)', 'box:100:bbbbbbbb', true],
    ['a live process on this machine', 'box:200:cccccccc', false],
    ['a process that is gone', 'box:300:dddddddd', true],
    ['another machine (its lease expires instead)', 'other:300:dddddddd', false],
    ['an id of another shape', 'crashed', false],
    ['a host name with the same prefix', 'box2:300:dddddddd', false],
  ])('%s → dead: %s', (_what, id, dead) => {
    expect(deadWorkersOnThisHost([id], self, alive)).toEqual(dead ? [id] : []);
  });
});

describe('the default lease', () => {
  it('brings back the jobs of a worker on another machine within a minute (lease + a poll)', () => {
    expect(DEFAULT_LEASE_MS + 1000).toBeLessThanOrEqual(60_000);
  });
});

describeEachDatabase('outbox crash recovery', (getDb) => {
  beforeEach(async () => {
    await getDb().query('DELETE FROM outbox_jobs');
    await getDb().query('DELETE FROM zendesk_state');
  });

  it('renews the lease of every job of a claimed batch, not only the running one', async () => {
    const db = getDb();
    const [first, , last] = await addJobs(db, 3);
    let finish: () => void = () => undefined;
    const worker = createOutboxWorker({
      db,
      leaseMs: 300,
      handlers: {
        publish_survey_link: (payload) =>
          (payload as { surveyId: number }).surveyId === keySeq - 2
            ? new Promise<void>((resolve) => (finish = resolve))
            : Promise.resolve(),
      },
    });
    const running = worker.runOnce();
    const claimed = await waitFor('the claim', async () => {
      const j = await job(db, last!);
      return j.status === 'running' && j.lockedUntil;
    });
    // The last job waits behind the first; its lease moves on while it waits.
    await waitFor('a renewed lease', async () => {
      const j = await job(db, last!);
      return j.lockedUntil && j.lockedUntil.getTime() > claimed.getTime() + 200;
    });
    const other = createOutboxWorker({ db, handlers: { publish_survey_link: async () => {} } });
    expect(await other.runOnce()).toBe(0);
    finish();
    expect(await running).toBe(3);
    expect((await job(db, first!)).status).toBe('done');
    expect((await job(db, last!)).status).toBe('done');
  });

  it('takes back at start the jobs of a dead worker on this machine, without waiting out its lease', async () => {
    const db = getDb();
    const ids = await addJobs(db, 4);
    const gone = `${os.hostname()}:${await deadPid()}:0badf00d`;
    const earlierSelf = `${os.hostname()}:${process.pid}:feedf00d`;
    await claimDueJobs(db, { workerId: gone, limit: 2, leaseMs: 10 * 60_000 });
    await claimDueJobs(db, { workerId: earlierSelf, limit: 2, leaseMs: 10 * 60_000 });
    const ran: number[] = [];
    const worker = createOutboxWorker({
      db,
      pollIntervalMs: 50,
      handlers: {
        publish_survey_link: async (payload) => {
          ran.push((payload as { surveyId: number }).surveyId);
        },
      },
    });
    worker.start();
    try {
      await waitFor('every job done', async () => {
        for (const id of ids) if ((await job(db, id)).status !== 'done') return false;
        return true;
      });
    } finally {
      await worker.stop();
    }
    expect(ran).toHaveLength(4);
  });

  it('fails instead of requeueing a released job that used its last attempt', async () => {
    const db = getDb();
    const [id] = await addJobs(db, 1);
    await db.query('UPDATE outbox_jobs SET max_attempts = 1 WHERE id = $1', [id]);
    await claimDueJobs(db, { workerId: 'box:1:00000000', limit: 1, leaseMs: 60_000 });
    expect(await releaseJobsOf(db, ['box:1:00000000'])).toBe(1);
    expect(await job(db, id!)).toMatchObject({ status: 'failed', lockedBy: null });
    expect((await job(db, id!)).lastError).toMatch(/stopped before finishing it, 1 times/);
  });
});

/** A database the child process and the test open in turn (PGlite: one process at a time). */
async function sharedDatabase(driver: Driver): Promise<{
  open(): Promise<Database>;
  childArgs: string[];
  drop(): Promise<void>;
}> {
  if (driver === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ces-crash-'));
    const dataDir = path.join(dir, 'db');
    return {
      open: () => openPglite(dataDir),
      childArgs: ['pglite', dataDir],
      async drop() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  return {
    open: () => openPostgres({ connectionString: url, schema, max: 3 }),
    childArgs: ['postgres', schema],
    async drop() {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await admin.end();
    },
  };
}

describe.each(testDrivers())('a worker killed with SIGKILL mid-batch [%s]', (driver) => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('has its jobs done by the restarted service at once, not after the lease', async () => {
    const shared = await sharedDatabase(driver);
    try {
      let db = await shared.open();
      await migrate(db);
      const ids = await addJobs(db, 5);
      if (driver === 'pglite') await db.close();

      let output = '';
      // node itself with tsx's loader (the tsx command would put a second process in between,
      // and SIGKILL would reach only that one).
      const script = path.join(__dirname, 'fixtures/hanging-worker.ts');
      child = spawn(process.execPath, ['--import', 'tsx', script, ...shared.childArgs], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
        },
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => child!.on('exit', resolve));
      await waitFor(
        'the child to start a job',
        async () => /running /.test(output) || child!.exitCode !== null,
        60_000,
      );
      expect(output).toMatch(/running /);
      child.kill('SIGKILL');
      await exited;

      if (driver === 'pglite') db = await shared.open();
      const held = await Promise.all(ids.map((id) => job(db, id)));
      // The dead worker claimed the whole batch; waiting for its lease would take this long.
      expect(held.every((j) => j.status === 'running')).toBe(true);
      const leaseEnds = Math.min(...held.map((j) => j.lockedUntil!.getTime()));

      const worker = createOutboxWorker({
        db,
        pollIntervalMs: 50,
        handlers: { publish_survey_link: async () => {} },
      });
      worker.start();
      try {
        await waitFor('every job done', async () => {
          for (const id of ids) if ((await job(db, id)).status !== 'done') return false;
          return true;
        });
      } finally {
        await worker.stop();
      }
      const done = await Promise.all(ids.map((id) => job(db, id)));
      expect(done.every((j) => j.doneAt!.getTime() < leaseEnds)).toBe(true);
      await db.close();
    } finally {
      await shared.drop();
    }
  }, 240_000);
});
