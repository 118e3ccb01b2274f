import { listenSandbox, type RunningSandbox } from '../../../src/sandbox/zendesk/listen.js';
import { startedForSuite } from '../../support/suite-resource.js';

/** One sandbox on a real port for a describe block: listening before its tests, closed after. */
export function sandboxForSuite(
  options: Parameters<typeof listenSandbox>[0] = {},
): () => RunningSandbox {
  return startedForSuite(
    'the sandbox',
    () => listenSandbox(options),
    (sandbox) => sandbox.close(),
  );
}

/** Resets the sandbox and adds the two people most ticket tests need: a Dutch customer, an agent. */
export async function resetWithRequesterAndAgent(
  sandbox: RunningSandbox,
): Promise<{ requesterId: number; agentId: number }> {
  await sandbox.reset();
  const requesterId = sandbox.store.users.create({
    name: 'Noor',
    email: 'noor@example.com',
    locale: 'nl',
  }).id;
  const agentId = sandbox.store.users.create({
    name: 'Alex Agent',
    email: 'alex@example.com',
    role: 'agent',
  }).id;
  return { requesterId, agentId };
}
