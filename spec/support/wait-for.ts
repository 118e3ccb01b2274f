/**
 * The one way tests wait: for a state, never for a time. Polls `probe` until it gives a truthy
 * value and resolves with it. A probe that throws is tried again (a server still starting, a
 * database still in use), and the last error is named if time runs out.
 *
 * The default of 20 s is generous on purpose: on a loaded machine (load 8+ on 2 cores, as in CI)
 * a state arrives late, and a wait for a state costs nothing when it arrives early.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
