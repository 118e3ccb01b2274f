import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { openDatabase } from './db/open.js';
import { scheduleCommentSweep } from './outbox/jobs/erase-old-comments.js';
import { scheduleDigestSweep } from './outbox/jobs/send-weekly-digests.js';
import { createOutboxService } from './outbox/outbox-service.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const db = await openDatabase(config);
  const app = await buildApp({ config, db });
  await app.listen({ host: config.host, port: config.port });
  console.log(`CES service listening on ${config.publicUrl} (database: ${db.driver})`);
  const worker = config.worker ? createOutboxService(config, db, { logger: app.log }) : null;
  // The comment retention sweep lives in the outbox: scheduled once, it survives restarts.
  if (worker) await scheduleCommentSweep(db);
  if (worker) await scheduleDigestSweep(db);
  worker?.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // The running job finishes first; claimed ones go back to the queue for the next start.
    await worker?.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('The CES service could not start:', error);
  process.exit(1);
});
