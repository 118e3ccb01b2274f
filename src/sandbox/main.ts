import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import type { Database } from '../server/db/database.js';
import { openDatabase } from '../server/db/open.js';
import { scheduleCommentSweep } from '../server/outbox/jobs/erase-old-comments.js';
import { scheduleDigestSweep } from '../server/outbox/jobs/send-weekly-digests.js';
import { createOutboxService } from '../server/outbox/outbox-service.js';
import type { OutboxWorker } from '../server/outbox/worker.js';
import { getSettings, saveSettings } from '../server/settings/settings-repository.js';
import { applySetup } from '../server/setup/setup.js';
import { authorizationHeader, zendeskClientFromConfig } from '../server/zendesk/index.js';
import type { Settings } from '../shared/settings.js';
import { loopbackRangeWorks } from './seed/customer-http.js';
import {
  seedDemo,
  type BackgroundSeed,
  type SeedOptions,
  type SeedSummary,
} from './seed/seed-demo.js';
import {
  APP_ASSETS_DIR,
  APP_MANIFEST,
  buildZendeskApp,
  demoAppInstallation,
} from './workspace/zaf/app-build.js';
import type { AppInstallation } from './workspace/zaf/app-installation.js';
import { workspaceRoutes } from './workspace/workspace-routes.js';
import { buildSandbox, type Sandbox } from './zendesk/sandbox.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from './zendesk/store.js';
import { sandboxTimeZoneFromEnv } from './zendesk/store/time-zone.js';

const ROOT = path.resolve(__dirname, '..', '..');
/** Thousands of simulated customers from one address (no 127/8 range): room for the seed only. */
const SEEDING_RATE_LIMIT = { max: 100_000, timeWindowMs: 60_000 };

export interface DemoOptions {
  /** Folder for the sandbox's JSON file and the service's PGlite database. */
  dataDir: string;
  host?: string;
  sandboxPort: number;
  servicePort: number;
  /** Seed the demo account when it is empty; false starts with an empty account. */
  seed: SeedOptions | false;
  /** Settings to store before setup runs (merged over what is stored). */
  settings?: Partial<Settings>;
  /** Environment the service reads its configuration from (PORT, URLs and data dir are set here). */
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Build the app first (npm start); tests build a copy of their own. */
  buildApp?: boolean;
  workerPollMs?: number;
  /** Another app manifest than the repository's (tests of the host with a fixture app). */
  manifestPath?: string;
  /** Where the built app pages are (tests build a fresh copy of their own). */
  assetsDir?: string;
}

export interface Demo {
  /** The one URL to open. */
  workspaceUrl: string;
  sandboxUrl: string;
  serviceUrl: string;
  sandbox: Sandbox;
  service: FastifyInstance;
  db: Database;
  config: Config;
  worker: OutboxWorker;
  app: AppInstallation | null;
  /** What was seeded before startDemo returned. */
  seeded: SeedSummary | null;
  /** The older weeks still being seeded (with `seed.foregroundDays`), or null. */
  seeding: BackgroundSeed | null;
  close(): Promise<void>;
}

/** A free TCP port on the host (tests start several environments side by side). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What a seed marker says (seeded.json): the partial flag and counts, when readable. */
function readMarker(file: string): { tickets: number; planned: number; partial: boolean } | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return {
      tickets: Number(data.tickets),
      planned: Number(data.planned ?? data.tickets),
      partial: data.partial === true,
    };
  } catch {
    return null;
  }
}

/** The workspace's note while the older weeks are seeded in the background; null when done. */
function seedingNote(background: BackgroundSeed | null): string | null {
  if (!background) return null;
  const { done, total } = background.progress();
  const number = new Intl.NumberFormat('en-US');
  return (
    `Demo data: ${number.format(done)} of ${number.format(total)} tickets seeded. The recent ` +
    'weeks are complete; older weeks are still arriving through the real solve → survey → answer ' +
    'flow, so 30- and 90-day figures grow for a few minutes.'
  );
}

/**
 * Brings the whole product up on one machine: the sandbox Zendesk with its agent workspace, the
 * CES service on PGlite with its outbox worker, setup run against the sandbox, and the demo data.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const sandboxUrl = `http://localhost:${options.sandboxPort}`;
  mkdirSync(options.dataDir, { recursive: true });
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    // The sandbox has no account limit unless a test sets one: the demo need not save calls.
    ZENDESK_REQUESTS_PER_MINUTE: '6000',
    ...options.env,
    NODE_ENV: 'development',
    HOST: host,
    PORT: String(options.servicePort),
    PUBLIC_URL: `http://localhost:${options.servicePort}`,
    ZENDESK_API_URL: `http://${host}:${options.sandboxPort}`,
    ZENDESK_EMAIL: SANDBOX_ADMIN_EMAIL,
    ZENDESK_API_TOKEN: SANDBOX_API_TOKEN,
    CES_DATA_DIR: path.join(options.dataDir, 'pglite'),
    // The service serves the app's pages from the build the sandbox installs.
    CES_APP_DIR: options.assetsDir ?? APP_ASSETS_DIR,
    CES_WORKER: 'false',
  });
  if (options.buildApp) buildZendeskApp(log);
  let seedingInBackground: BackgroundSeed | null = null;

  const sandbox = await buildSandbox({
    stateFile: path.join(options.dataDir, 'sandbox.json'),
    timeZone: sandboxTimeZoneFromEnv(),
  });
  const app = demoAppInstallation(
    config,
    options.manifestPath ?? APP_MANIFEST,
    options.assetsDir ?? APP_ASSETS_DIR,
  );
  await sandbox.app.register(workspaceRoutes, {
    store: sandbox.store,
    subdomain: config.zendesk.subdomain,
    app,
    appSigner: sandbox.appSigner,
    demoNote: () => seedingNote(seedingInBackground),
    zendesk: {
      apiUrl: config.zendesk.apiUrl,
      authorization: authorizationHeader({
        email: SANDBOX_ADMIN_EMAIL,
        apiToken: SANDBOX_API_TOKEN,
      }),
    },
  });
  await sandbox.app.listen({ host, port: options.sandboxPort });

  const marker = path.join(options.dataDir, 'seeded.json');
  const seeding = options.seed !== false && !existsSync(marker);
  const seededEarlier = seeding ? null : readMarker(marker);
  const ownAddresses = seeding && (await loopbackRangeWorks());
  if (seeding && !ownAddresses) {
    log(
      'Only 127.0.0.1 exists here: the survey pages allow more requests per address while seeding.',
    );
  }
  const db = await openDatabase(config);
  const service = await buildApp({
    config,
    db,
    ...(seeding && !ownAddresses ? { surveyRateLimit: SEEDING_RATE_LIMIT } : {}),
  });
  await service.listen({ host, port: options.servicePort });
  const worker = createOutboxService(config, db, {
    logger: service.log,
    pollIntervalMs: options.workerPollMs ?? 200,
  });
  worker.start();
  // As the service does at start: the comment retention sweep lives in the outbox.
  await scheduleCommentSweep(db);
  await scheduleDigestSweep(db);

  const close = async () => {
    const background = seedingInBackground;
    seedingInBackground = null;
    background?.stop();
    await worker.stop();
    await service.close();
    await sandbox.app.close();
    await db.close();
  };

  try {
    // Settings first: setup writes the company name into the email and question texts.
    if (options.settings) {
      const current = await getSettings(db);
      await saveSettings(db, { ...current, ...options.settings });
    }
    const setup = await applySetup(
      { db, config, zendesk: zendeskClientFromConfig(config, {}, db) },
      { repair: true, dryRun: false },
    );
    if (!setup.ok) throw new Error('Setup could not bring the sandbox Zendesk to what CES needs.');
    if (setup.writes > 0) log(`Setup: ${setup.writes} changes sent to the sandbox Zendesk.`);

    // The demo's chat alerts go to the workspace's receiver page unless an address is set: once
    // the seeded history is in, so the page shows what the visitor does, not months of history.
    const routeChatToReceiver = async () => {
      const stored = await getSettings(db);
      if (stored.alerts.chatWebhookUrl !== '') return;
      await saveSettings(db, {
        ...stored,
        alerts: { ...stored.alerts, chatWebhookUrl: `${sandboxUrl}/workspace/chat-receiver` },
      });
    };
    /** True while the history is still arriving in the background: the chat waits for it. */
    let chatAfterSeed = false;

    let seeded: SeedSummary | null = null;
    if (options.seed && seeding) {
      if (sandbox.store.tickets.list().length > 0) {
        throw new Error(
          `Seeding was interrupted last time (${options.dataDir} holds part of the data): run \`npm run reset\`.`,
        );
      }
      log(`Seeding ${options.seed.tickets} tickets through the real solve → survey → answer flow…`);
      const run = await seedDemo({ store: sandbox.store, db, ownAddresses, log }, options.seed);
      seeded = run.summary;
      const mark = (summary: SeedSummary, partial: boolean) =>
        writeFileSync(
          marker,
          JSON.stringify(
            { ...summary, planned: run.planned, partial, at: new Date().toISOString() },
            null,
            2,
          ),
        );
      mark(seeded, run.background !== null);
      const background = run.background;
      chatAfterSeed = background !== null;
      if (background) {
        seedingInBackground = background;
        void background.done.then(
          async (summary) => {
            seedingInBackground = null;
            try {
              mark(summary, false);
            } catch {
              log(
                `Could not record the finished seed in ${marker}: the next start says it is partial.`,
              );
            }
            // Stopped in the meantime: the next start routes it.
            await routeChatToReceiver().catch(() => undefined);
            log(
              `Seeded the older weeks too: ${summary.tickets} tickets (${summary.seconds} s). ` +
                "Chat alerts now reach the workspace's Chat receiver.",
            );
          },
          (error: unknown) => {
            if (seedingInBackground === null) return;
            seedingInBackground = null;
            log(
              `Seeding the older weeks stopped: ${error instanceof Error ? error.message : String(error)} ` +
                '(`npm run reset` starts again from nothing).',
            );
          },
        );
      }
    } else if (seededEarlier?.partial) {
      log(
        `The demo holds ${seededEarlier.tickets} of ${seededEarlier.planned} planned tickets: seeding was ` +
          'stopped last time. `npm run reset` seeds them all.',
      );
    }
    if (!chatAfterSeed) await routeChatToReceiver();
    return {
      workspaceUrl: `${sandboxUrl}/workspace/tickets`,
      sandboxUrl,
      serviceUrl: config.publicUrl,
      sandbox,
      service,
      db,
      config,
      worker,
      app,
      seeded,
      get seeding() {
        return seedingInBackground;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new ConfigError(name, `is "${raw}": set it to a port number, e.g. ${name}=${fallback}.`);
  }
  return value;
}

/** `npm start` (keeps data in .data/) and `npm run reset` (`--reset`: starts from nothing). */
async function main(argv: string[]): Promise<void> {
  const dataDir = path.resolve(process.env.DEMO_DATA_DIR ?? path.join(ROOT, '.data'));
  if (argv.includes('--reset')) {
    for (const entry of ['sandbox.json', 'pglite', 'seeded.json']) {
      rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    }
    console.log(`Removed the demo data in ${dataDir}: starting fresh.`);
  }
  const started = Date.now();
  const demo = await startDemo({
    dataDir,
    sandboxPort: port('SANDBOX_PORT', 3001),
    servicePort: port('PORT', 3000),
    seed: {
      tickets: Number(process.env.DEMO_TICKETS ?? 2400),
      days: 90,
      concurrency: 48,
      // The last two weeks before "Ready", the older ones in the background: the first screen with
      // data comes within a minute, still through the real flow.
      foregroundDays: 14,
      backgroundConcurrency: 96,
    },
    // The demo writes answers back 10 s after the customer's last change (default 2 minutes).
    settings: { companyName: 'Acme', quietPeriodSeconds: 10 },
    env: process.env,
    log: (line) => console.log(line),
    buildApp: true,
  });
  if (demo.seeded) {
    const s = demo.seeded;
    console.log(
      `Seeded ${s.tickets} solved tickets: ${s.surveys} surveys, ${s.answers} answers, ${s.skips} skipped, ` +
        `${s.closedBeforeWriteBack} closed before write-back (${s.seconds} s).`,
    );
  }
  if (!demo.app) console.log('The app is not built: the workspace will say how to build it.');
  console.log(
    `\nReady in ${Math.round((Date.now() - started) / 1000)} s. Open ${demo.workspaceUrl}\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else console.error('The demo could not start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
