import path from 'node:path';
import { buildSandbox } from './sandbox.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from './store.js';
import { sandboxTimeZoneFromEnv } from './store/time-zone.js';

/** Runs the sandbox Zendesk alone: SANDBOX_PORT (3001), SANDBOX_STATE_FILE (or "none"). */
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `SANDBOX_PORT is "${process.env.SANDBOX_PORT}": use a port number such as 3001.`,
    );
  }
  const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
  const rawState = process.env.SANDBOX_STATE_FILE ?? '.data/sandbox-zendesk.json';
  const stateFile = rawState === 'none' ? null : path.resolve(rawState);
  const { app } = await buildSandbox({
    stateFile,
    logger: process.env.SANDBOX_LOG === 'true',
    timeZone: sandboxTimeZoneFromEnv(),
  });
  await app.listen({ port, host });
  console.log(
    `Sandbox Zendesk on http://${host}:${port} (API user ${SANDBOX_ADMIN_EMAIL}/token:${SANDBOX_API_TOKEN}; state: ${stateFile ?? 'memory only'})`,
  );
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('The sandbox Zendesk could not start:', error);
  process.exit(1);
});
