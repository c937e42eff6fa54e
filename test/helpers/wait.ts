/**
 * Waits until `check` returns something truthy (a value, or true) and returns
 * it; fails after `timeoutMs`. For work that finishes in the background
 * (queued jobs, acknowledged platform events), never for timing claims.
 */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
