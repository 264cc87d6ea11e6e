// Polls a condition until it holds: tests wait for outcomes, never for fixed sleeps. A probe that throws is retried
// (the thing may not be up yet), unless it throws GiveUp: then waiting is pointless (e.g. the process has exited).
export class GiveUp extends Error {}

type Probe<T> = () => Promise<T | null | undefined | false> | T | null | undefined | false;

export async function waitFor<T>(what: string, probe: Probe<T>, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw new Error(`gave up waiting for ${what}: ${error.message}`);
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
  );
}
