/**
 * Seeded, bounded fuzzing helpers: how many cases a run makes (default, or `pnpm fuzz`'s full run
 * with AXPLAIN_FUZZ=full), and the oracle every case must satisfy: a correct result or a typed
 * error (an AxplainError subclass) with a clear message, within a time bound.
 */
import { AxplainError } from '@axplain/core';

/** True under `pnpm fuzz` (AXPLAIN_FUZZ=full): ten times the default case counts. */
export const fullFuzz = (): boolean => process.env.AXPLAIN_FUZZ === 'full';
export const runs = (n: number): number => (fullFuzz() ? 10 * n : n);
/** The fixed seed of the default run; `pnpm fuzz` may pass AXPLAIN_FUZZ_SEED to explore others. */
export const fuzzSeed = (fallback: number): number => Number(process.env.AXPLAIN_FUZZ_SEED ?? fallback);

export interface Outcome { kind: 'ok' | 'typed-error'; code?: string; ms: number }

/**
 * Runs one case: resolves to 'ok' or 'typed-error'; anything else (another error type, an empty
 * message, longer than `maxMs`) throws with the case's label so fast-check shrinks and reports it.
 */
export async function oracle(label: string, fn: () => unknown, maxMs: number): Promise<Outcome> {
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    await fn();
    outcome = { kind: 'ok', ms: performance.now() - t0 };
  } catch (e) {
    if (!AxplainError.isInstance(e)) throw new Error(`${label}: untyped ${(e as Error)?.constructor?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`);
    if (!e.message || e.message.length < 10) throw new Error(`${label}: typed error with an unclear message '${e.message}'`);
    outcome = { kind: 'typed-error', code: (e as AxplainError).code, ms: performance.now() - t0 };
  }
  if (outcome.ms > maxMs) throw new Error(`${label}: took ${outcome.ms.toFixed(0)} ms (bound ${maxMs} ms)`);
  return outcome;
}

/** Counts outcomes per mutation kind, for the one summary line a fuzz test prints. */
export class Tally {
  private readonly counts = new Map<string, { ok: number; typed: number }>();
  add(kind: string, o: Outcome): void {
    const c = this.counts.get(kind) ?? { ok: 0, typed: 0 };
    if (o.kind === 'ok') c.ok++; else c.typed++;
    this.counts.set(kind, c);
  }
  get total(): number { return [...this.counts.values()].reduce((a, c) => a + c.ok + c.typed, 0); }
  kinds(): string[] { return [...this.counts.keys()].sort(); }
  summary(what: string): string {
    const parts = this.kinds().map((k) => { const c = this.counts.get(k)!; return `${k} ${c.ok + c.typed} (${c.typed} typed errors)`; });
    return `[fuzz] ${what}: ${this.total} cases: ${parts.join(', ')}`;
  }
}
