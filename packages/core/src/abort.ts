/** Cooperative cancellation: long-running methods check their `signal` between model calls. */

/** Throws an Error named 'AbortError' ("<what> aborted") when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'operation'): void {
  if (!signal?.aborted) return;
  const e = new Error(`${what} aborted`);
  e.name = 'AbortError';
  throw e;
}
