/**
 * Starts a resource before a describe block's tests and closes it after them, so a suite names
 * what it needs in one line instead of repeating the same beforeAll/afterAll pair. Read it inside
 * tests and hooks; before it has started the getter throws rather than hand out `undefined`.
 */
export function startedForSuite<T>(
  what: string,
  start: () => Promise<T>,
  close: (resource: T) => Promise<void>,
  startTimeoutMs?: number,
): () => T {
  let resource: T | undefined;
  beforeAll(async () => {
    resource = await start();
  }, startTimeoutMs);
  afterAll(async () => {
    // A start that failed leaves nothing to close; its own error is the one jest reports.
    if (resource !== undefined) await close(resource);
  });
  return () => {
    if (resource === undefined) throw new Error(`${what} has not started (read it inside a test)`);
    return resource;
  };
}
