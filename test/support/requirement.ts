/**
 * Tests that need something outside the repository (third-party models, a WebGPU adapter) go
 * through `requirement`: when it is met the suite runs; when it is not, outside CI the suite is
 * skipped and ONE line saying why is printed; under `CI=true` nothing may skip for a missing
 * requirement, so the test file fails to load with the reason instead.
 */
import { describe, it } from 'vitest';

export interface Requirement {
  /** True when the requirement is met and the gated tests run. */
  readonly ok: boolean;
  /** Why the gated tests are skipped (only when `ok` is false). */
  readonly reason?: string;
  /** `describe` when met, a skipping `describe` otherwise. */
  readonly describe: SuiteApi;
  /** `it` when met, a skipping `it` otherwise. */
  readonly it: TestApi;
}

/** True when the tests run under CI (`CI=true` or `CI=1`), where nothing may skip for a missing requirement. */
export const inCi = (): boolean => /^(true|1)$/i.test(process.env.CI ?? '');

type SuiteApi = ReturnType<typeof describe.skipIf>;
type TestApi = ReturnType<typeof it.skipIf>;
const gated = (skip: boolean): { describe: SuiteApi; it: TestApi } => ({ describe: describe.skipIf(skip), it: it.skipIf(skip) });

const printed = new Set<string>();

/** Prints `[skipped] <what>: <reason>` once per process (the one line a skip owes the reader). */
export function logSkip(what: string, reason: string): void {
  const line = `[skipped] ${what}: ${reason}`;
  if (printed.has(line)) return;
  printed.add(line);
  console.warn(line);
}

/**
 * @param what  the tests gated (printed in the skip line), e.g. 'MNIST zoo model tests'
 * @param reason  undefined when the requirement is met, else why not (names the folder, tool or env var)
 * @example const zoo = requirement('zoo tests', missingShared('models/zoo-light')); zoo.describe('...', () => { ... });
 */
export function requirement(what: string, reason: string | undefined): Requirement {
  if (reason === undefined) return { ok: true, ...gated(false) };
  if (inCi()) throw new Error(`${what} cannot run under CI=true: ${reason}`);
  logSkip(what, reason);
  return { ok: false, reason, ...gated(true) };
}

/**
 * A skip that is not for a missing requirement (an opt-in suite, another platform): prints its one
 * line when skipping, and stays allowed under CI.
 */
export function optional(what: string, reason: string | undefined): Requirement {
  if (reason === undefined) return { ok: true, ...gated(false) };
  logSkip(what, reason);
  return { ok: false, reason, ...gated(true) };
}
