import type { AddressInfo } from 'node:net';
import {
  buildSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../../src/sandbox/zendesk/sandbox.js';
import type { RequestLogEntry } from '../../../src/sandbox/zendesk/routes/context.js';
import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../../src/sandbox/zendesk/store.js';
import {
  createZendeskClient,
  type ZendeskClient,
  type ZendeskClientOptions,
} from '../../../src/server/zendesk/index.js';

/** A sandbox Zendesk listening on a real port, for tests that talk to it over HTTP. */
export interface RunningSandbox {
  sandbox: Sandbox;
  url: string;
  /** Requests that could change something (everything but GET), in the order they came. */
  writes(): RequestLogEntry[];
  close(): Promise<void>;
}

export async function startSandbox(
  options: SandboxOptions = {},
  /** Runs before the sandbox listens (e.g. to add a hook). */
  prepare?: (sandbox: Sandbox) => void,
): Promise<RunningSandbox> {
  const sandbox = await buildSandbox(options);
  prepare?.(sandbox);
  await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = sandbox.app.server.address() as AddressInfo;
  return {
    sandbox,
    url: `http://127.0.0.1:${port}`,
    writes: () => sandbox.requests.filter((r) => r.method !== 'GET'),
    close: () => sandbox.app.close(),
  };
}

/** A client for the sandbox's admin, with short waits so fault tests stay fast. */
export function sandboxClient(
  url: string,
  overrides: Partial<Omit<ZendeskClientOptions, 'baseUrl' | 'auth'>> = {},
): ZendeskClient {
  return createZendeskClient({
    baseUrl: url,
    auth: { email: SANDBOX_ADMIN_EMAIL, apiToken: SANDBOX_API_TOKEN },
    timeoutMs: 5000,
    maxRetries: 2,
    baseBackoffMs: 20,
    maxBackoffMs: 100,
    ...overrides,
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a state (spec/support/wait-for.ts), re-exported for the loop tests. */
export { waitFor } from '../../support/wait-for.js';
