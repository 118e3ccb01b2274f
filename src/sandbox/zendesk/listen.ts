import type { AddressInfo } from 'node:net';
import { buildSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';

export interface RunningSandbox extends Sandbox {
  /** e.g. http://127.0.0.1:41234 — what the service's ZENDESK_API_URL points at. */
  url: string;
  close(): Promise<void>;
}

/** Builds the sandbox and listens on a real port (0 = any free port): what tests and main use. */
export async function listenSandbox(
  options: SandboxOptions & { port?: number; host?: string } = {},
): Promise<RunningSandbox> {
  const sandbox = await buildSandbox(options);
  await sandbox.app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = sandbox.app.server.address() as AddressInfo;
  return {
    ...sandbox,
    url: `http://${address.address}:${address.port}`,
    close: () => sandbox.app.close(),
  };
}
